/**
 * The worker's timers (the lease's end, a flex call's longest wait) on an injectable clock: `sleep`
 * is the real one by default, and a test's own makes them fire when the test says so.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';

/** Resolves after `ms`, or as soon as `signal` aborts; never rejects. */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  sleepFor(ms, undefined, { signal }).then(
    () => {},
    () => {},
  );

/** Aborts `controller` with `reason` once `ms` have passed on `sleep`'s clock; the function returned stops the countdown. */
export function abortAfter(ms: number, controller: AbortController, reason: Error, sleep: Sleep): () => void {
  const stopped = new AbortController();
  void sleep(ms, stopped.signal).then(() => {
    if (!stopped.signal.aborted) controller.abort(reason);
  });
  return () => stopped.abort();
}
