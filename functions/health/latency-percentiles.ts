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

/**
 * Calls `visit` with each bucket's lower and upper bound and count, in order, until it returns
 * true. A loop rather than an array of ranges: routing reads percentiles of every candidate for
 * every request, and a health snapshot made after each request computes a dozen.
 */
function eachBucket(histogram: LatencyHistogram, visit: (lower: number, upper: number, count: number) => boolean | void): void {
  let lower = 0;
  for (let index = 0; index < LATENCY_BUCKETS.length; index++) {
    const upper = LATENCY_BUCKET_BOUNDS_MS[index] ?? OPEN_BUCKET_UPPER_MS;
    if (visit(lower, upper, histogram.buckets[LATENCY_BUCKETS[index]!] ?? 0) === true) return;
    lower = upper;
  }
}

/** The samples in the histogram, from its buckets (what the percentiles are of). */
function sampleCount(histogram: LatencyHistogram): number {
  let total = 0;
  for (const bucket in histogram.buckets) total += histogram.buckets[bucket as keyof LatencyHistogram['buckets']]!;
  return total;
}

/** The latency (ms) below which a fraction `q` (0..1) of the samples fall; null without samples. */
export function latencyPercentile(histogram: LatencyHistogram, q: number): number | null {
  const total = sampleCount(histogram);
  if (total === 0) return null;
  const rank = Math.min(1, Math.max(0, q)) * total;
  let below = 0;
  let percentile = OPEN_BUCKET_UPPER_MS;
  eachBucket(histogram, (lower, upper, count) => {
    if (count > 0 && below + count >= rank) {
      percentile = lower + ((upper - lower) * (rank - below)) / count;
      return true;
    }
    below += count;
  });
  return percentile;
}

/** P(latency ≤ ms): the fraction of samples at or below `ms`; null without samples. */
export function probabilityWithin(histogram: LatencyHistogram, ms: number): number | null {
  const total = sampleCount(histogram);
  if (total === 0) return null;
  let within = 0;
  eachBucket(histogram, (lower, upper, count) => {
    if (ms >= upper) within += count;
    else if (ms > lower) within += (count * (ms - lower)) / (upper - lower);
  });
  return within / total;
}
