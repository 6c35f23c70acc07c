/**
 * `npm run bench:coldstart`: what a new Lambda instance pays before its first byte. Builds the
 * gateway's and the worker's bundles with the stack's esbuild options (and a minimal streaming
 * handler as the floor), starts the stack's tables, queues and bucket on loopback in another
 * process (pricing seeded), with a Secrets Manager stand-in holding the keys as the deployment's
 * secret does, and a fake OpenAI that answers at once, then starts each bundle RUNS times (10,
 * after one start of each that is not counted) in a fresh process pinned to one core
 * (`taskset -c 0`) with the stack's environment and the flags Lambda's runtime gives `node` for
 * the function's memory (lambda-node-flags.ts), and reports import-to-ready, peak RSS, the first
 * and second requests' time to headers, and ready plus the first request (what a new instance's
 * first caller waits, on-demand), as medians with min and max. Writes bench/results/coldstart.json.
 * `BENCH_RUNS` changes the count; `BENCH_CPU_PROF=DIR` writes a CPU profile of each counted cold
 * start to DIR; `BENCH_SECRET_DELAY_MS`
 * makes the secret's answer that much later, as when Secrets Manager is a TLS handshake and a
 * round trip away rather than on loopback.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildBundle, buildSideFiles, bundleParts } from '../../lib/build-bundle.ts';
import { FUNCTIONS } from '../../functions/infrastructure/resource-definitions.ts';
import { REPO_ROOT, startService, stopAllServices } from '../child-services.ts';
import type { ColdStartSample, FunctionKind } from './cold-start-probe.ts';
import { lambdaNodeFlags } from './lambda-node-flags.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const PROBE = join(REPO_ROOT, 'bench/coldstart/cold-start-probe.ts');
const ENTRIES: Record<FunctionKind, string> = { floor: '../bench/coldstart/minimal-handler.ts', gateway: 'gateway.ts', worker: 'worker.ts' };
const SERVICES: Record<FunctionKind, string> = { floor: 'floor', gateway: 'gateway', worker: 'worker' };
/** Each function's memory as the stack sizes it; the floor stands in for the gateway's. */
const MEMORY_MB: Record<FunctionKind, number> = { floor: FUNCTIONS.gateway.memoryMb, gateway: FUNCTIONS.gateway.memoryMb, worker: FUNCTIONS.worker.memoryMb };
const GATEWAY_KEY = 'sk-switchyard-coldstart';
const CPU_PROF = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
const SECRET_DELAY_MS = Number(process.env.BENCH_SECRET_DELAY_MS ?? 0);

const kb = (bytes: number) => `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KB`;

const out = mkdtempSync(join(tmpdir(), 'switchyard-coldstart-'));
try {
  const bundles = await buildAll();
  const upstream = await startService({ name: 'fake-openai', script: 'bench/fake-openai-upstream.ts', env: {} });
  // The keys in the deployment's secret, as the stack keeps them: each function reads it at its start.
  const secret = { SWITCHYARD_API_KEYS: GATEWAY_KEY, OPENAI_API_KEY: 'sk-coldstart' };
  const store = await startStore({ OPENAI_API_KEY: secret.OPENAI_API_KEY, SECRET_STRING: JSON.stringify(secret), BENCH_SECRET_DELAY_MS: String(SECRET_DELAY_MS) });
  const functionEnv = (kind: FunctionKind): Record<string, string> => ({
    PATH: process.env.PATH ?? '',
    // What the stack gives every function (lib/constructs/bundled-function.ts) and these ones.
    POWERTOOLS_METRICS_NAMESPACE: 'Switchyard',
    POWERTOOLS_SERVICE_NAME: SERVICES[kind],
    // Metrics on, as inside Lambda (observability/metrics.ts).
    POWERTOOLS_METRICS_DISABLED: 'false',
    NODE_ENV: 'production',
    ...store.env,
    OPENAI_BASE_URL: `${upstream.url}/v1`,
    // For the probe's requests; the function reads its keys from the secret.
    BENCH_GATEWAY_KEY: GATEWAY_KEY,
  });

  const samples: Record<FunctionKind, ColdStartSample[]> = { floor: [], gateway: [], worker: [] };
  // One start of each function first, not counted: the stand-ins for the provider and AWS are
  // long-lived and warm, as the real services are, rather than taking the first measured start's
  // requests with code of their own not yet compiled.
  for (const kind of Object.keys(ENTRIES) as FunctionKind[]) await coldStart(kind, bundles[kind].file, functionEnv(kind), { profile: false });
  for (let run = 0; run < RUNS; run++) {
    // Interleaved, so a noisy moment of the machine falls on every function alike.
    for (const kind of Object.keys(ENTRIES) as FunctionKind[]) samples[kind].push(await coldStart(kind, bundles[kind].file, functionEnv(kind)));
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  store.stop();
  await stopAllServices();
  report(bundles, samples);
} finally {
  rmSync(out, { recursive: true, force: true });
}

interface Bundle {
  file: string;
  bytes: number;
  gzipBytes: number;
  mapBytes: number | undefined;
  parts: Array<{ part: string; bytes: number }>;
}

async function buildAll(): Promise<Record<FunctionKind, Bundle>> {
  const built = {} as Record<FunctionKind, Bundle>;
  for (const [kind, entry] of Object.entries(ENTRIES) as Array<[FunctionKind, string]>) {
    const { code, map, metafile } = await buildBundle(entry);
    const dir = join(out, kind);
    mkdirSync(dir);
    // As the function's asset holds them: index.mjs, its map, and the side modules with their package.json.
    writeFileSync(join(dir, 'index.mjs'), code);
    if (map) writeFileSync(join(dir, 'index.mjs.map'), map);
    for (const { file, contents } of await buildSideFiles()) writeFileSync(join(dir, file), contents);
    built[kind] = { file: join(dir, 'index.mjs'), bytes: code.byteLength, gzipBytes: gzipSync(code).byteLength, mapBytes: map?.byteLength, parts: bundleParts(metafile) };
  }
  return built;
}

async function startStore(env: Record<string, string>): Promise<{ env: Record<string, string>; stop(): void }> {
  const child = spawn(process.execPath, ['--import', join(REPO_ROOT, 'bench/exit-with-parent.ts'), join(REPO_ROOT, 'bench/coldstart/embedded-store.ts')], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', POWERTOOLS_LOG_LEVEL: 'ERROR', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await firstLine(child.stdout, 'ENV ');
  return { env: JSON.parse(line) as Record<string, string>, stop: () => child.kill('SIGTERM') };
}

async function coldStart(kind: FunctionKind, file: string, env: Record<string, string>, { profile = true } = {}): Promise<ColdStartSample> {
  const child = spawn('taskset', ['-c', '0', process.execPath, ...lambdaNodeFlags(MEMORY_MB[kind]), ...(profile ? CPU_PROF : []), PROBE, kind, file], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    return JSON.parse(await firstLine(child.stdout, 'RESULT ')) as ColdStartSample;
  } catch (error) {
    throw new Error(`${kind}: ${(error as Error).message}\n${stderr}`);
  } finally {
    await exited;
  }
}

/** The rest of the first line of `stream` that starts with `prefix` (other lines are logs). */
function firstLine(stream: NodeJS.ReadableStream, prefix: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.startsWith(prefix)) {
          stream.off('data', onData);
          // Keep draining, so the child never blocks on a full pipe.
          stream.resume();
          resolve(line.slice(prefix.length));
          return;
        }
      }
    };
    stream.on('data', onData);
    stream.once('end', () => reject(new Error(`ended without a ${prefix.trim()} line`)));
  });
}

interface Spread {
  median: number;
  min: number;
  max: number;
}

function spread(values: number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = sorted.length % 2 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]! };
}

interface Figures {
  importToReadyMs: Spread;
  processToReadyMs: Spread;
  cpuToReadyMs: Spread;
  peakRssMb: Spread;
  firstHeadersMs: Spread | undefined;
  secondHeadersMs: Spread | undefined;
  readyPlusFirstMs: Spread | undefined;
  statuses: number[];
}

function report(bundles: Record<FunctionKind, Bundle>, samples: Record<FunctionKind, ColdStartSample[]>): void {
  const kinds = Object.keys(ENTRIES) as FunctionKind[];
  const show = ({ median, min, max }: Spread, unit: string) => `${median.toFixed(0)} ${unit} (${min.toFixed(0)} to ${max.toFixed(0)})`;
  const stat = (kind: FunctionKind, pick: (sample: ColdStartSample) => number | undefined) => {
    const values = samples[kind].map(pick).filter((value): value is number => value !== undefined);
    return values.length > 0 ? spread(values) : undefined;
  };
  const figures = Object.fromEntries(
    kinds.map((kind) => [
      kind,
      {
        bundle: { bytes: bundles[kind].bytes, gzipBytes: bundles[kind].gzipBytes, mapBytes: bundles[kind].mapBytes, parts: bundles[kind].parts.slice(0, 8) },
        importToReadyMs: stat(kind, (sample) => sample.importToReadyMs),
        processToReadyMs: stat(kind, (sample) => sample.processToReadyMs),
        cpuToReadyMs: stat(kind, (sample) => sample.cpuToReadyMs),
        peakRssMb: stat(kind, (sample) => sample.peakRssMb),
        firstHeadersMs: stat(kind, (sample) => sample.first?.headersMs),
        secondHeadersMs: stat(kind, (sample) => sample.second?.headersMs),
        readyPlusFirstMs: stat(kind, (sample) => (sample.first ? sample.importToReadyMs + sample.first.headersMs : undefined)),
        statuses: [...new Set(samples[kind].flatMap((sample) => [sample.first?.status, sample.second?.status]).filter((status) => status !== undefined))],
      },
    ]),
  ) as unknown as Record<FunctionKind, Figures>;

  console.log(`Cold starts: ${RUNS} fresh processes per function on one core (taskset -c 0), Node ${process.versions.node}, with the stack's environment`);
  console.log(`and Lambda's flags for node (gateway and floor: ${lambdaNodeFlags(MEMORY_MB.gateway).join(' ')}; worker: ${lambdaNodeFlags(MEMORY_MB.worker).join(' ')})`);
  if (SECRET_DELAY_MS > 0) console.log(`The secret answered ${SECRET_DELAY_MS} ms after it was asked for (BENCH_SECRET_DELAY_MS).`);
  console.log('median (min to max)\n');
  const rows: string[][] = [['', ...kinds]];
  rows.push(['bundle (raw / gzip)', ...kinds.map((kind) => `${kb(bundles[kind].bytes)} / ${kb(bundles[kind].gzipBytes)}`)]);
  rows.push(['source map', ...kinds.map((kind) => (bundles[kind].mapBytes === undefined ? '-' : kb(bundles[kind].mapBytes!)))]);
  rows.push(['import to ready', ...kinds.map((kind) => show(figures[kind].importToReadyMs, 'ms'))]);
  rows.push(['process start to ready', ...kinds.map((kind) => show(figures[kind].processToReadyMs, 'ms'))]);
  rows.push(['CPU time to ready (whole process)', ...kinds.map((kind) => show(figures[kind].cpuToReadyMs, 'ms'))]);
  rows.push(['peak RSS once ready', ...kinds.map((kind) => show(figures[kind].peakRssMb, 'MB'))]);
  rows.push(['first request, to headers', ...kinds.map((kind) => (figures[kind].firstHeadersMs ? show(figures[kind].firstHeadersMs, 'ms') : '-'))]);
  rows.push(['second request, to headers', ...kinds.map((kind) => (figures[kind].secondHeadersMs ? show(figures[kind].secondHeadersMs, 'ms') : '-'))]);
  rows.push(['ready plus the first request', ...kinds.map((kind) => (figures[kind].readyPlusFirstMs ? show(figures[kind].readyPlusFirstMs, 'ms') : '-'))]);
  rows.push(['statuses', ...kinds.map((kind) => figures[kind].statuses.join(', ') || '-')]);
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column]!)).join('  '));
  console.log('\nlargest parts of the gateway bundle:', bundles.gateway.parts.slice(0, 6).map(({ part, bytes }) => `${part} ${kb(bytes)}`).join(', '));

  const first = figures.gateway.firstHeadersMs?.median;
  const second = figures.gateway.secondHeadersMs?.median;
  const goals: Array<[string, boolean, string]> = [
    ['gateway ready in at most 150 ms', figures.gateway.importToReadyMs.median <= 150, `${figures.gateway.importToReadyMs.median.toFixed(0)} ms`],
    ['gateway bundle at most 600 KB gzipped', bundles.gateway.gzipBytes <= 600 * 1024, kb(bundles.gateway.gzipBytes)],
    ['first request at most 1.5x the second', first !== undefined && second !== undefined && first <= 1.5 * second, first && second ? `${(first / second).toFixed(2)}x` : '-'],
  ];
  console.log('');
  for (const [goal, met, value] of goals) console.log(`${met ? 'PASS' : 'FAIL'} ${goal}: ${value}`);

  mkdirSync(join(REPO_ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(REPO_ROOT, 'bench/results/coldstart.json'), `${JSON.stringify({ runs: RUNS, uncountedStarts: 1, node: process.versions.node, figures, samples }, null, 2)}\n`);
}
