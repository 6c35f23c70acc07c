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

function observe(histogram: LatencyHistogram, ms: number): void {
  const bucket = latencyBucket(ms);
  histogram.buckets[bucket] = (histogram.buckets[bucket] ?? 0) + 1;
  histogram.count += 1;
  histogram.sumMs += Math.max(0, Math.round(ms));
}

export function aggregateHealthSamples(samples: Iterable<HealthSample>): HealthAggregate[] {
  const byKey = new Map<string, HealthAggregate>();
  for (const sample of samples) {
    const minute = minuteStart(sample.at);
    const key = `${sample.target}\u0000${minute}`;
    let aggregate = byKey.get(key);
    if (!aggregate) {
      aggregate = {
        target: sample.target,
        minute,
        counts: Object.fromEntries(HEALTH_OUTCOMES.map((outcome) => [outcome, 0])) as Record<HealthOutcome, number>,
        ttfb: emptyHistogram(),
        total: emptyHistogram(),
        outputTokens: 0,
      };
      byKey.set(key, aggregate);
    }
    aggregate.counts[sample.outcome] += 1;
    if (sample.ttfbMs !== undefined) observe(aggregate.ttfb, sample.ttfbMs);
    if (sample.outcome === 'ok') {
      observe(aggregate.total, sample.totalMs);
      aggregate.outputTokens += sample.outputTokens;
    }
  }
  return [...byKey.values()];
}
