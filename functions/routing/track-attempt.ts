/**
 * One attempt at a target, measured: time to first byte, total time, how it ended and the tokens
 * it produced, recorded as a health sample (counted in the matrix at once) and as the outcome of
 * the target's breaker. Only what the provider did counts (classify-outcome.ts): a call the client
 * abandoned or cut short with its own deadline, or one that failed inside the gateway, counts for
 * neither.
 */
import { classifyOutcome, type AttemptCircumstances } from '../health/classify-outcome.ts';
import type { HealthSample } from '../health/health-sample.ts';
import type { CircuitBreakers } from './circuit-breaker.ts';

export interface AttemptTracker {
  /** The answer started (for a stream: its first content). */
  firstByte(): void;
  /** The attempt is over: `error` undefined when it succeeded. Only the first call counts. */
  end(error: unknown, outputTokens?: number): void;
}

export interface TrackAttemptDeps extends AttemptCircumstances {
  record: (sample: HealthSample) => void;
  breakers: Pick<CircuitBreakers, 'record'>;
  /** The clock of the sample's time (its minute in the matrix); its durations are measured. */
  now?: () => number;
}

export function trackAttempt(target: string, deps: TrackAttemptDeps): AttemptTracker {
  const at = (deps.now ?? Date.now)();
  const started = performance.now();
  let ttfbMs: number | undefined;
  let ended = false;
  return {
    firstByte() {
      ttfbMs ??= performance.now() - started;
    },
    end(error, outputTokens = 0) {
      if (ended) return;
      ended = true;
      const outcome = classifyOutcome(error, deps);
      // A 4xx is the request's fault, not the target's: for the breaker the target answered.
      deps.breakers.record(target, outcome === undefined ? undefined : outcome === 'ok' || outcome === '4xx');
      if (outcome === undefined) return;
      deps.record({ target, outcome, ttfbMs, totalMs: performance.now() - started, outputTokens, at });
    },
  };
}
