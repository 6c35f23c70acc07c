/**
 * A custom OPENAI_BASE_URL that serves chat but no Batch API (404 to `POST /v1/files`), through
 * the local topology: jobs with hours to spare go to `batch`; the poller's first submission is
 * refused, which it learns, and those jobs are answered the standard way at once rather than
 * minutes before their deadline; later jobs for that provider do not choose `batch` at all.
 * And Gemini, whose batch URL names the model, refusing one model batch mode does not serve:
 * only that model's jobs stop choosing `batch`. The worker and the poller run on one controlled clock.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDynamoDbDocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { createSqsClient } from '../../functions/aws/sqs-client.ts';
import { createWorkerHandler } from '../../functions/jobs/create-worker-handler.ts';
import { jobMessageBody } from '../../functions/jobs/job-message.ts';
import { newJobRecord, type JobRecord } from '../../functions/jobs/job-record.ts';
import { createJobPathStore } from '../../functions/jobs/job-path-store.ts';
import { createJobStore, type JobStore } from '../../functions/jobs/job-store.ts';
import { pollerDependencies } from '../../functions/jobs/poller/poller-dependencies.ts';
import { runPoller } from '../../functions/jobs/poller/run-poller.ts';
import { batchTurnaroundKey } from '../../functions/jobs/turnaround/turnaround-priors.ts';
import { createTurnaroundStore } from '../../functions/jobs/turnaround/turnaround-store.ts';
import { workerDependencies } from '../../functions/jobs/worker-dependencies.ts';
import { startEmbeddedAws, type EmbeddedAws } from '../../functions/local/embedded-aws.ts';
import { startLocalTopology, type LocalTopology } from '../../functions/local/start-local-topology.ts';
import type { PriceRow } from '../../functions/pricing/model-price.ts';
import { seedPricingTable } from '../../functions/pricing/pricing-table.ts';
import { FAKE_BATCH_KEYS } from '../support/fake-batch-providers.ts';
import { startFakeProvidersWithBatches, type FakeProvidersWithBatches } from '../support/fake-providers-with-batches.ts';
import { silentLogger, waitFor } from '../local/local-test-helpers.ts';
import { waitUntilBatched } from '../support/wait-until-batched.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const price = (target: string): PriceRow => ({
  target,
  inputPerMTok: 0.15,
  outputPerMTok: 0.6,
  cachedInputPerMTok: 0.075,
  cacheWritePerMTok: 0.15,
  batchDiscount: 0.5,
  flexDiscount: 0,
  validFrom: 0,
  source: 'operator',
});
/** Gemini's batch mode serves the one, not the other. */
const GEMINI_BATCHED = 'gemini-2.5-flash';
const GEMINI_NOT_BATCHED = 'gemini-2.0-flash';

let clock = Date.now();
let fakes: FakeProvidersWithBatches;
let gemini: FakeProvidersWithBatches;
let aws: EmbeddedAws;
let topology: LocalTopology;
let env: Record<string, string | undefined>;
let store: JobStore;
let dynamo: DocumentClient;
let sqs: SQSClient;
let poller: ReturnType<typeof pollerDependencies>;
let next = 0;

beforeAll(async () => {
  fakes = await startFakeProvidersWithBatches({ batchApi: 'missing' });
  gemini = await startFakeProvidersWithBatches({ modelsWithoutBatchMode: [GEMINI_NOT_BATCHED] });
  aws = await startEmbeddedAws();
  env = {
    ...aws.env,
    NODE_ENV: 'test',
    OPENAI_API_KEY: 'sk-self-hosted',
    OPENAI_BASE_URL: `${fakes.upstream.url}/v1`,
    GEMINI_API_KEY: FAKE_BATCH_KEYS.gemini,
    GEMINI_BASE_URL: gemini.upstream.url,
    SWITCHYARD_BATCH_ACCUMULATION_MS: '1',
  };
  dynamo = createDynamoDbDocumentClient(env);
  await seedPricingTable(dynamo, env.PRICING_TABLE_NAME!, ['openai/gpt-4o-mini', `gemini/${GEMINI_BATCHED}`, `gemini/${GEMINI_NOT_BATCHED}`].map(price));
  topology = await startLocalTopology({ env, port: 0, logger: silentLogger, worker: createWorkerHandler(workerDependencies(env, silentLogger, { now: () => clock })) });
  poller = pollerDependencies(env, silentLogger);
  await poller.ready;
  store = createJobStore({ client: dynamo, tableName: env.JOBS_TABLE_NAME! });
  sqs = createSqsClient(env);
});
afterAll(async () => {
  await poller?.stop();
  await topology?.close();
  sqs?.destroy();
  dynamo?.destroy();
  await aws?.close();
  await fakes?.close();
  await gemini?.close();
});

async function submit(count: number, model = 'gpt-4o-mini'): Promise<JobRecord[]> {
  const jobs: JobRecord[] = [];
  for (let i = 0; i < count; i += 1) {
    const job = newJobRecord({
      id: `job-refused-${++next}-${Date.now()}`,
      request: { model, messages: [{ role: 'user', content: `Invent holiday number ${next}.` }] },
      owner: 'owner-hash',
      deadlineAt: clock + 24 * HOUR,
    });
    await store.createJob(job);
    await sqs.send(new SendMessageCommand({ QueueUrl: env.JOBS_QUEUE_URL, MessageBody: jobMessageBody(job.id) }));
    jobs.push(job);
  }
  return jobs;
}

const all = (jobs: readonly JobRecord[], check: (job: JobRecord) => boolean, what: string) =>
  waitFor(async () => {
    const current = await Promise.all(jobs.map((job) => store.getJob(job.id)));
    return current.every((job) => job !== undefined && check(job)) ? (current as JobRecord[]) : undefined;
  }, 10_000, what);
const untilBatched = (jobs: readonly JobRecord[], what: string) => waitUntilBatched(store, createJobPathStore({ client: dynamo, tableName: env.JOBS_TABLE_NAME! }), jobs, what);
const sentTo = (path: string) => fakes.upstream.requests.filter((request) => request.url.startsWith(path));
const runPollerNow = () => runPoller({ ...poller.deps, now: () => clock });
const refusals = (provider: string) => createTurnaroundStore({ client: dynamo, tableName: env.JOBS_TABLE_NAME! }).refusals(batchTurnaroundKey(provider), clock);

it('answers the jobs of a refused batch the standard way at once, and sends later jobs for that provider the standard way', async () => {
  const jobs = await submit(2);
  await untilBatched(jobs, 'the jobs to wait for a batch');

  // The poller's next run, a minute on.
  clock += MINUTE;
  expect(await runPollerNow()).toMatchObject({ submitted: 0, toStandard: 2 });
  expect(sentTo('/v1/files')).toHaveLength(1);
  const answered = await all(jobs, (job) => job.status === 'succeeded', 'the jobs to be answered the standard way');
  for (const job of answered) expect(job).toMatchObject({ path: 'standard', served: { provider: 'openai', model: 'gpt-4o-mini' }, result: { object: 'chat.completion' } });
  expect(await refusals('openai')).toEqual([{ at: clock }]);

  // Once the worker reads what the poller learned (it reads at most a minute apart), batch is not chosen.
  clock += MINUTE;
  const later = await submit(1);
  const [planned] = await all(later, (job) => job.status === 'succeeded' || job.path === 'batch', 'the later job to be answered or batched');
  expect(planned).toMatchObject({ status: 'succeeded', path: 'standard' });
  clock += MINUTE;
  expect(await runPollerNow()).toMatchObject({ submitted: 0, toStandard: 0 });
  expect(sentTo('/v1/files')).toHaveLength(1);
  expect(sentTo('/v1/chat/completions')).toHaveLength(3);
});

it('refuses batch for a Gemini model batch mode does not serve, and keeps batching the models it serves', async () => {
  const [notBatched] = await submit(1, GEMINI_NOT_BATCHED);
  const [batched] = await submit(1, GEMINI_BATCHED);
  await untilBatched([notBatched!, batched!], 'the Gemini jobs to wait for a batch');

  clock += MINUTE;
  expect(await runPollerNow()).toMatchObject({ submitted: 1, toStandard: 1 });
  const [answered] = await all([notBatched!], (job) => job.status === 'succeeded', 'the refused job to be answered the standard way');
  expect(answered).toMatchObject({ path: 'standard', served: { provider: 'gemini', model: GEMINI_NOT_BATCHED } });
  expect(await store.getJob(batched!.id)).toMatchObject({ status: 'submitted', path: 'batch' });
  expect(await refusals('gemini')).toEqual([{ at: clock, targetId: `gemini/${GEMINI_NOT_BATCHED}` }]);

  // Later jobs: the refused model goes the standard way, the served one is still batched.
  clock += MINUTE;
  const [later] = await submit(1, GEMINI_NOT_BATCHED);
  const [laterBatched] = await submit(1, GEMINI_BATCHED);
  const [planned] = await all([later!], (job) => job.status === 'succeeded' || job.path === 'batch', 'the later refused-model job to be answered or batched');
  expect(planned).toMatchObject({ status: 'succeeded', path: 'standard' });
  await untilBatched([laterBatched!], 'the later served-model job to wait for a batch');
});
