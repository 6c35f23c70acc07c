/**
 * Samples folded into one aggregate per target and minute, in memory: what one DynamoDB update
 * per (target, minute) then ADDs to the stored counters. Counts are kept per outcome; latency
 * histograms and sums for means: time to first byte over every sample that had a first byte,
 * total time and output tokens over `ok` samples only (a fast failure is not a fast answer).
 */
import { HEALTH_OUTCOMES, type HealthOutcome, type HealthSample } from './health-sample.ts';
import { minuteStart } from './health-keys.ts';
import { latencyBucket, type LatencyBucket } from './latency-buckets.ts';

export interface LatencyHistogram {
  /** Samples per bucket; buckets without samples are absent. */
  buckets: Partial<Record<LatencyBucket, number>>;
  count: number;
  /** Milliseconds, rounded per sample: sum / count is the mean. */
  sumMs: number;
}

export interface HealthAggregate {
  target: string;
  /** Start of the minute, epoch ms. */
  minute: number;
  counts: Record<HealthOutcome, number>;
  ttfb: LatencyHistogram;
  total: LatencyHistogram;
  /** Output tokens of the `ok` samples. */
  outputTokens: number;
}

const emptyHistogram = (): LatencyHistogram => ({ buckets: {}, count: 0, sumMs: 0 });

/**
 * Every outcome at zero, as a literal (the type holds it to HEALTH_OUTCOMES): an object of one
 * shape, which a health snapshot makes several of after every request, where Object.fromEntries
 * took 0.6 µs and gave one V8 treats as a dictionary.
 */
const noCounts = (): Record<HealthOutcome, number> => ({ ok: 0, '4xx': 0, '429': 0, '5xx': 0, timeout: 0, connection: 0, cut: 0 });

export const emptyHealthAggregate = (target: string, minute: number): HealthAggregate => ({
  target,
  minute,
  counts: noCounts(),
  ttfb: emptyHistogram(),
  total: emptyHistogram(),
  outputTokens: 0,
});

/** Adds `from`'s counters to `into` (a window's sum of minutes; the stored and the local counts). */
export function addHealthAggregate(into: HealthAggregate, from: HealthAggregate): HealthAggregate {
  for (const outcome of HEALTH_OUTCOMES) into.counts[outcome] += from.counts[outcome];
  addHistogram(into.ttfb, from.ttfb);
  addHistogram(into.total, from.total);
  into.outputTokens += from.outputTokens;
  return into;
}

function addHistogram(into: LatencyHistogram, from: LatencyHistogram): void {
  // for...in rather than Object.entries (same keys, same order): no array per bucket, and a
  // snapshot adds every minute's two histograms after every request.
  for (const key in from.buckets) {
    const bucket = key as LatencyBucket;
    into.buckets[bucket] = (into.buckets[bucket] ?? 0) + from.buckets[bucket]!;
  }
  into.count += from.count;
  into.sumMs += from.sumMs;
}

function observe(histogram: LatencyHistogram, ms: number): void {
  const bucket = latencyBucket(ms);
  histogram.buckets[bucket] = (histogram.buckets[bucket] ?? 0) + 1;
  histogram.count += 1;
  histogram.sumMs += Math.max(0, Math.round(ms));
}

/** Counts one sample in an aggregate (of the sample's target and minute). */
export function addHealthSample(aggregate: HealthAggregate, sample: HealthSample): void {
  aggregate.counts[sample.outcome] += 1;
  if (sample.ttfbMs !== undefined) observe(aggregate.ttfb, sample.ttfbMs);
  if (sample.outcome === 'ok') {
    observe(aggregate.total, sample.totalMs);
    aggregate.outputTokens += sample.outputTokens;
  }
}

export function aggregateHealthSamples(samples: Iterable<HealthSample>): HealthAggregate[] {
  const byKey = new Map<string, HealthAggregate>();
  for (const sample of samples) {
    const minute = minuteStart(sample.at);
    const key = `${sample.target}\u0000${minute}`;
    let aggregate = byKey.get(key);
    if (!aggregate) {
      aggregate = emptyHealthAggregate(sample.target, minute);
      byKey.set(key, aggregate);
    }
    addHealthSample(aggregate, sample);
  }
  return [...byKey.values()];
}
