/**
 * The markdown table, the recovery from the flap, the goals (PASS/FAIL) and the diagnostics
 * printed after a run.
 */
import type { StrategyMetrics } from './metrics.ts';
import { FULLY_BACK, type RecoveryMetrics } from './recovery-metrics.ts';
import type { StrategyName } from './strategies.ts';
import { RUN } from './world.ts';

export interface Goal {
  name: string;
  target: string;
  actual: string;
  pass: boolean;
}

/** Under this, after the flapping target's breaker closes, its share of the traffic is back. */
export const RECOVERY_GOAL_MS = 30_000;

export function goalsOf(engine: StrategyMetrics, recovery: RecoveryMetrics): Goal[] {
  const saving = -(engine.costVsPremium ?? 0);
  return [
    { name: 'cost vs always-premium', target: '≥ 40% cheaper', actual: `${pct(saving)} cheaper`, pass: saving >= 0.4 },
    { name: 'SLAs met', target: '≥ 99%', actual: pct(engine.slaMetShare, 2), pass: engine.slaMetShare >= 0.99 },
    { name: 'success through the outage', target: '≥ 99.9%', actual: pct(engine.outageSuccessRate, 2), pass: engine.outageSuccessRate >= 0.999 },
    {
      name: `traffic back after ${recovery.target} heals`,
      target: `< ${RECOVERY_GOAL_MS / 1000} s after its breaker closes`,
      actual: recoveryActual(recovery),
      pass: recovery.recoveredAfterMs !== undefined && recovery.recoveredAfterMs < RECOVERY_GOAL_MS,
    },
  ];
}

function recoveryActual(recovery: RecoveryMetrics): string {
  if (recovery.openedAtMs === undefined) return 'its breaker never opened';
  if (recovery.closedAtMs === undefined) return 'its breaker never closed';
  if (recovery.recoveredAfterMs === undefined) return `not back by the end of the run (${duration(RUN.durationMs - recovery.closedAtMs)} after its breaker closed)`;
  return `${duration(recovery.recoveredAfterMs)} after its breaker closed (at ${clockTime(recovery.closedAtMs + recovery.recoveredAfterMs)})`;
}

export function recoveryLines(recovery: RecoveryMetrics): string[] {
  const { before } = recovery;
  return [
    `- definition: ${recovery.definition}`,
    `- breaker: ${recovery.breaker.map((change) => `${change.state} at ${clockTime(change.atMs)}${change.reason ? ` (${change.reason})` : ''}`).join(', ') || 'never left closed'}`,
    `- share before the failure: ${pct(before.share)} (${before.served}/${before.requests})`,
    `- share back: ${recoveryActual(recovery)}`,
    `- share ${FULLY_BACK * 100}% back (the same rule at ${FULLY_BACK * 100}%): ${recovery.fullyBackAfterMs === undefined ? 'not by the end of the run' : `${duration(recovery.fullyBackAfterMs)} after its breaker closed`}`,
    `- share per minute after its breaker closed: ${recovery.minutesAfterClosing.map((minute) => pct(minute.share, 0)).join(', ')}`,
  ];
}

export function table(results: ReadonlyArray<[StrategyName, StrategyMetrics]>): string {
  const header = '| strategy | cost (USD) | vs premium | SLAs met | success | success in outage | p50 latency | p95 latency | p95 first token |';
  const rule = '|---|---:|---:|---:|---:|---:|---:|---:|---:|';
  const rows = results.map(
    ([name, m]) =>
      `| ${name} | ${m.costUsd.toFixed(2)} | ${m.costVsPremium === undefined ? '' : signedPct(m.costVsPremium)} | ${pct(m.slaMetShare, 2)} (${m.slaMet}/${m.withSla}) | ${pct(m.successRate, 2)} | ${pct(m.outageSuccessRate, 2)} (${m.outageRequests}) | ${seconds(m.p50LatencyMs)} | ${seconds(m.p95LatencyMs)} | ${seconds(m.p95FirstTokenMs)} |`,
  );
  return [header, rule, ...rows].join('\n');
}

export function diagnostics(name: StrategyName, m: StrategyMetrics): string {
  const lines = [`${name}: failures ${JSON.stringify(m.failures)}; SLA misses by kind ${JSON.stringify(m.slaMissesByKind)}`];
  for (const [phase, served] of Object.entries(m.servedByPhase)) {
    const total = Object.values(served).reduce((sum, count) => sum + count, 0);
    const top = Object.entries(served)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 6)
      .map(([target, count]) => `${target} ${pct(count / Math.max(1, total))}`);
    lines.push(`  served ${phase}: ${top.join(', ')}`);
  }
  return lines.join('\n');
}

/** Virtual time after the run's start, m:ss.s. */
export const clockTime = (ms: number) => `${Math.floor(ms / 60_000)}:${((ms % 60_000) / 1000).toFixed(1).padStart(4, '0')}`;
const duration = (ms: number) => {
  const whole = Math.round(ms / 1000);
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${whole % 60} s`;
};
const pct = (value: number, digits = 1) => `${(value * 100).toFixed(digits)}%`;
const signedPct = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
