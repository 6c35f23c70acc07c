/**
 * A Lambda instance's health refreshes (the matrix's first read of the health window, then one
 * every refreshMs), begun once its first response has ended rather than at its start. Begun at the
 * start, the read's answer would land in whichever of the first requests was running, and could
 * be left in flight when Lambda freezes the instance; the first request is routed without it
 * either way, as the read takes a round trip the request does not wait for.
 *
 * The invocation that begins it waits for it, so that the next request has the window, but for
 * `waitMs` at most: a slow or throttled table (whose client tries each call three times) must not
 * hold the instance, which takes no request meanwhile. Past that, the read goes on unwaited.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export interface StartsHealth {
  /** Starts the background refreshes; a later call does nothing. */
  start(): void;
  /** Settles with the first refresh start() began; never rejects. */
  matrix?: { loaded(): Promise<void> } | undefined;
}

/** A DynamoDB read takes tens of milliseconds; one that has taken this long is not waited for. */
export const FIRST_HEALTH_READ_WAIT_MS = 500;

/** The step to run after each response: the first one starts the refreshes and waits for the first read. */
export function readHealthAfterFirstResponse(engine: StartsHealth, waitMs = FIRST_HEALTH_READ_WAIT_MS): () => Promise<void> {
  let begun = false;
  return async () => {
    if (begun) return;
    begun = true;
    engine.start();
    const loaded = engine.matrix?.loaded();
    if (!loaded) return;
    const limit = new AbortController();
    try {
      await Promise.race([loaded, sleep(waitMs, undefined, { ref: false, signal: limit.signal }).catch(() => {})]);
    } finally {
      limit.abort();
    }
  };
}
