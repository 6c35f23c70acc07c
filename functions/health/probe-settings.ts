/**
 * The probe's settings from the environment. Probing costs money (a few tokens per target per
 * run), so there are no targets by default: `SWITCHYARD_PROBE_TARGETS` names them, as clients
 * write model names (`gpt-4o-mini,anthropic/claude-haiku-4-5`); `SWITCHYARD_PROBE_CONFIG` may
 * turn some off or give them their own interval and prompt (probe-config.ts).
 */
import { readList, readPositiveInt, type Environment } from '../config/read-environment.ts';
import { readProbeConfig, type ProbeConfig } from './probe-config.ts';

export const PROBE_TARGETS_VARIABLE = 'SWITCHYARD_PROBE_TARGETS';
export const DEFAULT_PROBE_EVERY_MS = 10_000;

export interface ProbeSettings {
  /** Model names as clients write them, deduplicated, in the order given. */
  targetNames: readonly string[];
  /** The longest a probe of one target may take, from sending to the end of the answer. */
  timeoutMs: number;
  /**
   * Between two rounds (every target due is probed once a round): within each scheduled Lambda
   * invocation, and on `npm start`'s timer.
   */
  everyMs: number;
  /** Per-target overrides. */
  targets: ProbeConfig;
}

export function readProbeSettings(env: Environment): ProbeSettings {
  return {
    targetNames: [...new Set(readList(env, PROBE_TARGETS_VARIABLE))],
    timeoutMs: readPositiveInt(env, 'SWITCHYARD_PROBE_TIMEOUT_MS', 20_000),
    everyMs: readPositiveInt(env, 'SWITCHYARD_PROBE_EVERY_MS', DEFAULT_PROBE_EVERY_MS),
    targets: readProbeConfig(env),
  };
}
