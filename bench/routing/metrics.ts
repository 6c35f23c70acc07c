/**
 * What a strategy achieved over the run: cost, SLAs met, success overall and during the outage,
 * latency, and (for diagnosis) why requests failed and where they were served in each phase.
 */
import type { RequestOutcome } from './run-strategy.ts';
import { EVENTS } from './world.ts';

export interface StrategyMetrics {
  requests: number;
  costUsd: number;
  /** Cost relative to always-premium, e.g. -0.85 for 85% cheaper; filled in by the caller. */
  costVsPremium?: number;
  withSla: number;
  slaMet: number;
  slaMetShare: number;
  successRate: number;
  outageRequests: number;
  outageSuccessRate: number;
  p50LatencyMs: number;
  p95LatencyMs: number;
  p95FirstTokenMs: number;
  failures: Record<string, number>;
  /** Failed requests with an SLA, and SLA requests served late, by kind: where SLAs are missed. */
  slaMissesByKind: Record<string, { failed: number; late: number }>;
  servedByPhase: Record<'before' | 'outage' | 'after', Record<string, number>>;
}

export const slaMet = (outcome: RequestOutcome): boolean => {
  const { maxFirstTokenMs, maxLatencyMs } = outcome.spec.preferences;
  if (!outcome.ok) return false;
  if (maxFirstTokenMs !== undefined && outcome.firstTokenMs! > maxFirstTokenMs) return false;
  if (maxLatencyMs !== undefined && outcome.totalMs! > maxLatencyMs) return false;
  return true;
};

export const hasSla = (outcome: RequestOutcome): boolean =>
  outcome.spec.preferences.maxFirstTokenMs !== undefined || outcome.spec.preferences.maxLatencyMs !== undefined;

export const phaseOf = (offsetMs: number): 'before' | 'outage' | 'after' =>
  offsetMs < EVENTS.outage.from ? 'before' : offsetMs < EVENTS.outage.until ? 'outage' : 'after';

export function measure(outcomes: readonly RequestOutcome[]): StrategyMetrics {
  const ok = outcomes.filter((outcome) => outcome.ok);
  const withSla = outcomes.filter(hasSla);
  const met = withSla.filter(slaMet);
  const outage = outcomes.filter((outcome) => phaseOf(outcome.spec.offsetMs) === 'outage');
  const totals = ok.map((outcome) => outcome.totalMs!).sort((a, b) => a - b);
  const firsts = ok.map((outcome) => outcome.firstTokenMs!).sort((a, b) => a - b);
  const failures: Record<string, number> = {};
  for (const outcome of outcomes) if (!outcome.ok) failures[outcome.error!] = (failures[outcome.error!] ?? 0) + 1;
  const slaMissesByKind: StrategyMetrics['slaMissesByKind'] = {};
  for (const outcome of withSla) {
    if (slaMet(outcome)) continue;
    const entry = (slaMissesByKind[outcome.spec.kind] ??= { failed: 0, late: 0 });
    if (outcome.ok) entry.late += 1;
    else entry.failed += 1;
  }
  const servedByPhase: StrategyMetrics['servedByPhase'] = { before: {}, outage: {}, after: {} };
  for (const outcome of ok) {
    const phase = servedByPhase[phaseOf(outcome.spec.offsetMs)];
    phase[outcome.target!] = (phase[outcome.target!] ?? 0) + 1;
  }
  return {
    requests: outcomes.length,
    costUsd: ok.reduce((sum, outcome) => sum + outcome.costUsd, 0),
    withSla: withSla.length,
    slaMet: met.length,
    slaMetShare: met.length / Math.max(1, withSla.length),
    successRate: ok.length / outcomes.length,
    outageRequests: outage.length,
    outageSuccessRate: outage.filter((outcome) => outcome.ok).length / Math.max(1, outage.length),
    p50LatencyMs: percentile(totals, 0.5),
    p95LatencyMs: percentile(totals, 0.95),
    p95FirstTokenMs: percentile(firsts, 0.95),
    failures,
    slaMissesByKind,
    servedByPhase,
  };
}

function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
