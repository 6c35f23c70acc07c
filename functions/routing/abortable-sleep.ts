/**
 * A wait on the machine's clock that ends early, and quietly, when its signal aborts: how the
 * gateway waits before a retry and between a stream's keep-alive pings. Tests inject their own
 * (test/support/manual-clock.ts), so nothing waits on real time.
 */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

export const abortableSleep: Sleep = (ms, signal) =>
  new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
