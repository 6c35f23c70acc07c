/**
 * The probe: what the scheduled Lambda (functions/probe.ts) and `npm start`'s timer run. Created
 * once (a cold start): the targets are resolved and checked then, and the log says which are
 * probed, which are skipped and why, or that nothing is probed. Each run probes every target once
 * and records the samples in one batch of health-table updates, and publishes `ProbeSamples`
 * (Count) by `target` and `outcome`, one EMF line a sample.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Dispatcher } from 'undici';
import { createModelResolver } from '../catalog/resolve-model.ts';
import { createChatService } from '../chat/chat-service.ts';
import type { GatewayConfig } from '../config/load-config.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import { createMetrics, METRICS_SERVICES, MetricUnit, type MetricsPublisher } from '../observability/metrics.ts';
import { HEALTH_OUTCOMES, type HealthOutcome } from './health-sample.ts';
import { probeOnce } from './probe-once.ts';
import { PROBE_TARGETS_VARIABLE, type ProbeSettings } from './probe-settings.ts';
import { planProbeTargets, type ProbeTarget } from './probe-targets.ts';
import { recordHealthSamples } from './record-health-samples.ts';

export interface ProbeDeps {
  config: GatewayConfig;
  settings: Pick<ProbeSettings, 'targetNames' | 'timeoutMs'>;
  logger: GatewayLogger;
  /** The health table's client and name. */
  client: DynamoDBDocumentClient;
  tableName: string;
  dispatcher?: Dispatcher;
  /** Where probe metrics go; by default EMF through Powertools, on in Lambda only. */
  metrics?: MetricsPublisher;
}

export interface ProbeRunSummary {
  targets: number;
  samples: number;
  outcomes: Partial<Record<HealthOutcome, number>>;
  /** Health items updated (one per target and minute). */
  items: number;
}

export interface Probe {
  readonly targets: readonly ProbeTarget[];
  /** Probes every target once and records the samples; throws only when recording fails. */
  run(signal?: AbortSignal): Promise<ProbeRunSummary>;
}

/** What the log says when there is nothing to probe. */
export const NO_PROBE_TARGETS_MESSAGE = `probe: no targets, nothing is probed (set ${PROBE_TARGETS_VARIABLE} to model names; each probe costs a few tokens)`;

export function createProbe(deps: ProbeDeps): Probe {
  const { config, settings, logger } = deps;
  const resolver = createModelResolver(config.catalog);
  const plan = planProbeTargets(settings.targetNames, config, resolver);
  for (const { name, reason } of plan.skipped) logger.warn(`probe: skipping '${name}': ${reason}`);
  if (plan.targets.length > 0) {
    logger.info(`probe: ${plan.targets.length} target(s)`, { targets: plan.targets.map((target) => target.target), timeoutMs: settings.timeoutMs });
  } else {
    logger.info(NO_PROBE_TARGETS_MESSAGE);
  }

  // A probe waits no longer than its own deadline, whatever the gateway allows a request.
  const chats = createChatService({
    config: { ...config, upstreamTimeoutMs: Math.min(config.upstreamTimeoutMs, settings.timeoutMs) },
    resolver,
    logger,
    ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
  });

  const metrics = deps.metrics ?? createMetrics({ service: METRICS_SERVICES.probe, logger });

  return {
    targets: plan.targets,
    async run(signal) {
      if (plan.targets.length === 0) return { targets: 0, samples: 0, outcomes: {}, items: 0 };
      const samples = await probeOnce(plan.targets, { chats, logger, timeoutMs: settings.timeoutMs, ...(signal ? { signal } : {}) });
      // Targets are the operator's list (SWITCHYARD_PROBE_TARGETS): the dimension stays bounded.
      for (const { target, outcome } of samples) {
        metrics.publish((emf) => {
          emf.addDimensions({ target, outcome });
          emf.addMetric('ProbeSamples', MetricUnit.Count, 1);
        });
      }
      const { items } = await recordHealthSamples(samples, { client: deps.client, tableName: deps.tableName });
      const outcomes: Partial<Record<HealthOutcome, number>> = {};
      for (const outcome of HEALTH_OUTCOMES) {
        const count = samples.filter((sample) => sample.outcome === outcome).length;
        if (count > 0) outcomes[outcome] = count;
      }
      const summary = { targets: plan.targets.length, samples: samples.length, outcomes, items };
      logger.info('probe: run recorded', { ...summary });
      return summary;
    },
  };
}
