/**
 * The benchmark's verdict: the figures per target, the gateway's overhead as a multiple of the
 * bare proxy's (the floor), and the goals from the issue with PASS or FAIL.
 */
import type { Summary } from './load.ts';
import type { MemoryResult } from './slow-streams.ts';

export interface LatencyResult {
  requests: number;
  failures: number;
  firstFailure: string | undefined;
  firstByte: Summary;
  total: Summary;
}

export interface ThroughputResult extends LatencyResult {
  requestsPerSecond: number;
  /** CPU milliseconds per request, per process (the load generator, the proxy, the upstream). */
  cpuMsPerRequest: Record<string, number>;
}

export interface TargetResult {
  name: string;
  label: string;
  json1: LatencyResult;
  stream1: LatencyResult;
  json32: ThroughputResult;
  stream32: ThroughputResult;
}

export interface Added {
  jsonMs: number;
  streamFirstMs: number;
  streamTotalMs: number;
}

export interface Goal {
  goal: string;
  measured: string;
  pass: boolean;
}

export const addedOver = (direct: TargetResult, target: TargetResult): Added => ({
  jsonMs: target.json1.total.mean - direct.json1.total.mean,
  streamFirstMs: target.stream1.firstByte.mean - direct.stream1.firstByte.mean,
  streamTotalMs: target.stream1.total.mean - direct.stream1.total.mean,
});

const LATENCY_GOAL = 1.25;
const THROUGHPUT_GOAL = 0.75;

/** The goals for one gateway run, judged against the floor. */
export function judge(
  floor: TargetResult,
  gateway: TargetResult,
  direct: TargetResult,
  memory: { gateway: MemoryResult; floor: MemoryResult } | undefined,
  streamEnd = '[DONE]',
): Goal[] {
  const f = addedOver(direct, floor);
  const g = addedOver(direct, gateway);
  const latency = (what: string, gw: number, fl: number): Goal => ({
    goal: `${what}: added latency at c=1 <= ${LATENCY_GOAL}x floor`,
    measured: `${ms(gw)} vs ${ms(fl)} = ${ratio(gw / fl)}`,
    pass: Number.isFinite(gw) && fl > 0 && gw <= LATENCY_GOAL * fl,
  });
  const throughput = (what: string, gw: number, fl: number): Goal => ({
    goal: `${what}: req/s at c=32 >= ${THROUGHPUT_GOAL * 100}% of floor`,
    measured: `${Math.round(gw)} vs ${Math.round(fl)} = ${percent(gw / fl)}`,
    pass: fl > 0 && gw >= THROUGHPUT_GOAL * fl,
  });
  const goals = [
    latency('non-streaming', g.jsonMs, f.jsonMs),
    throughput('non-streaming', gateway.json32.requestsPerSecond, floor.json32.requestsPerSecond),
    latency('streaming, first event', g.streamFirstMs, f.streamFirstMs),
    latency(`streaming, ${streamEnd}`, g.streamTotalMs, f.streamTotalMs),
    throughput('streaming', gateway.stream32.requestsPerSecond, floor.stream32.requestsPerSecond),
  ];
  const failures = [gateway.json1, gateway.stream1, gateway.json32, gateway.stream32].reduce((sum, r) => sum + r.failures, 0);
  goals.push({ goal: 'no failed requests', measured: `${failures} failed`, pass: failures === 0 });
  if (memory) {
    const { gateway: m, floor: mf } = memory;
    const completed = m.waves.reduce((sum, w) => sum + w.completed, 0);
    const streams = m.waves.reduce((sum, w) => sum + w.streams, 0);
    goals.push({
      goal: `${m.streams} concurrent slow streams: all end in [DONE], peak RSS no higher than the floor's`,
      measured: `${completed}/${streams} done, peak ${m.rssPeakMB.toFixed(0)} MB vs ${mf.rssPeakMB.toFixed(0)} MB`,
      pass: completed === streams && m.rssPeakMB <= mf.rssPeakMB,
    });
  }
  return goals;
}

const ms = (value: number) => `${value.toFixed(3)} ms`;
const ratio = (value: number) => `${value.toFixed(2)}x`;
const percent = (value: number) => `${(value * 100).toFixed(0)}%`;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
  return rows.map((row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n');
}

/** `streamEnd` names the event a stream ends with, in the row labels. */
export function formatFigures(targets: readonly TargetResult[], floorName: string, streamEnd = '[DONE]'): string {
  const direct = targets[0]!;
  const floor = targets.find((t) => t.name === floorName)!;
  /** An added latency, with its multiple of the floor's for the gateways. */
  const addedCell = (t: TargetResult, value: (t: TargetResult) => number) =>
    t === direct ? '-' : value(t).toFixed(3) + (t === floor ? '' : ` (${ratio(value(t) / value(floor))})`);
  const row = (name: string, cell: (t: TargetResult) => string) => [name, ...targets.map(cell)];
  const rows: string[][] = [
    ['', ...targets.map((t) => t.label)],
    row('c=1 JSON: mean ms', (t) => t.json1.total.mean.toFixed(3)),
    row('  p50 / p99 ms', (t) => `${t.json1.total.p50.toFixed(3)} / ${t.json1.total.p99.toFixed(3)}`),
    row('  added vs direct (x floor)', (t) => addedCell(t, (x) => addedOver(direct, x).jsonMs)),
    row('  added at p50 (x floor)', (t) => addedCell(t, (x) => p50Added(direct, x, 'json1'))),
    row('c=1 stream: first event ms', (t) => t.stream1.firstByte.mean.toFixed(3)),
    row('  added (x floor)', (t) => addedCell(t, (x) => addedOver(direct, x).streamFirstMs)),
    row(`c=1 stream: ${streamEnd} ms`, (t) => t.stream1.total.mean.toFixed(3)),
    row('  added (x floor)', (t) => addedCell(t, (x) => addedOver(direct, x).streamTotalMs)),
    row('  added at p50 (x floor)', (t) => addedCell(t, (x) => p50Added(direct, x, 'stream1'))),
    row('c=32 JSON: req/s (% floor)', (t) => Math.round(t.json32.requestsPerSecond) + (t === direct || t === floor ? '' : ` (${percent(t.json32.requestsPerSecond / floor.json32.requestsPerSecond)})`)),
    row('  mean / p99 ms', (t) => `${t.json32.total.mean.toFixed(2)} / ${t.json32.total.p99.toFixed(2)}`),
    row('  proxy CPU ms/req', (t) => cpu(t.json32, 'proxy')),
    row('c=32 stream: req/s (% floor)', (t) => Math.round(t.stream32.requestsPerSecond) + (t === direct || t === floor ? '' : ` (${percent(t.stream32.requestsPerSecond / floor.stream32.requestsPerSecond)})`)),
    row(`  first event / ${streamEnd} ms`, (t) => `${t.stream32.firstByte.mean.toFixed(2)} / ${t.stream32.total.mean.toFixed(2)}`),
    row('  proxy CPU ms/req', (t) => cpu(t.stream32, 'proxy')),
    row('requests / failed', (t) => {
      const all = [t.json1, t.stream1, t.json32, t.stream32];
      return `${all.reduce((s, r) => s + r.requests, 0)} / ${all.reduce((s, r) => s + r.failures, 0)}`;
    }),
  ];
  return table(rows);
}

/** Added latency at the median: the same comparison, blind to the rare multi-millisecond stalls. */
const p50Added = (direct: TargetResult, t: TargetResult, kind: 'json1' | 'stream1') => t[kind].total.p50 - direct[kind].total.p50;

const cpu = (result: ThroughputResult, process: string) => {
  const value = result.cpuMsPerRequest[process];
  return value === undefined ? '-' : value.toFixed(3);
};

export function formatMemory(results: ReadonlyArray<{ label: string; memory: MemoryResult }>): string {
  const rows: string[][] = [['', 'RSS before', 'peak', 'after', 'peak of each round', 'streams done / failed', 'max streaming at once', 'seconds per wave']];
  for (const { label, memory } of results) {
    rows.push([
      label,
      `${memory.rssBeforeMB.toFixed(0)} MB`,
      `${memory.rssPeakMB.toFixed(0)} MB`,
      `${memory.rssAfterMB.toFixed(0)} MB`,
      (memory.peaksMB ?? [memory.rssPeakMB]).map((peak) => peak.toFixed(0)).join(', '),
      memory.waves.map((w) => `${w.completed}/${w.failed}`).join(', '),
      memory.waves.map((w) => String(w.maxOpen)).join(', '),
      memory.waves.map((w) => w.seconds.toFixed(1)).join(', '),
    ]);
  }
  return table(rows);
}

export function formatGoals(title: string, goals: readonly Goal[]): string {
  return [title, ...goals.map((g) => `  ${g.pass ? 'PASS' : 'FAIL'}  ${g.goal}: ${g.measured}`)].join('\n');
}
