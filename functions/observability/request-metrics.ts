/**
 * The gateway's per-request metrics, published where the request log line is written (for a
 * stream, when it ends). One EMF document a request, under three dimension sets:
 *
 * - `service, statusClass`: every request (traffic and error rate; latency by status class);
 * - `service, provider`: requests a provider served (per-provider latency percentiles, tokens);
 * - `service, provider, model, statusClass`: the detail.
 *
 * `Requests` (Count), `Latency` (Milliseconds, to the end of a stream), and when the usage is known
 * `InputTokens`, `OutputTokens`, `CachedInputTokens` (Count). An upstream failure also publishes
 * `UpstreamErrors` (Count) under `service, provider, errorCode`, a document of its own.
 *
 * Cardinality stays bounded: no request ids or client values; `model` is the provider's model
 * name only when the catalog lists it (else `other`), error codes are the gateway's own.
 */
import type { CatalogModel } from '../catalog/catalog-schema.ts';
import type { Usage } from '../core/stream-event.ts';
import { upstreamErrorCode } from '../providers/upstream/upstream-errors.ts';
import { MetricUnit, type MetricsPublisher } from './metrics.ts';

export interface RequestOutcome {
  status: number;
  provider: string | undefined;
  model: string | undefined;
  latencyMs: number;
  usage: Usage | undefined;
  error: unknown;
}

/** The value of the `model` dimension for a model no catalog entry names. */
export const OTHER_MODEL = 'other';

export type RequestMetrics = (outcome: RequestOutcome) => void;

export function createRequestMetrics(metrics: MetricsPublisher, catalog: { models: readonly Pick<CatalogModel, 'id'>[] }): RequestMetrics {
  if (!metrics.enabled) return () => {};
  const catalogIds = new Set(catalog.models.map((model) => model.id));
  const modelDimension = (provider: string, model: string | undefined) =>
    model !== undefined && catalogIds.has(`${provider}/${model}`) ? model : OTHER_MODEL;

  return ({ status, provider, model, latencyMs, usage, error }) =>
    metrics.publish((emf) => {
      const statusClass = `${Math.floor(status / 100)}xx`;
      emf.addDimensions({ statusClass });
      if (provider) {
        emf.addDimensions({ provider });
        emf.addDimensions({ provider, model: modelDimension(provider, model), statusClass });
      }
      emf.addMetric('Requests', MetricUnit.Count, 1);
      emf.addMetric('Latency', MetricUnit.Milliseconds, latencyMs);
      if (usage) {
        emf.addMetric('InputTokens', MetricUnit.Count, usage.inputTokens);
        emf.addMetric('OutputTokens', MetricUnit.Count, usage.outputTokens);
        emf.addMetric('CachedInputTokens', MetricUnit.Count, usage.cachedInputTokens ?? 0);
      }
      const errorCode = upstreamErrorCode(error);
      if (errorCode && provider) {
        emf.singleMetric().addDimensions({ provider, errorCode }).addMetric('UpstreamErrors', MetricUnit.Count, 1);
      }
    });
}
