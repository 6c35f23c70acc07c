/**
 * A clock the test moves: `now` stands still until `advance` moves it on, and the sleeps the code
 * under test waits on (its injected `sleep`) wake when the clock passes their time, or at once when
 * their signal aborts; never on real time. So what happens when is up to the test, whatever the
 * machine's load.
 */
export interface ManualClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Moves the clock on by `ms`, waking every sleep due by then. */
  advance(ms: number): void;
}

interface Sleeper {
  at: number;
  wake(): void;
}

export function manualClock(start: number): ManualClock {
  let current = start;
  const sleepers = new Set<Sleeper>();
  return {
    now: () => current,
    sleep(ms, signal) {
      return new Promise((resolve) => {
        const sleeper: Sleeper = {
          at: current + ms,
          wake() {
            sleepers.delete(sleeper);
            signal?.removeEventListener('abort', sleeper.wake);
            resolve();
          },
        };
        if (signal?.aborted) return resolve();
        sleepers.add(sleeper);
        signal?.addEventListener('abort', sleeper.wake, { once: true });
      });
    },
    advance(ms) {
      current += ms;
      for (const sleeper of [...sleepers].sort((a, b) => a.at - b.at)) if (sleeper.at <= current) sleeper.wake();
    },
  };
}
