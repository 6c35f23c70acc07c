/**
 * The probe's settings from the environment. Probing costs money (a few tokens per target per
 * run), so there are no targets by default: `SWITCHYARD_PROBE_TARGETS` names them, as clients
 * write model names (`gpt-4o-mini,anthropic/claude-haiku-4-5`).
 */
import { readList, readPositiveInt, type Environment } from '../config/read-environment.ts';

export const PROBE_TARGETS_VARIABLE = 'SWITCHYARD_PROBE_TARGETS';

export interface ProbeSettings {
  /** Model names as clients write them, deduplicated, in the order given. */
  targetNames: readonly string[];
  /** The longest a probe of one target may take, from sending to the end of the answer. */
  timeoutMs: number;
  /** Between two runs of `npm start`'s probe timer (the stack's schedule is every minute). */
  intervalMs: number;
}

export function readProbeSettings(env: Environment): ProbeSettings {
  return {
    targetNames: [...new Set(readList(env, PROBE_TARGETS_VARIABLE))],
    timeoutMs: readPositiveInt(env, 'SWITCHYARD_PROBE_TIMEOUT_MS', 20_000),
    intervalMs: readPositiveInt(env, 'SWITCHYARD_PROBE_INTERVAL_MS', 60_000),
  };
}
