/**
 * The health matrix as the router and the breakers read it: counts without the caller's own
 * mistakes (4xx), the time-to-first-byte distribution, and recent against baseline latency.
 */
import type { TargetSnapshot } from '../health/health-matrix.ts';
import { probabilityWithin } from '../health/latency-percentiles.ts';
import type { BreakerSignals } from './circuit-breaker.ts';
import type { TargetOutlook } from './choose-route.ts';

export function outlookOf(health: TargetSnapshot): Omit<TargetOutlook, 'breaker'> {
  const ttfb = health.ttfbHistogram;
  const total = health.totalHistogram;
  return {
    requests: health.requests - health.counts['4xx'],
    errors: health.errors,
    recentRequests: health.recent.requests - health.recent.counts['4xx'],
    recentErrors: health.recent.errors,
    ttfbSamples: ttfb.count,
    totalSamples: total.count,
    ttfbWithin: ttfb.count > 0 ? (ms) => probabilityWithin(ttfb, ms) ?? 0 : undefined,
    totalWithin: total.count > 0 ? (ms) => probabilityWithin(total, ms) ?? 0 : undefined,
    outputTokensPerSecond: health.outputTokensPerSecond ?? undefined,
    recentP95Ms: health.recent.total.p95 ?? undefined,
    baselineP95Ms: health.baseline.total.p95 ?? undefined,
  };
}

export function breakerSignalsOf(health: TargetSnapshot): BreakerSignals {
  return {
    requests: health.recent.requests - health.recent.counts['4xx'],
    errorRate: health.recent.errorRate ?? 0,
    recentP95Ms: health.recent.total.p95 ?? undefined,
    baselineP95Ms: health.baseline.total.p95 ?? undefined,
    latencySamples: health.recent.totalHistogram.count,
  };
}
