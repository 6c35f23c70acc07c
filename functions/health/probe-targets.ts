/**
 * Which targets a probe run calls: each configured name resolved as a request would resolve it
 * (alias or `provider/model`), keyed by `provider/model` so that two names for one model are
 * probed once. Names of unknown models or of providers without a key are skipped, with a reason.
 */
import type { ModelResolver } from '../catalog/resolve-model.ts';
import type { GatewayConfig } from '../config/load-config.ts';
import { GatewayError } from '../http/gateway-error.ts';

export interface ProbeTarget {
  /** The name as configured, sent as the request's `model`. */
  name: string;
  /** `provider/model`: what the samples are recorded under. */
  target: string;
}

export interface ProbePlan {
  targets: ProbeTarget[];
  skipped: Array<{ name: string; reason: string }>;
}

export function planProbeTargets(names: readonly string[], config: GatewayConfig, resolver: ModelResolver): ProbePlan {
  const plan: ProbePlan = { targets: [], skipped: [] };
  const seen = new Set<string>();
  for (const name of names) {
    let resolved;
    try {
      resolved = resolver.resolve(name);
    } catch (error) {
      if (!(error instanceof GatewayError)) throw error;
      plan.skipped.push({ name, reason: error.message });
      continue;
    }
    const provider = config.providers.get(resolved.provider.id);
    if (!provider?.configured) {
      plan.skipped.push({ name, reason: `the provider '${resolved.provider.id}' is not configured (set ${provider?.apiKeyVariable ?? 'its API key'})` });
      continue;
    }
    const target = `${resolved.provider.id}/${resolved.model}`;
    if (seen.has(target)) continue;
    seen.add(target);
    plan.targets.push({ name, target });
  }
  return plan;
}
