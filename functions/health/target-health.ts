/**
 * A target's health over a window, from the sum of its minutes: what routing and `GET /v1/health`
 * read. An error, for routing, is what says the provider could not serve the call: `5xx`, `429`,
 * `timeout`, `connection` and `cut`. A `4xx` is the caller's fault (a malformed request, a prompt
 * too long): the provider answered as it should, and another target would answer the same. It is
 * left out of the error rate entirely, numerator and denominator, so that a client sending bad
 * requests can neither raise nor dilute a provider's error rate.
 */
import { addHealthAggregate, addHealthSample, emptyHealthAggregate, type HealthAggregate, type LatencyHistogram } from './aggregate-health-samples.ts';
import { minuteStart } from './health-keys.ts';
import { HEALTH_OUTCOMES, type HealthOutcome, type HealthSample } from './health-sample.ts';
import { latencyPercentile } from './latency-percentiles.ts';

export const ERROR_OUTCOMES: readonly HealthOutcome[] = ['5xx', '429', 'timeout', 'connection', 'cut'];

export interface LatencyStats {
  /** Milliseconds, null without samples. */
  p50: number | null;
  p95: number | null;
  p99: number | null;
  mean: number | null;
}

export interface WindowStats {
  /** Every counted call, whatever its outcome (4xx included). */
  requests: number;
  counts: Record<HealthOutcome, number>;
  /** Calls that failed for the provider's reasons (ERROR_OUTCOMES). */
  errors: number;
  /** errors / (requests − 4xx); null when there was no such call. */
  errorRate: number | null;
  /** Time to first byte: every call that had one. */
  ttfb: LatencyStats;
  /** Total time: `ok` calls only (a fast failure is not a fast answer). */
  total: LatencyStats;
  /** The histograms, for probabilityWithin (P(latency ≤ x)). */
  ttfbHistogram: LatencyHistogram;
  totalHistogram: LatencyHistogram;
  /**
   * Output tokens per second of `ok` calls: their tokens over their total time, time to first
   * byte included (what a client waits for the answer); null without such calls.
   */
  outputTokensPerSecond: number | null;
}

/** The minutes at the end of the window compared with the rest (`recent` against `baseline`). */
export const RECENT_MINUTES = 2;

/**
 * How fast old evidence fades for routing: a minute's calls count half as much for every
 * EVIDENCE_HALF_LIFE_MINUTES minutes of age, so that a target judged on an incident a few minutes
 * old is judged again as if on fewer calls, and uncertainty (choose-route.ts) gives it back its
 * traffic without waiting for the incident to leave the window.
 */
export const EVIDENCE_HALF_LIFE_MINUTES = 1;

/** Calls judged for errors (4xx left out) and their errors, each minute weighted by its age. */
export interface WeightedCounts {
  requests: number;
  errors: number;
}

export interface TargetHealth extends WindowStats {
  target: string;
  windowMinutes: number;
  /** The window's judged calls and errors, recent minutes weighing more (EVIDENCE_HALF_LIFE_MINUTES). */
  weighted: WeightedCounts;
  /** The last RECENT_MINUTES minutes (the current one included). */
  recent: WindowStats;
  /**
   * The window's earlier minutes, without the recent ones: the target's own baseline, so that
   * "recent p95 above baseline p95" is not damped by the recent minutes themselves.
   */
  baseline: WindowStats;
}

/**
 * Every call counted, over the outcomes by name: Object.values on these counts (one key, `429`,
 * is an array index) takes V8's slow path, and a snapshot sums them for every minute after every
 * request.
 */
const countAll = (counts: Record<HealthOutcome, number>): number => {
  let sum = 0;
  for (const outcome of HEALTH_OUTCOMES) sum += counts[outcome];
  return sum;
};

/** The stats of a window's sum, holding its counts and histograms: give it a sum nobody changes after (healthOfTally's copies). */
export function windowStats(aggregate: HealthAggregate): WindowStats {
  const { counts } = aggregate;
  const requests = countAll(counts);
  const errors = ERROR_OUTCOMES.reduce((sum, outcome) => sum + counts[outcome], 0);
  const judged = requests - counts['4xx'];
  return {
    requests,
    counts,
    errors,
    errorRate: judged > 0 ? errors / judged : null,
    ttfb: latencyStats(aggregate.ttfb),
    total: latencyStats(aggregate.total),
    ttfbHistogram: aggregate.ttfb,
    totalHistogram: aggregate.total,
    outputTokensPerSecond: aggregate.total.sumMs > 0 ? aggregate.outputTokens / (aggregate.total.sumMs / 1000) : null,
  };
}

const latencyStats = (histogram: LatencyHistogram): LatencyStats => ({
  p50: latencyPercentile(histogram, 0.5),
  p95: latencyPercentile(histogram, 0.95),
  p99: latencyPercentile(histogram, 0.99),
  mean: histogram.count > 0 ? histogram.sumMs / histogram.count : null,
});

/**
 * A target's health from its minute aggregates (stored and local, several per minute allowed),
 * over the window of `windowMinutes` minutes that starts at `windowStart` (epoch ms, a minute's
 * start); minutes outside it are ignored.
 */
export function targetHealth(target: string, minutes: Iterable<HealthAggregate>, windowStart: number, windowMinutes: number): TargetHealth {
  return healthOfTally(tallyHealth(target, minutes, windowStart, windowMinutes));
}

/**
 * A window's minutes summed as targetHealth sums them (recent, baseline, the weighted counts), kept
 * so that one more sample is added to the sums rather than the whole window summed again: the
 * gateway observes a sample after every request, and the next request reads the target's health.
 */
export interface HealthTally {
  readonly target: string;
  readonly windowStart: number;
  readonly windowMinutes: number;
  readonly recent: HealthAggregate;
  readonly baseline: HealthAggregate;
  readonly weighted: WeightedCounts;
}

export function tallyHealth(target: string, minutes: Iterable<HealthAggregate>, windowStart: number, windowMinutes: number): HealthTally {
  const tally: HealthTally = {
    target,
    windowStart,
    windowMinutes,
    recent: emptyHealthAggregate(target, recentStartOf(windowStart, windowMinutes)),
    baseline: emptyHealthAggregate(target, windowStart),
    weighted: { requests: 0, errors: 0 },
  };
  for (const minute of minutes) {
    const into = sumsFor(tally, minute.minute);
    if (!into) continue;
    addHealthAggregate(into.aggregate, minute);
    const errors = ERROR_OUTCOMES.reduce((sum, outcome) => sum + minute.counts[outcome], 0);
    tally.weighted.requests += into.weight * (countAll(minute.counts) - minute.counts['4xx']);
    tally.weighted.errors += into.weight * errors;
  }
  return tally;
}

/** Adds one sample to the tally, as a recount of the window with the sample in its minute would. */
export function addSampleToTally(tally: HealthTally, sample: HealthSample): void {
  const into = sumsFor(tally, minuteStart(sample.at));
  if (!into) return;
  addHealthSample(into.aggregate, sample);
  if (sample.outcome !== '4xx') tally.weighted.requests += into.weight;
  if (ERROR_OUTCOMES.includes(sample.outcome)) tally.weighted.errors += into.weight;
}

/** The tally's health, on copies of its sums: a health already handed out stays as it was when samples are added. */
export function healthOfTally({ target, windowMinutes, recent, baseline, weighted }: HealthTally): TargetHealth {
  const copy = (aggregate: HealthAggregate) => addHealthAggregate(emptyHealthAggregate(target, aggregate.minute), aggregate);
  const whole = addHealthAggregate(copy(baseline), recent);
  return { target, windowMinutes, weighted: { ...weighted }, ...windowStats(whole), recent: windowStats(copy(recent)), baseline: windowStats(copy(baseline)) };
}

const recentStartOf = (windowStart: number, windowMinutes: number) => windowStart + Math.max(0, windowMinutes - RECENT_MINUTES) * 60_000;

/** The sums a minute's counts go to and the weight of its evidence; undefined for a minute outside the window. */
function sumsFor(tally: HealthTally, minute: number): { aggregate: HealthAggregate; weight: number } | undefined {
  const windowEnd = tally.windowStart + tally.windowMinutes * 60_000;
  if (minute < tally.windowStart || minute >= windowEnd) return undefined;
  const lastMinute = windowEnd - 60_000;
  return {
    aggregate: minute >= recentStartOf(tally.windowStart, tally.windowMinutes) ? tally.recent : tally.baseline,
    weight: 0.5 ** ((lastMinute - minute) / 60_000 / EVIDENCE_HALF_LIFE_MINUTES),
  };
}
