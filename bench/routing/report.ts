/**
 * The markdown table, the goals (PASS/FAIL) and the diagnostics printed after a run.
 */
import type { StrategyMetrics } from './metrics.ts';
import type { StrategyName } from './strategies.ts';

export interface Goal {
  name: string;
  target: string;
  actual: string;
  pass: boolean;
}

export function goalsOf(engine: StrategyMetrics): Goal[] {
  const saving = -(engine.costVsPremium ?? 0);
  return [
    { name: 'cost vs always-premium', target: '≥ 40% cheaper', actual: `${pct(saving)} cheaper`, pass: saving >= 0.4 },
    { name: 'SLAs met', target: '≥ 99%', actual: pct(engine.slaMetShare, 2), pass: engine.slaMetShare >= 0.99 },
    { name: 'success through the outage', target: '≥ 99.9%', actual: pct(engine.outageSuccessRate, 2), pass: engine.outageSuccessRate >= 0.999 },
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

const pct = (value: number, digits = 1) => `${(value * 100).toFixed(digits)}%`;
const signedPct = (value: number) => `${value >= 0 ? '+' : ''}${(value * 100).toFixed(1)}%`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
