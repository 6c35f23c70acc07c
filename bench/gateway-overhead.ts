/**
 * `npm run bench`: what the gateway adds on top of its upstream, on loopback, in one run of
 * about six minutes. Each target in its own processes besides this one, so none shares an event loop:
 *
 *   fake OpenAI upstream (answers at once)   <- direct: the baseline
 *   bare pass-through proxy (fetch + pipe)   <- the floor
 *   gateway as deployed (bench/deployed-gateway-server.ts, bundled as a function's code is:
 *     bench/deployed-gateway.ts): its DynamoDB store on an embedded DynamoDB in another
 *     process, INFO request logs, samples written after each response
 *                                             <- the headline, judged against the floor
 *   `npm start` as a user runs it (functions/local/npm-start.mjs, in memory), INFO logs
 *   gateway alone (bench/gateway-server.ts): no store, POWERTOOLS_LOG_LEVEL=ERROR
 *
 * and the Messages door (`/v1/messages`) of the same deployed gateway, judged as the chat rows are:
 * native, to a fake Anthropic upstream (its direct and its floor a bare proxy in front of that
 * fake), and translated, to the fake OpenAI (its direct and floor the chat rows', OpenAI's answer
 * being the same); and the Responses door (`/v1/responses`) likewise: native, to the fake OpenAI's
 * /v1/responses (its direct that, its floor a bare proxy in front of it), and translated, to the
 * fake Anthropic (its direct and floor the native Messages rows').
 *
 * Measured for each: mean latency at concurrency 1 (JSON, and streaming to the first event and
 * to `[DONE]`), interleaved in short rounds so drift hits every target alike; requests/s at 32
 * connections; and, in fresh processes of the bare proxy, `npm start` and the deployed gateway,
 * the RSS of the process the streams pass through with 1,000 slow streams open at once, twice over,
 * in three rounds (each process fresh in each, the order rotated), judged on each process's median peak.
 * Results go to bench/results/latest.json.
 *
 * Environment: BENCH_TIME_SCALE (default 1) scales every duration; BENCH_CPU_PROF=DIR writes a
 * CPU profile of the deployed gateway there, and the bundle it ran (DIR/deployed-gateway/), which
 * summarize-cpu-profile.ts maps back to the sources; BENCH_SOAK_ROUNDS (default 3) sets the memory
 * test's rounds; BENCH_STRICT=1 exits 1 when a headline goal is missed.
 */
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import type { Pool } from 'undici';
import { removeLogs, REPO_ROOT, startService, stopAllServices, type Service } from './child-services.ts';
import { closedLoop, openPool, Recorder, summarize, type RequestSpec } from './load.ts';
import { cpuMs, rssMB } from './proc-stats.ts';
import { addedOver, formatFigures, formatGoals, formatMemory, judge, type LatencyResult, type TargetResult, type ThroughputResult } from './report.ts';
import { prepareDeployedGateway } from './deployed-gateway.ts';
import { measureSlowStreams, medianRound, type MemoryResult } from './slow-streams.ts';
import { chatWorkload, GATEWAY_KEY, messagesWorkload, responsesWorkload, type Workload } from './workloads.ts';

const SCALE = Number(process.env.BENCH_TIME_SCALE ?? 1);
const LATENCY_ROUNDS = 6;
const LATENCY_ROUND_MS = 500 * SCALE;
const THROUGHPUT_ROUNDS = 2;
const THROUGHPUT_ROUND_MS = 2_500 * SCALE;
const WARMUP_MS = 1_000 * SCALE;
const CONNECTIONS = 32;
const SLOW_STREAMS = 1_000;
const SLOW_WAVES = 2;
const SLOW_EVENT_MS = 150;
/** Rounds of the memory test, each process fresh in each; judged on each process's median peak. */
const SOAK_ROUNDS = Number(process.env.BENCH_SOAK_ROUNDS ?? 3);
if (!Number.isInteger(SOAK_ROUNDS) || SOAK_ROUNDS < 1) throw new Error(`BENCH_SOAK_ROUNDS must be a whole number of rounds, at least 1, not '${process.env.BENCH_SOAK_ROUNDS}'`);

// Catalog models: only the catalog's targets have their health samples written to the table and
// read back (routing-engine.ts), which the deployed gateway is measured doing. The fakes answer any name.
const CHAT = chatWorkload('openai/gpt-4o-mini');
const MESSAGES_NATIVE = messagesWorkload('anthropic/claude-haiku-4-5');
const MESSAGES_TRANSLATED = messagesWorkload('openai/gpt-4o-mini');
const RESPONSES_NATIVE = responsesWorkload('openai/gpt-4o-mini');
const RESPONSES_TRANSLATED = responsesWorkload('anthropic/claude-haiku-4-5');
const SLOW_REQUEST = chatWorkload(`openai/bench-slow-${SLOW_EVENT_MS}`).stream;

interface Target {
  name: string;
  label: string;
  service: Service;
  workload: Workload;
  upstreamPid: number;
  /** The process between the client and the upstream, if any. */
  proxyPid: number | undefined;
  pool1: Pool;
  pool32: Pool;
  json1: Recorder;
  stream1: Recorder;
  json32: Recorder;
  stream32: Recorder;
  cpu: { json32: Record<string, number>; stream32: Record<string, number> };
}

const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);
/** Stops the deployed gateway's tables and removes its bundle, once main has made them. */
let closeDeployedGateway: (() => Promise<void>) | undefined;

async function main(): Promise<void> {
  const started = performance.now();
  progress('starting the fake upstreams, the bare proxies and three gateways');
  const upstream = await startService({ name: 'upstream', script: 'bench/fake-openai-upstream.ts', env: {} });
  const anthropicUpstream = await startService({ name: 'anthropic-upstream', script: 'bench/fake-anthropic-upstream.ts', env: {} });
  const startBare = (name: string, upstreamUrl = upstream.url) => startService({ name, script: 'bench/bare-proxy.ts', env: { UPSTREAM_URL: upstreamUrl } });
  const profileDir = process.env.BENCH_CPU_PROF;
  const gatewayEnv = { SWITCHYARD_API_KEYS: GATEWAY_KEY, OPENAI_API_KEY: 'sk-bench-upstream-key', OPENAI_BASE_URL: `${upstream.url}/v1` };
  // Only the deployed gateway is measured on the Messages door, so only it knows Anthropic.
  const anthropicEnv = { ANTHROPIC_API_KEY: 'sk-ant-bench-upstream-key', ANTHROPIC_BASE_URL: anthropicUpstream.url };
  progress('bundling the deployed gateway and starting its tables');
  const deployedGateway = await prepareDeployedGateway({ ...gatewayEnv, ...anthropicEnv }, profileDir ? resolve(profileDir, 'deployed-gateway') : undefined);
  closeDeployedGateway = deployedGateway.close;
  const startDeployed = (name: string, profile = false) =>
    startService({
      name,
      script: deployedGateway.script,
      // Metrics on, as inside Lambda (observability/metrics.ts): each request's EMF line beside its log line.
      env: { NODE_ENV: 'production', POWERTOOLS_METRICS_DISABLED: 'false', ...gatewayEnv, ...anthropicEnv, ...deployedGateway.env },
      ...(profile && profileDir ? { nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${resolve(profileDir)}`] } : {}),
    });
  // As a user runs it (NODE_ENV defaults to development there), its data in memory rather than in the repository's .data/.
  const startNpmStart = (name: string) =>
    startService({ name, script: 'functions/local/npm-start.mjs', env: { NODE_ENV: 'development', SWITCHYARD_IN_MEMORY: '1', ...gatewayEnv } });
  const startAlone = (name: string) =>
    startService({ name, script: 'bench/gateway-server.ts', env: { NODE_ENV: 'production', POWERTOOLS_LOG_LEVEL: 'ERROR', ...gatewayEnv } });
  const bare = await startBare('bare-proxy');
  const deployed = await startDeployed('deployed', true);
  const npmStart = await startNpmStart('npm-start');
  const alone = await startAlone('gateway-alone');
  const anthropicBare = await startBare('anthropic-bare-proxy', anthropicUpstream.url);

  const target = (name: string, label: string, service: Service, proxied: boolean, workload = CHAT, upstreamPid = upstream.pid): Target => ({
    name,
    label,
    service,
    workload,
    upstreamPid,
    proxyPid: proxied ? service.pid : undefined,
    pool1: openPool(service.url, 1),
    pool32: openPool(service.url, CONNECTIONS),
    json1: new Recorder(),
    stream1: new Recorder(),
    json32: new Recorder(),
    stream32: new Recorder(),
    cpu: { json32: {}, stream32: {} },
  });
  const targets = [
    target('direct', 'direct', upstream, false),
    target('bare-proxy', 'bare proxy', bare, true),
    target('deployed', 'as deployed', deployed, true),
    target('npm-start', 'npm start', npmStart, true),
    target('gateway-alone', 'gateway alone', alone, true),
    target('anthropic-direct', 'direct', anthropicUpstream, false, MESSAGES_NATIVE, anthropicUpstream.pid),
    target('anthropic-bare-proxy', 'bare proxy', anthropicBare, true, MESSAGES_NATIVE, anthropicUpstream.pid),
    target('deployed-messages', 'as deployed', deployed, true, MESSAGES_NATIVE, anthropicUpstream.pid),
    target('deployed-messages-openai', 'as deployed, to OpenAI', deployed, true, MESSAGES_TRANSLATED),
    target('responses-direct', 'direct', upstream, false, RESPONSES_NATIVE),
    target('responses-bare-proxy', 'bare proxy', bare, true, RESPONSES_NATIVE),
    target('deployed-responses', 'as deployed', deployed, true, RESPONSES_NATIVE),
    target('deployed-responses-anthropic', 'as deployed, to Anthropic', deployed, true, RESPONSES_TRANSLATED, anthropicUpstream.pid),
  ];

  for (const t of targets) await t.workload.verify(t.service.url, t.label);
  progress(`warming up every target (${targets.length}; JSON and streaming, 32 connections)`);
  for (const t of targets) {
    const { json, stream } = t.workload;
    await closedLoop(t.pool32, json, { concurrency: CONNECTIONS, durationMs: WARMUP_MS }, new Recorder());
    await closedLoop(t.pool32, stream, { concurrency: CONNECTIONS, durationMs: WARMUP_MS }, new Recorder());
    await closedLoop(t.pool1, json, { concurrency: 1, durationMs: WARMUP_MS / 4 }, new Recorder());
    await closedLoop(t.pool1, stream, { concurrency: 1, durationMs: WARMUP_MS / 4 }, new Recorder());
  }

  progress(`latency at concurrency 1: ${LATENCY_ROUNDS} interleaved rounds of ${LATENCY_ROUND_MS} ms per target and kind`);
  for (let round = 0; round < LATENCY_ROUNDS; round++) {
    for (const t of rotate(targets, round)) {
      await closedLoop(t.pool1, t.workload.json, { concurrency: 1, durationMs: LATENCY_ROUND_MS }, t.json1);
      await closedLoop(t.pool1, t.workload.stream, { concurrency: 1, durationMs: LATENCY_ROUND_MS }, t.stream1);
    }
  }

  progress(`throughput at ${CONNECTIONS} connections: ${THROUGHPUT_ROUNDS} rounds of ${THROUGHPUT_ROUND_MS} ms per target and kind`);
  for (let round = 0; round < THROUGHPUT_ROUNDS; round++) {
    for (const t of rotate(targets, round)) {
      await measureThroughput(t, t.workload.json, t.json32, t.cpu.json32);
      await measureThroughput(t, t.workload.stream, t.stream32, t.cpu.stream32);
    }
  }
  for (const t of targets) await Promise.all([t.pool1.close(), t.pool32.close()]);

  const deployedRequests = targets
    .filter((t) => t.service === deployed)
    .reduce((sum, t) => sum + t.json1.requests + t.stream1.requests + t.json32.requests + t.stream32.requests, 0);
  const logBytesPerRequest = statSync(deployed.logFile).size / Math.max(1, deployedRequests);
  // V8 grows its young generation under load and keeps it: reported, but the memory test below
  // starts fresh processes so that it measures what the streams themselves cost.
  const rssAfterLoadMB = Object.fromEntries([bare, deployed, npmStart, alone, anthropicBare].map((s) => [s.name, rssMB(s.pid)]));
  await Promise.all([bare.stop(), deployed.stop(), npmStart.stop(), alone.stop(), anthropicBare.stop()]);

  const soaked = [
    ['bare proxy', () => startBare('bare-proxy-memory')],
    ['npm start', () => startNpmStart('npm-start-memory')],
    ['as deployed', () => startDeployed('deployed-memory')],
  ] as const;
  const rounds = new Map<string, MemoryResult[]>(soaked.map(([label]) => [label, []]));
  for (let round = 1; round <= SOAK_ROUNDS; round++) {
    // The order rotated each round: over three, each process runs first, second and third once,
    // so that a drift of the machine falls on each alike.
    const shift = (round - 1) % soaked.length;
    for (const [label, start] of [...soaked.slice(shift), ...soaked.slice(0, shift)]) {
      progress(`memory, round ${round} of ${SOAK_ROUNDS}: a fresh ${label}, ${SLOW_WAVES} waves of ${SLOW_STREAMS} concurrent slow streams (an event every ${SLOW_EVENT_MS} ms, a tenth read slowly)`);
      const service = await start();
      await CHAT.verify(service.url, label);
      const pool = openPool(service.url, 8);
      await closedLoop(pool, CHAT.stream, { concurrency: 8, durationMs: 300 }, new Recorder());
      await pool.close();
      rounds.get(label)!.push(await measureSlowStreams(service.url, service.pid, SLOW_REQUEST, SLOW_STREAMS, SLOW_WAVES, 2 * SLOW_EVENT_MS));
      await service.stop();
    }
  }
  await stopAllServices();
  const memory = soaked.map(([label]) => ({ label, memory: medianRound(rounds.get(label)!) }));

  const results = targets.map(toResult);
  const [direct, floor, asDeployed, asStarted, gatewayAlone, anthropicDirect, anthropicFloor, messagesNative, messagesTranslated, responsesDirect, responsesFloor, responsesNative, responsesTranslated] =
    results as [
      TargetResult, TargetResult, TargetResult, TargetResult, TargetResult, TargetResult, TargetResult, TargetResult, TargetResult,
      TargetResult, TargetResult, TargetResult, TargetResult,
    ];
  const memoryOf = (label: string) => memory.find((m) => m.label === label)!.memory;
  const deployedGoals = judge(floor, asDeployed, direct, { floor: memoryOf('bare proxy'), gateway: memoryOf('as deployed') });
  const npmStartGoals = judge(floor, asStarted, direct, { floor: memoryOf('bare proxy'), gateway: memoryOf('npm start') });
  const aloneGoals = judge(floor, gatewayAlone, direct, undefined);
  const messagesNativeGoals = judge(anthropicFloor, messagesNative, anthropicDirect, undefined, 'message_stop');
  const messagesTranslatedGoals = judge(floor, messagesTranslated, direct, undefined, 'end');
  const responsesNativeGoals = judge(responsesFloor, responsesNative, responsesDirect, undefined, 'response.completed');
  const responsesTranslatedGoals = judge(anthropicFloor, responsesTranslated, anthropicDirect, undefined, 'end');
  const seconds = (performance.now() - started) / 1000;

  console.log(`\nSwitchyard gateway overhead — ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, loopback, ${seconds.toFixed(0)} s`);
  console.log('Mean latencies in ms; "added" = target minus direct; (x) = multiple of the bare proxy\'s added latency; (%) = share of its req/s.\n');
  console.log(formatFigures([direct, floor, asDeployed, asStarted, gatewayAlone], 'bare-proxy'));
  console.log('\nMessages door, native: /v1/messages for anthropic/claude-haiku-4-5, the fake Anthropic answering in its JSON and SSE:\n');
  console.log(formatFigures([anthropicDirect, anthropicFloor, messagesNative], 'anthropic-bare-proxy', 'message_stop'));
  console.log('\nMessages door, translated: /v1/messages for openai/gpt-4o-mini, the fake OpenAI; direct and the floor are the chat columns above:\n');
  console.log(formatFigures([direct, floor, messagesTranslated], 'bare-proxy', 'end'));
  console.log('\nResponses door, native: /v1/responses for openai/gpt-4o-mini, the fake OpenAI answering in its Responses JSON and SSE:\n');
  console.log(formatFigures([responsesDirect, responsesFloor, responsesNative], 'responses-bare-proxy', 'response.completed'));
  console.log('\nResponses door, translated: /v1/responses for anthropic/claude-haiku-4-5, the fake Anthropic; direct and the floor are the native Messages columns above:\n');
  console.log(formatFigures([anthropicDirect, anthropicFloor, responsesTranslated], 'anthropic-bare-proxy', 'end'));
  console.log(`\nMemory with ${SLOW_STREAMS} concurrent slow streams (${SLOW_WAVES} waves; RSS of the proxy process; ${SOAK_ROUNDS} rounds in fresh processes, the round of median peak shown):\n`);
  console.log(formatMemory(memory));
  console.log(`\nRSS after the latency and throughput phases (not fresh): ${Object.entries(rssAfterLoadMB).map(([name, mb]) => `${name} ${mb.toFixed(0)} MB`).join(', ')}`);
  console.log('');
  console.log(formatGoals(`Goals, the gateway as deployed vs the bare proxy (${logBytesPerRequest.toFixed(0)} log bytes per request, to a file):`, deployedGoals));
  console.log(formatGoals('Goals, npm start vs the bare proxy:', npmStartGoals));
  console.log(formatGoals('Goals, the gateway alone (no store, POWERTOOLS_LOG_LEVEL=ERROR) vs the bare proxy:', aloneGoals));
  console.log(formatGoals('Goals, the Messages door as deployed, native to Anthropic, vs the bare proxy in front of the fake Anthropic:', messagesNativeGoals));
  console.log(formatGoals('Goals, the Messages door as deployed, translated to OpenAI, vs the bare proxy (chat):', messagesTranslatedGoals));
  console.log(formatGoals('Goals, the Responses door as deployed, native to OpenAI, vs the bare proxy in front of its /v1/responses:', responsesNativeGoals));
  console.log(formatGoals('Goals, the Responses door as deployed, translated to Anthropic, vs the bare proxy in front of the fake Anthropic:', responsesTranslatedGoals));

  const outFile = resolve(REPO_ROOT, 'bench/results/latest.json');
  mkdirSync(resolve(REPO_ROOT, 'bench/results'), { recursive: true });
  const json = {
    date: new Date().toISOString(),
    machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version },
    settings: {
      latencyRounds: LATENCY_ROUNDS,
      latencyRoundMs: LATENCY_ROUND_MS,
      throughputRounds: THROUGHPUT_ROUNDS,
      throughputRoundMs: THROUGHPUT_ROUND_MS,
      connections: CONNECTIONS,
      slowStreams: SLOW_STREAMS,
      slowWaves: SLOW_WAVES,
      slowEventMs: SLOW_EVENT_MS,
      soakRounds: SOAK_ROUNDS,
    },
    seconds,
    targets: results,
    addedOverDirect: {
      ...Object.fromEntries([floor, asDeployed, asStarted, gatewayAlone, messagesTranslated].map((r) => [r.name, addedOver(direct, r)])),
      ...Object.fromEntries([anthropicFloor, messagesNative, responsesTranslated].map((r) => [r.name, addedOver(anthropicDirect, r)])),
      ...Object.fromEntries([responsesFloor, responsesNative].map((r) => [r.name, addedOver(responsesDirect, r)])),
    },
    memory,
    rssAfterLoadMB,
    deployedLogBytesPerRequest: logBytesPerRequest,
    goals: {
      deployed: deployedGoals,
      npmStart: npmStartGoals,
      gatewayAlone: aloneGoals,
      messagesNative: messagesNativeGoals,
      messagesTranslated: messagesTranslatedGoals,
      responsesNative: responsesNativeGoals,
      responsesTranslated: responsesTranslatedGoals,
    },
  };
  writeFileSync(outFile, `${JSON.stringify(json, null, 2)}\n`);
  console.log(`\nWritten to ${outFile}`);
  const headlineGoals = [...deployedGoals, ...messagesNativeGoals, ...messagesTranslatedGoals, ...responsesNativeGoals, ...responsesTranslatedGoals];
  if (process.env.BENCH_STRICT === '1' && headlineGoals.some((g) => !g.pass)) process.exitCode = 1;
}

async function measureThroughput(t: Target, spec: RequestSpec, recorder: Recorder, cpu: Record<string, number>): Promise<void> {
  const pids: Record<string, number> = { upstream: t.upstreamPid, ...(t.proxyPid ? { proxy: t.proxyPid } : {}) };
  const before = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, cpuMs(pid)]));
  const client = process.cpuUsage();
  await closedLoop(t.pool32, spec, { concurrency: CONNECTIONS, durationMs: THROUGHPUT_ROUND_MS }, recorder);
  const used = process.cpuUsage(client);
  cpu.client = (cpu.client ?? 0) + (used.user + used.system) / 1000;
  for (const [name, pid] of Object.entries(pids)) cpu[name] = (cpu[name] ?? 0) + cpuMs(pid) - (before[name] ?? 0);
}

function toResult(t: Target): TargetResult {
  const latency = (r: Recorder): LatencyResult => ({
    requests: r.requests,
    failures: r.failures,
    firstFailure: r.firstFailure,
    firstByte: summarize(r.firstByte),
    total: summarize(r.total),
  });
  const throughput = (r: Recorder, cpu: Record<string, number>): ThroughputResult => ({
    ...latency(r),
    requestsPerSecond: r.requestsPerSecond,
    cpuMsPerRequest: Object.fromEntries(Object.entries(cpu).map(([name, total]) => [name, total / Math.max(1, r.requests)])),
  });
  return {
    name: t.name,
    label: t.label,
    json1: latency(t.json1),
    stream1: latency(t.stream1),
    json32: throughput(t.json32, t.cpu.json32),
    stream32: throughput(t.stream32, t.cpu.stream32),
  };
}

const rotate = <T>(items: readonly T[], by: number): T[] => items.map((_, i) => items[(i + by) % items.length]!);

try {
  await main();
} catch (error) {
  process.exitCode = 1;
  console.error(error);
} finally {
  await stopAllServices();
  await closeDeployedGateway?.();
  removeLogs();
}
