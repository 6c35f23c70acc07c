/**
 * Sends a request along its route: each target in order, retried with jittered backoff while the
 * failure is worth retrying and the deadline allows, then the next target (at once when the
 * provider asks for a longer wait than `maxProviderWaitMs`, so that a route whose targets all
 * ask for one ends promptly with the last 429 and its `retry-after`); a target that timed
 * out gets its retry after the others have had theirs, since waiting on it again first could use
 * up the time a fallback needs. A target whose breaker
 * does not let a call through is passed over; after a provider-wide failure (5xx, timeout,
 * connection) the remaining targets at that provider move behind the others. An attempt ends when
 * the answer starts (for a stream, at its first content), so nothing is ever retried once the
 * client has been sent anything.
 */
import { CallError } from '../core/call-error.ts';
import { abortableSleep, type Sleep } from './abortable-sleep.ts';
import type { CircuitBreakers } from './circuit-breaker.ts';
import type { AttemptLimit } from './route-limits.ts';
import type { RouteTarget } from './route-target.ts';
import { backoffMs, DEFAULT_RETRY_SETTINGS, failureDisposition, retryAfterMs, type RetrySettings } from './retry-policy.ts';

export interface AttemptRecord {
  target: string;
  /** `ok`, or the failure's code or status, or `breaker-open` for a target passed over. */
  result: string;
}

export interface AttemptContext {
  signal: AbortSignal;
  /** How long this attempt may wait for the answer to start. */
  timeoutMs: number;
  /** That wait is the caller's deadline (shorter than the gateway's own): a timeout then is not the provider's failure. */
  timeoutSetByCaller: boolean;
}

export interface ExecuteRouteOptions<T> {
  targets: readonly RouteTarget[];
  attempt: (target: RouteTarget, context: AttemptContext) => Promise<T>;
  breakers: CircuitBreakers;
  /** Epoch ms by which the answer must have started. */
  deadline: number;
  /**
   * The longest one attempt may wait for its answer to start: a number (the gateway's own limit,
   * never past the deadline), or a function of the target, the time left and whether another
   * attempt could follow, which says whether the caller's deadline set it.
   */
  attemptTimeoutMs: number | ((target: RouteTarget, context: { remainingMs: number; lastChance: boolean }) => AttemptLimit);
  signal: AbortSignal;
  retry?: RetrySettings;
  now?: () => number;
  random?: () => number;
  sleep?: Sleep;
}

export interface RouteSuccess<T> {
  value: T;
  target: RouteTarget;
  attempts: AttemptRecord[];
}

/** The route failed: the last error, with every attempt for the explanation. */
export class RouteFailure extends Error {
  override name = 'RouteFailure';
  readonly error: CallError;
  readonly attempts: AttemptRecord[];
  constructor(error: CallError, attempts: AttemptRecord[]) {
    super(error.message, { cause: error });
    this.error = error;
    this.attempts = attempts;
  }
}

export async function executeRoute<T>(options: ExecuteRouteOptions<T>): Promise<RouteSuccess<T>> {
  const retry = options.retry ?? DEFAULT_RETRY_SETTINGS;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? abortableSleep;
  const attempts: AttemptRecord[] = [];
  const queue = [...options.targets];
  /** Attempts made per target: one that timed out goes behind the others with the rest of its attempts. */
  const made = new Map<string, number>();
  let lastError: CallError | undefined;

  while (queue.length > 0) {
    const target = queue.shift()!;
    for (let attempt = made.get(target.id) ?? 0; attempt < retry.attemptsPerTarget; attempt += 1) {
      made.set(target.id, attempt + 1);
      const remaining = options.deadline - now();
      if (remaining <= 0) throw new RouteFailure(deadlinePassed(lastError), attempts);
      if (!options.breakers.tryAcquire(target.id)) {
        attempts.push({ target: target.id, result: 'breaker-open' });
        lastError ??= breakerOpen(target.id, options.breakers.view(target.id).until, now());
        break;
      }
      try {
        const lastChance = queue.length === 0 && attempt + 1 >= retry.attemptsPerTarget;
        // A fixed limit stops at the deadline; a function decides for itself (the last chance may run past it).
        const limit: AttemptLimit =
          typeof options.attemptTimeoutMs === 'number'
            ? { timeoutMs: Math.min(options.attemptTimeoutMs, remaining), setByCaller: false }
            : options.attemptTimeoutMs(target, { remainingMs: remaining, lastChance });
        const value = await options.attempt(target, { signal: options.signal, timeoutMs: Math.max(1, limit.timeoutMs), timeoutSetByCaller: limit.setByCaller });
        attempts.push({ target: target.id, result: 'ok' });
        return { value, target, attempts };
      } catch (thrown) {
        const disposition = failureDisposition(thrown);
        if (!(thrown instanceof CallError) || disposition === 'stop') {
          if (thrown instanceof CallError) attempts.push({ target: target.id, result: resultOf(thrown) });
          throw thrown instanceof CallError ? new RouteFailure(thrown, attempts) : thrown;
        }
        attempts.push({ target: target.id, result: resultOf(thrown) });
        lastError = thrown;
        if (disposition === 'next') break;
        // A 5xx, a timeout or a connection failure is likely the provider's, not this model's; a 429 is often per model.
        if (thrown.status >= 500) demoteProvider(queue, target.provider.id);
        if (attempt + 1 >= retry.attemptsPerTarget) break;
        // A target that kept a whole attempt waiting is tried again only after the others.
        if (thrown.code === 'upstream_timeout' && queue.length > 0) {
          queue.push(target);
          break;
        }
        const asked = retryAfterMs(thrown, now());
        // A long wait asked for is a quota window: the next target, or the client, is served sooner.
        if (asked !== undefined && asked > retry.maxProviderWaitMs) break;
        const wait = backoffMs(attempt, retry, random, asked);
        // Waiting past the deadline helps nobody: the next target may answer at once.
        if (now() + wait >= options.deadline) break;
        await sleep(wait, options.signal);
      }
    }
  }
  throw new RouteFailure(lastError ?? noTarget(), attempts);
}

const resultOf = (error: CallError) => error.code ?? String(error.status);

function demoteProvider(queue: RouteTarget[], provider: string): void {
  const same = queue.filter((target) => target.provider.id === provider);
  if (same.length === 0) return;
  const others = queue.filter((target) => target.provider.id !== provider);
  queue.splice(0, queue.length, ...others, ...same);
}

function breakerOpen(target: string, until: number | undefined, at: number): CallError {
  const seconds = until === undefined ? undefined : Math.max(1, Math.ceil((until - at) / 1000));
  return new CallError({
    status: 503,
    kind: 'overloaded',
    fault: 'gateway',
    code: 'circuit_open',
    message: `${target} is failing and its circuit breaker is open${seconds === undefined ? '' : ` for ${seconds} s more`}; no equivalent target is available.`,
    ...(seconds === undefined ? {} : { headers: { 'retry-after': String(seconds) } }),
  });
}

function deadlinePassed(last: CallError | undefined): CallError {
  return new CallError({
    status: 504,
    kind: 'timeout',
    fault: 'gateway',
    code: 'route_deadline_exceeded',
    message: `No target answered within the request's deadline${last ? `; the last failure: ${last.message}` : ''}.`,
  });
}

const noTarget = () =>
  new CallError({ status: 503, kind: 'overloaded', fault: 'gateway', code: 'no_target', message: 'No target was available for this request.' });
