/**
 * The probe's settings from the environment. Probing costs money (a few tokens per target per
 * run), so there are no targets by default: `SWITCHYARD_PROBE_TARGETS` names them, as clients
 * write model names (`gpt-4o-mini,anthropic/claude-haiku-4-5`).
 */
import { ConfigError, type Environment } from '../config/load-config.ts';

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
  const names = (env[PROBE_TARGETS_VARIABLE] ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return {
    targetNames: [...new Set(names)],
    timeoutMs: readPositiveInt(env, 'SWITCHYARD_PROBE_TIMEOUT_MS', 20_000),
    intervalMs: readPositiveInt(env, 'SWITCHYARD_PROBE_INTERVAL_MS', 60_000),
  };
}

function readPositiveInt(env: Environment, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new ConfigError(`${name} must be a positive integer, got '${raw}'.`);
  return value;
}
