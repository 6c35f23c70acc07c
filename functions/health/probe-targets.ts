/**
 * Which targets a probe run calls: each configured name resolved as a request would resolve it
 * (alias or `provider/model`), keyed by `provider/model` so that two names for one model are
 * probed once. Names of unknown models or of providers without a key are skipped, with a reason,
 * as are targets turned off in SWITCHYARD_PROBE_CONFIG; the others carry their own interval and
 * prompt from it, found by the name as configured or by `provider/model`.
 */
import type { ModelResolver } from '../catalog/resolve-model.ts';
import type { GatewayConfig } from '../config/load-config.ts';
import { CallError } from '../core/call-error.ts';
import { PROBE_CONFIG_VARIABLE, type ProbeConfig } from './probe-config.ts';

export interface ProbeTarget {
  /** The name as configured, sent as the request's `model`. */
  name: string;
  /** `provider/model`: what the samples are recorded under. */
  target: string;
  /** Its own interval between probes, when it has one. */
  everyMs?: number | undefined;
  /** Its own prompt, when it has one. */
  prompt?: string | undefined;
}

export interface ProbePlan {
  targets: ProbeTarget[];
  skipped: Array<{ name: string; reason: string }>;
  /** Keys of the per-target config that match no target (a typo, most likely). */
  unmatched: string[];
}

export function planProbeTargets(names: readonly string[], config: GatewayConfig, resolver: ModelResolver, probeConfig: ProbeConfig = {}): ProbePlan {
  const plan: ProbePlan = { targets: [], skipped: [], unmatched: [] };
  const matched = new Set<string>();
  const seen = new Set<string>();
  for (const name of names) {
    let resolved;
    try {
      resolved = resolver.resolve(name);
    } catch (error) {
      if (!(error instanceof CallError)) throw error;
      plan.skipped.push({ name, reason: error.message });
      continue;
    }
    const provider = config.providers.get(resolved.provider.id);
    if (!provider?.configured) {
      plan.skipped.push({ name, reason: `the provider '${resolved.provider.id}' is not configured (set ${provider?.apiKeyVariable ?? 'its API key'})` });
      continue;
    }
    const target = `${resolved.provider.id}/${resolved.model}`;
    const key = name in probeConfig ? name : target in probeConfig ? target : undefined;
    if (key !== undefined) matched.add(key);
    if (seen.has(target)) continue;
    seen.add(target);
    const own = key === undefined ? undefined : probeConfig[key];
    if (own === 'off') {
      plan.skipped.push({ name, reason: `off in ${PROBE_CONFIG_VARIABLE}` });
      continue;
    }
    plan.targets.push({ name, target, ...(own?.everyMs ? { everyMs: own.everyMs } : {}), ...(own?.prompt ? { prompt: own.prompt } : {}) });
  }
  plan.unmatched = Object.keys(probeConfig).filter((key) => !matched.has(key));
  return plan;
}
