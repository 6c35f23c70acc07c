/**
 * Percentiles and the CDF from a fixed-bucket latency histogram (latency-buckets.ts), assuming
 * latencies spread evenly within each bucket: linear interpolation between a bucket's bounds.
 * The first bucket starts at 0 ms. The open bucket above 25.6 s is given an upper bound of twice
 * the last bound (51.2 s), continuing the doubling: past the last bound the histogram knows
 * nothing, and a bound keeps a p99 in the open bucket finite and ordered (the mean would not be:
 * it can fall below the bucket's lower bound).
 */
import type { LatencyHistogram } from './aggregate-health-samples.ts';
import { LATENCY_BUCKET_BOUNDS_MS, LATENCY_BUCKETS } from './latency-buckets.ts';

const LAST_BOUND = LATENCY_BUCKET_BOUNDS_MS[LATENCY_BUCKET_BOUNDS_MS.length - 1]!;
/** The assumed upper bound of the open bucket. */
export const OPEN_BUCKET_UPPER_MS = LAST_BOUND * 2;

/** Each bucket with its lower and upper bound and count, in order. */
function ranges(histogram: LatencyHistogram): Array<{ lower: number; upper: number; count: number }> {
  let lower = 0;
  return LATENCY_BUCKETS.map((bucket, index) => {
    const upper = LATENCY_BUCKET_BOUNDS_MS[index] ?? OPEN_BUCKET_UPPER_MS;
    const range = { lower, upper, count: histogram.buckets[bucket] ?? 0 };
    lower = upper;
    return range;
  });
}

/** The samples in the histogram, from its buckets (what the percentiles are of). */
const sampleCount = (histogram: LatencyHistogram): number => Object.values(histogram.buckets).reduce((sum, count) => sum + count, 0);

/** The latency (ms) below which a fraction `q` (0..1) of the samples fall; null without samples. */
export function latencyPercentile(histogram: LatencyHistogram, q: number): number | null {
  const total = sampleCount(histogram);
  if (total === 0) return null;
  const rank = Math.min(1, Math.max(0, q)) * total;
  let below = 0;
  for (const { lower, upper, count } of ranges(histogram)) {
    if (count > 0 && below + count >= rank) return lower + ((upper - lower) * (rank - below)) / count;
    below += count;
  }
  return OPEN_BUCKET_UPPER_MS;
}

/** P(latency ≤ ms): the fraction of samples at or below `ms`; null without samples. */
export function probabilityWithin(histogram: LatencyHistogram, ms: number): number | null {
  const total = sampleCount(histogram);
  if (total === 0) return null;
  let within = 0;
  for (const { lower, upper, count } of ranges(histogram)) {
    if (ms >= upper) within += count;
    else if (ms > lower) within += (count * (ms - lower)) / (upper - lower);
  }
  return within / total;
}
