/** Typed reads of environment variables, with errors that name the variable. */
export type Environment = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function readPositiveInt(env: Environment, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value <= 0) throw new ConfigError(`${name} must be a positive integer, got '${raw}'.`);
  return value;
}

/** A TCP port to listen on: 0 (any free one) to 65535. */
export function readPort(env: Environment, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) throw new ConfigError(`${name} must be a port number from 0 (any free port) to 65535, got '${raw}'.`);
  return value;
}

/** A comma-separated list, trimmed, without empty entries. */
export const readList = (env: Environment, name: string): string[] =>
  (env[name] ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
