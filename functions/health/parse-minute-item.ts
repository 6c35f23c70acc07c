/**
 * A stored minute item (record-health-samples.ts) read back as the aggregate it was added from:
 * counters that were never ADDed are absent and read as 0.
 */
import { emptyHealthAggregate, type HealthAggregate, type LatencyHistogram } from './aggregate-health-samples.ts';
import { HEALTH_OUTCOMES } from './health-sample.ts';
import { LATENCY_BUCKETS } from './latency-buckets.ts';

const MINUTE_PREFIX = 'minute#';

export function parseMinuteItem(item: Record<string, unknown>): HealthAggregate | undefined {
  const { target, sk } = item;
  if (typeof target !== 'string' || typeof sk !== 'string' || !sk.startsWith(MINUTE_PREFIX)) return undefined;
  const minute = Date.parse(sk.slice(MINUTE_PREFIX.length));
  if (Number.isNaN(minute)) return undefined;
  const number = (name: string): number => (typeof item[name] === 'number' ? (item[name] as number) : 0);
  const aggregate = emptyHealthAggregate(target, minute);
  for (const outcome of HEALTH_OUTCOMES) aggregate.counts[outcome] = number(`count_${outcome}`);
  readHistogram(aggregate.ttfb, 'ttfb', number);
  readHistogram(aggregate.total, 'total', number);
  aggregate.outputTokens = number('outputTokens');
  return aggregate;
}

function readHistogram(histogram: LatencyHistogram, prefix: string, number: (name: string) => number): void {
  for (const bucket of LATENCY_BUCKETS) {
    const count = number(`${prefix}_${bucket}`);
    if (count > 0) histogram.buckets[bucket] = count;
  }
  histogram.count = number(`${prefix}_count`);
  histogram.sumMs = number(`${prefix}_sumMs`);
}
