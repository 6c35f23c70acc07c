/**
 * The fixed latency histogram of the health items: doubling upper bounds from 100 ms to 25.6 s
 * and one open bucket above. Fixed, so that counters ADDed by any writer at any time line up, and
 * percentiles can be estimated from any minute's or any window's sum of buckets.
 */

/** Inclusive upper bounds in milliseconds; a latency above the last one goes to `inf`. */
export const LATENCY_BUCKET_BOUNDS_MS = [100, 200, 400, 800, 1600, 3200, 6400, 12800, 25600] as const;

export type LatencyBucket = `le${(typeof LATENCY_BUCKET_BOUNDS_MS)[number]}` | 'inf';

/** Every bucket in order, as the attribute-name suffixes the health items use. */
export const LATENCY_BUCKETS: readonly LatencyBucket[] = [...LATENCY_BUCKET_BOUNDS_MS.map((bound) => `le${bound}` as const), 'inf'];

/** The bucket a latency falls in: the first bound it does not exceed. */
export function latencyBucket(ms: number): LatencyBucket {
  for (const bound of LATENCY_BUCKET_BOUNDS_MS) if (ms <= bound) return `le${bound}`;
  return 'inf';
}
