/**
 * What callbacks need from the deployment: the signing secret (`SWITCHYARD_CALLBACK_SECRET`, in
 * the deployment's secret beside the provider keys), and whether receivers on loopback are
 * allowed (development and tests only; where callbacks may go is callback-url.ts).
 */
import { ConfigError, type Environment } from '../../config/load-config.ts';

export const CALLBACK_SECRET_VARIABLE = 'SWITCHYARD_CALLBACK_SECRET';

/** Shorter secrets are refused: the HMAC is only as strong as its key. */
const MIN_SECRET_LENGTH = 32;

export class CallbackSecretMissingError extends ConfigError {
  override name = 'CallbackSecretMissingError';
}

/** The configured secret, or undefined; a ConfigError when it is set but too short (never echoing it). */
export function readCallbackSecret(env: Environment): string | undefined {
  const secret = env[CALLBACK_SECRET_VARIABLE]?.trim();
  if (!secret) return undefined;
  if (secret.length < MIN_SECRET_LENGTH) throw new ConfigError(`${CALLBACK_SECRET_VARIABLE} must be at least ${MIN_SECRET_LENGTH} characters long.`);
  return secret;
}

/** The secret, for a job that has a callback URL (the API checks this before accepting one). */
export function requireCallbackSecret(env: Environment): string {
  const secret = readCallbackSecret(env);
  if (!secret) {
    throw new CallbackSecretMissingError(
      `Callbacks are signed with ${CALLBACK_SECRET_VARIABLE}, which is not set: add it to the deployment's secret (a random string of ${MIN_SECRET_LENGTH} characters or more) to accept jobs with a callback_url.`,
    );
  }
  return secret;
}

/**
 * Callbacks to loopback (over http too), for receivers on this machine: only where NODE_ENV is
 * `development` or `test`, never in production (the stack sets NODE_ENV=production everywhere).
 */
export const allowsLoopbackCallbacks = (env: Environment): boolean => env.NODE_ENV === 'development' || env.NODE_ENV === 'test';
