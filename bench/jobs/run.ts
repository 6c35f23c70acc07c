/**
 * `npm run bench:jobs`: N jobs with mixed deadlines through the real asynchronous path — the
 * worker (path choice, flex, standard) through the local topology's queue, the batch poller
 * submitting to and collecting from fake batch APIs (OpenAI, Anthropic, Gemini, speaking their
 * documented formats) — against the same requests sent synchronously, priced with the real price
 * table (the genai-prices dataset, as `npm start` seeds it). Time is virtual: the jobs arrive over
 * the first two hours, the worker and the poller read a clock that moves a minute per step, and
 * each provider's batch ends after its turnaround. The gateway starts knowing only what providers
 * document of their turnarounds, and learns the rest from the batches and flex calls it makes.
 * Prints the cost of each and the share of deadlines met, and writes bench/results/jobs.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createDynamoDbDocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { loadCatalog } from '../../functions/catalog/load-catalog.ts';
import { createWorkerHandler } from '../../functions/jobs/create-worker-handler.ts';
import { jobMessageBody } from '../../functions/jobs/job-message.ts';
import { newJobRecord, type JobRecord } from '../../functions/jobs/job-record.ts';
import { createJobStore } from '../../functions/jobs/job-store.ts';
import { pollerDependencies } from '../../functions/jobs/poller/poller-dependencies.ts';
import { runPoller } from '../../functions/jobs/poller/run-poller.ts';
import { workerDependencies } from '../../functions/jobs/worker-dependencies.ts';
import { startEmbeddedAws } from '../../functions/local/embedded-aws.ts';
import { startLocalTopology } from '../../functions/local/start-local-topology.ts';
import { catalogPriceOverrides } from '../../functions/pricing/catalog-price-overrides.ts';
import { costOfUsage } from '../../functions/pricing/cost.ts';
import { createPriceBook } from '../../functions/pricing/price-book.ts';
import { pricingSeedRows } from '../../functions/pricing/pricing-seed-rows.ts';
import { seedPricingTable } from '../../functions/pricing/pricing-table.ts';
import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { createSqsClient } from '../../functions/aws/sqs-client.ts';
import { FAKE_BATCH_KEYS, type FakeBatchProvider } from '../../test/support/fake-batch-providers.ts';
import { recordedAnswer, startFakeProvidersWithBatches } from '../../test/support/fake-providers-with-batches.ts';

const N = Number(process.env.BENCH_JOBS ?? 200);
/** `refuses`: every flex call is refused for capacity, the worst a flex tier can do. */
const FLEX = process.env.BENCH_FLEX === 'refuses' ? 'refuses' : 'answers';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Jobs arrive evenly over this span, as from an app that enqueues work through the day. */
const ARRIVALS_MS = 2 * HOUR;
/** How long each provider's batch takes here (assumptions: providers promise 24 h and usually take minutes to an hour). */
const TURNAROUND_MS: Readonly<Record<FakeBatchProvider, number>> = { openai: 40 * MINUTE, anthropic: 20 * MINUTE, gemini: 60 * MINUTE };
const MODELS = ['openai/gpt-4o-mini', 'openai/gpt-5-mini', 'anthropic/claude-haiku-4-5', 'gemini/gemini-2.5-flash'];
/**
 * Deadline mix: [share, from, to]. Work sent down an asynchronous path is mostly work that can
 * wait hours (nightly enrichment, evaluations, backfills); a few jobs are due within minutes.
 */
const DEADLINES: ReadonlyArray<[number, number, number]> = [
  [0.05, 1 * MINUTE, 5 * MINUTE],
  [0.1, 5 * MINUTE, 30 * MINUTE],
  [0.25, 30 * MINUTE, 2 * HOUR],
  [0.6, 2 * HOUR, 24 * HOUR],
];
const deadlineClass = (ms: number) => {
  const [, from, to] = DEADLINES.find(([, , to]) => ms <= to) ?? DEADLINES.at(-1)!;
  const label = (value: number) => (value < HOUR ? `${value / MINUTE} min` : `${value / HOUR} h`);
  return `${label(from)} to ${label(to)}`;
};
const silent = { debug() {}, info() {}, warn() {}, error() {} };

// A seeded generator, so that every run submits the same jobs.
let seed = 42;
const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648);

const started = performance.now();
const fakes = await startFakeProvidersWithBatches({ flex: FLEX });
const { upstream, batches } = fakes;
const aws = await startEmbeddedAws();
const env: Record<string, string | undefined> = {
  ...aws.env,
  NODE_ENV: 'test',
  OPENAI_API_KEY: FAKE_BATCH_KEYS.openai,
  OPENAI_BASE_URL: `${upstream.url}/v1`,
  ANTHROPIC_API_KEY: FAKE_BATCH_KEYS.anthropic,
  ANTHROPIC_BASE_URL: upstream.url,
  GEMINI_API_KEY: FAKE_BATCH_KEYS.gemini,
  GEMINI_BASE_URL: upstream.url,
  SWITCHYARD_BATCH_ACCUMULATION_MS: String(MINUTE),
  POWERTOOLS_LOG_LEVEL: 'SILENT',
};
const dynamo = createDynamoDbDocumentClient(env);
const catalog = loadCatalog();
const { rows } = pricingSeedRows({ modelIds: catalog.models.map((model) => model.id), overrides: catalogPriceOverrides(catalog) });
await seedPricingTable(dynamo, env.PRICING_TABLE_NAME!, rows);
const book = createPriceBook({ rows });
const t0 = Date.now();
let virtual = t0;
const topology = await startLocalTopology({ env, port: 0, logger: silent, worker: createWorkerHandler(workerDependencies(env, silent, { now: () => virtual })) });
const poller = pollerDependencies(env, silent);
await poller.ready;
const store = createJobStore({ client: dynamo, tableName: env.JOBS_TABLE_NAME! });
const sqs = createSqsClient(env);

// The jobs, each due some time after it arrives.
const jobs: JobRecord[] = [];
for (let i = 0; i < N; i += 1) {
  let pick = random();
  const [, from, to] = DEADLINES.find(([share]) => (pick -= share) < 0) ?? DEADLINES.at(-1)!;
  const arrivesAt = t0 + Math.floor((i / N) * ARRIVALS_MS);
  jobs.push(
    newJobRecord({
      id: `bench-job-${i}`,
      request: { model: MODELS[Math.floor(random() * MODELS.length)]!, messages: [{ role: 'user', content: `Summarise report number ${i} in three sentences.` }] },
      owner: 'bench',
      deadlineAt: arrivesAt + from + random() * (to - from),
      now: new Date(arrivesAt),
    }),
  );
}
const arrivalOf = (job: JobRecord) => Date.parse(job.createdAt);
const submit = async (arrived: JobRecord[]) => {
  for (const job of arrived) await store.createJob(job);
  for (let i = 0; i < arrived.length; i += 10) {
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: env.JOBS_QUEUE_URL, Entries: arrived.slice(i, i + 10).map((job) => ({ Id: job.id, MessageBody: jobMessageBody(job.id) })) }));
  }
};

// Virtual minutes: submit the jobs that arrived, end the batches whose turnaround has passed, run
// the poller, let the worker drain the queue, and note which jobs ended by then.
const endedAt = new Map<string, number>();
const finals = new Map<string, JobRecord>();
const settle = async () => {
  for (let quiet = 0; quiet < 3; ) {
    await new Promise((resolve) => setTimeout(resolve, 150));
    const before = endedAt.size;
    for (const job of jobs) {
      if (endedAt.has(job.id) || arrivalOf(job) > virtual) continue;
      const current = await store.getJob(job.id);
      if (current && ['succeeded', 'failed', 'cancelled', 'expired'].includes(current.status)) {
        endedAt.set(job.id, virtual);
        finals.set(job.id, current);
      }
    }
    quiet = endedAt.size === before ? quiet + 1 : 0;
  }
};
const submittedAt = new Map<string, number>();
let arrived = 0;
while (endedAt.size < jobs.length && virtual - t0 < 30 * HOUR) {
  const due = jobs.slice(arrived).filter((job) => arrivalOf(job) <= virtual);
  arrived += due.length;
  await submit(due);
  for (const batch of batches.batches()) {
    if (!submittedAt.has(batch.id)) submittedAt.set(batch.id, virtual);
    if (batch.status === 'in_progress' && virtual - submittedAt.get(batch.id)! >= TURNAROUND_MS[batch.provider]) batches.complete(batch.id, { answer: (_item, provider) => recordedAnswer(provider) });
  }
  await runPoller({ ...poller.deps, now: () => virtual });
  await settle();
  virtual += MINUTE;
}

// The same requests, sent synchronously: the standard price of the usage they got.
let asyncUsd = 0;
let syncUsd = 0;
let met = 0;
const paths: Record<string, number> = {};
interface Tally {
  jobs: number;
  sync: number;
  async: number;
  paths: Record<string, number>;
}
const byClass = new Map<string, Tally>();
const byModel = new Map<string, Tally>();
const count = (tallies: Map<string, Tally>, key: string, sync: number, paid: number, path: string) => {
  const entry = tallies.get(key) ?? { jobs: 0, sync: 0, async: 0, paths: {} };
  entry.jobs += 1;
  entry.sync += sync;
  entry.async += paid;
  entry.paths[path] = (entry.paths[path] ?? 0) + 1;
  tallies.set(key, entry);
};
for (const job of jobs) {
  const final = finals.get(job.id);
  if (final?.status !== 'succeeded' || !final.usage || !final.served) continue;
  const price = book.priceAt(`${final.served.provider}/${final.served.model}`);
  if (!price) continue;
  const sync = costOfUsage(final.usage, price, 'standard');
  const paid = final.costUsd ?? sync;
  const path = final.path ?? '?';
  syncUsd += sync;
  asyncUsd += paid;
  paths[path] = (paths[path] ?? 0) + 1;
  if (endedAt.get(job.id)! <= job.deadlineAt) met += 1;
  count(byClass, deadlineClass(job.deadlineAt - arrivalOf(job)), sync, paid, path);
  count(byModel, job.request.model, sync, paid, path);
}
const succeeded = [...finals.values()].filter((job) => job.status === 'succeeded').length;
const saving = 1 - asyncUsd / syncUsd;
const result = {
  jobs: N,
  flex: FLEX,
  succeeded,
  deadlinesMet: met,
  paths,
  byDeadline: Object.fromEntries(byClass),
  byModel: Object.fromEntries(byModel),
  syncUsd,
  asyncUsd,
  saving,
  virtualHours: (virtual - t0) / HOUR,
  seconds: (performance.now() - started) / 1000,
};
console.log(`\n## Async jobs: ${N} jobs arriving over ${ARRIVALS_MS / HOUR} h, deadlines from 1 min to 24 h, flex tiers that ${FLEX === 'refuses' ? 'refuse every call' : 'answer at once'} (virtual time: ${result.virtualHours.toFixed(1)} h)\n`);
console.log('| | cost (USD) | deadlines met |');
console.log('|---|---:|---:|');
console.log(`| synchronous, standard tier | ${syncUsd.toFixed(6)} | |`);
console.log(`| asynchronous (Switchyard jobs) | ${asyncUsd.toFixed(6)} | ${met}/${N} |`);
const table = (heading: string, tallies: Map<string, Tally>) => {
  console.log(`\n| ${heading} | jobs | paths | share of the synchronous cost | saving |`);
  console.log('|---|---:|---|---:|---:|');
  for (const [label, entry] of tallies) {
    const pathList = Object.entries(entry.paths).map(([path, n]) => `${path} ${n}`).join(', ');
    console.log(`| ${label} | ${entry.jobs} | ${pathList} | ${((entry.sync / syncUsd) * 100).toFixed(1)}% | ${((1 - entry.async / entry.sync) * 100).toFixed(1)}% |`);
  }
};
table('deadline', byClass);
table('model', byModel);
console.log(`\npaths: ${Object.entries(paths).map(([path, count]) => `${path} ${count}`).join(', ')}; succeeded ${succeeded}/${N}`);
console.log(`\n- ${saving >= 0.45 ? 'PASS' : 'FAIL'} at least 45% cheaper: ${(saving * 100).toFixed(1)}%`);
console.log(`- ${met === N ? 'PASS' : 'FAIL'} every deadline met: ${met}/${N}`);
console.log(`done in ${result.seconds.toFixed(1)} s`);
mkdirSync(new URL('../results/', import.meta.url), { recursive: true });
writeFileSync(new URL(`../results/jobs${FLEX === 'refuses' ? '-flex-refused' : ''}.json`, import.meta.url), `${JSON.stringify(result, null, 2)}\n`);

await poller.stop();
await topology.close();
sqs.destroy();
dynamo.destroy();
await aws.close();
await fakes.close();
