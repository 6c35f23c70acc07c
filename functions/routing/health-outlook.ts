/**
 * The health matrix as the router and the breakers read it: counts without the caller's own
 * mistakes (4xx), the time-to-first-byte distribution, and recent against baseline latency.
 */
import type { TargetSnapshot } from '../health/health-matrix.ts';
import { probabilityWithin } from '../health/latency-percentiles.ts';
import type { BreakerSignals, RecoveryEvidence } from './circuit-breaker.ts';
import type { TargetOutlook } from './choose-route.ts';

export function outlookOf(health: TargetSnapshot): Omit<TargetOutlook, 'breaker'> {
  const ttfb = health.ttfbHistogram;
  const total = health.totalHistogram;
  return {
    requests: health.requests - health.counts['4xx'],
    errors: health.errors,
    weightedRequests: health.weighted.requests,
    weightedErrors: health.weighted.errors,
    recentRequests: health.recent.requests - health.recent.counts['4xx'],
    recentErrors: health.recent.errors,
    recentLatencySamples: health.recent.totalHistogram.count,
    baselineLatencySamples: health.baseline.totalHistogram.count,
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

/**
 * A target whose breaker's trials passed is judged on the calls since (trials included), not on
 * the window, which still holds the failures that opened it: its error counts are those calls'.
 */
export function sinceRecovery<T extends Omit<TargetOutlook, 'breaker'>>(outlook: T, recovery: RecoveryEvidence | undefined): T {
  if (!recovery) return outlook;
  const { calls, failures } = recovery;
  return { ...outlook, requests: calls, errors: failures, weightedRequests: calls, weightedErrors: failures, recentRequests: calls, recentErrors: failures };
}
