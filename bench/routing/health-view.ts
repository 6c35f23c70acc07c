/**
 * The health the router reads, fed by every simulated attempt: per-target minute aggregates
 * (the real aggregateHealthSamples), summed over the matrix's sliding 10-minute window by the real
 * targetHealth, read through the real outlookOf / breakerSignalsOf. It stands in for
 * createHealthMatrix without a store, which would do the same but keeps every sample it ever
 * observed and re-aggregates them all on each read after a write (nothing prunes its overlay
 * without a store): quadratic over an hour of traffic.
 */
import { addHealthAggregate, aggregateHealthSamples, type HealthAggregate } from '../../functions/health/aggregate-health-samples.ts';
import type { HealthSample } from '../../functions/health/health-sample.ts';
import { windowStart } from '../../functions/health/read-health-window.ts';
import { targetHealth, type TargetHealth } from '../../functions/health/target-health.ts';
import type { HealthPort } from '../../functions/routing/create-router.ts';
import { breakerSignalsOf, outlookOf } from '../../functions/routing/health-outlook.ts';

const WINDOW_MINUTES = 10;

export interface HealthView {
  observe(sample: HealthSample): void;
  get(target: string): TargetHealth;
  port: HealthPort;
}

export function createHealthView(now: () => number): HealthView {
  const minutes = new Map<string, Map<number, HealthAggregate>>();
  const cache = new Map<string, { start: number; health: TargetHealth }>();

  const get = (target: string): TargetHealth => {
    const start = windowStart(now(), WINDOW_MINUTES);
    const cached = cache.get(target);
    if (cached?.start === start) return cached.health;
    const byMinute = minutes.get(target) ?? new Map<number, HealthAggregate>();
    for (const minute of byMinute.keys()) if (minute < start) byMinute.delete(minute);
    const health = targetHealth(target, byMinute.values(), start, WINDOW_MINUTES);
    cache.set(target, { start, health });
    return health;
  };

  return {
    observe(sample) {
      for (const aggregate of aggregateHealthSamples([sample])) {
        let byMinute = minutes.get(aggregate.target);
        if (!byMinute) minutes.set(aggregate.target, (byMinute = new Map()));
        const existing = byMinute.get(aggregate.minute);
        if (existing) addHealthAggregate(existing, aggregate);
        else byMinute.set(aggregate.minute, aggregate);
      }
      cache.delete(sample.target);
    },
    get,
    port: {
      outlook: (target) => outlookOf({ ...get(target) }),
      breakerSignals: (target) => breakerSignalsOf({ ...get(target) }),
      sharedBreaker: () => undefined,
    },
  };
}
