/**
 * What to do after a failed attempt, and how long to wait before the next one.
 *
 * - retry (the same target, after a backoff): a rate limit (429), a provider 5xx, a timeout, an
 *   unreachable provider, a stream that broke before any content; but not after a `retry-after`
 *   longer than the route affords (see `maxProviderWaitMs`), when the next target is tried at once;
 * - next (another target at once): the target cannot serve this request — the provider refused
 *   our credentials or does not know the model (401, 403, 404), or its adapter cannot express a
 *   parameter (a 400 raised before sending) that another provider may;
 * - stop: the request itself is wrong (a provider's 400, 413, 422), or the client left.
 */
import { CallError } from '../core/call-error.ts';

export type FailureDisposition = 'retry' | 'next' | 'stop';

export interface RetrySettings {
  /** Attempts at one target before failing over (the first included). */
  attemptsPerTarget: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /**
   * The longest `retry-after` worth sleeping on: a provider that asks for more is left at once for
   * the next target, or its 429 (with that `retry-after`) goes to the client, who decides.
   */
  maxProviderWaitMs: number;
}

/**
 * 2 s as the longest provider wait: a wait of a second or two is a burst limit refilling, worth
 * sleeping on; a longer one is a quota window (Gemini's per-minute quota asks for up to 60 s),
 * where a retry any sooner fails again and the sleep would outlast many clients' own timeouts.
 */
export const DEFAULT_RETRY_SETTINGS: RetrySettings = { attemptsPerTarget: 2, baseDelayMs: 200, maxDelayMs: 4_000, maxProviderWaitMs: 2_000 };

const RETRYABLE_CODES = new Set(['upstream_timeout', 'upstream_unreachable', 'upstream_stream_incomplete', 'upstream_bad_response']);

export function failureDisposition(error: unknown): FailureDisposition {
  if (!(error instanceof CallError)) return 'stop';
  if (error.code === 'client_closed_request') return 'stop';
  if (error.code !== null && RETRYABLE_CODES.has(error.code)) return 'retry';
  if (!error.upstream) return error.status === 400 ? 'next' : 'stop';
  if (error.status === 429 || error.status >= 500) return 'retry';
  if (error.status === 401 || error.status === 403 || error.status === 404) return 'next';
  return 'stop';
}

/** The wait the provider asked for, in ms: the exact seconds it gave, else from `retry-after` (seconds or an HTTP date). */
export function retryAfterMs(error: unknown, now: number): number | undefined {
  if (!(error instanceof CallError)) return undefined;
  if (error.retryAfterSeconds !== undefined) return Math.max(0, error.retryAfterSeconds * 1000);
  const value = error.headers['retry-after'];
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * "Full jitter" exponential backoff (a random wait up to base × 2^retry, capped), or the
 * provider's `retry-after` plus a little jitter so that instances do not return in step.
 */
export function backoffMs(retry: number, settings: RetrySettings, random: () => number, askedMs?: number): number {
  if (askedMs !== undefined) return askedMs + random() * settings.baseDelayMs;
  return random() * Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** retry);
}
