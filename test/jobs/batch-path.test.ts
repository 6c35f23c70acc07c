/**
 * The batch path end to end through the local topology: jobs whose deadlines leave hours go to the
 * worker, which queues them for their target's batch; the poller (run here by hand, as its
 * schedule would) submits them as one OpenAI batch to a fake that speaks the Batch API, collects
 * the answers at half price, and sends what the batch did not answer back to the standard path.
 * One loopback server plays OpenAI: chat completions answered from a recording, everything else
 * passed to the fake batch API.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoDbDocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { createSqsClient } from '../../functions/aws/sqs-client.ts';
import { createWorkerHandler } from '../../functions/jobs/create-worker-handler.ts';
import { jobMessageBody } from '../../functions/jobs/job-message.ts';
import { newJobRecord, type JobRecord, type JobStatus } from '../../functions/jobs/job-record.ts';
import { createJobPathStore } from '../../functions/jobs/job-path-store.ts';
import { createJobStore, type JobStore } from '../../functions/jobs/job-store.ts';
import { pollerDependencies } from '../../functions/jobs/poller/poller-dependencies.ts';
import { runPoller } from '../../functions/jobs/poller/run-poller.ts';
import { batchTurnaroundKey } from '../../functions/jobs/turnaround/turnaround-priors.ts';
import { createTurnaroundStore } from '../../functions/jobs/turnaround/turnaround-store.ts';
import { workerDependencies } from '../../functions/jobs/worker-dependencies.ts';
import { startEmbeddedAws, type EmbeddedAws } from '../../functions/local/embedded-aws.ts';
import { startLocalTopology, type LocalTopology } from '../../functions/local/start-local-topology.ts';
import { FUNCTION_TABLE_ACCESS } from '../../lib/constructs/table-access.ts';
import { startIamCheckedDynamoDb, type IamCheckedDynamoDb } from '../support/iam-checked-dynamodb.ts';
import { costOfUsage } from '../../functions/pricing/cost.ts';
import type { PriceRow } from '../../functions/pricing/model-price.ts';
import { seedPricingTable } from '../../functions/pricing/pricing-table.ts';
import { FAKE_BATCH_KEYS, type FakeBatchProviders } from '../support/fake-batch-providers.ts';
import { startFakeProvidersWithBatches, type FakeProvidersWithBatches } from '../support/fake-providers-with-batches.ts';
import type { FakeUpstream } from '../support/fake-upstream.ts';
import { silentLogger, waitFor } from '../local/local-test-helpers.ts';
import { waitUntilBatched } from '../support/wait-until-batched.ts';

const HOUR = 3_600_000;
const PRICE: PriceRow = {
  target: 'openai/gpt-4o-mini',
  inputPerMTok: 0.15,
  outputPerMTok: 0.6,
  cachedInputPerMTok: 0.075,
  cacheWritePerMTok: 0.15,
  batchDiscount: 0.5,
  flexDiscount: 0,
  validFrom: 0,
  source: 'operator',
};

let fakes: FakeProvidersWithBatches;
let batches: FakeBatchProviders;
let openai: FakeUpstream;
let aws: EmbeddedAws;
let topology: LocalTopology;
let env: Record<string, string | undefined>;
let store: JobStore;
let dynamo: DocumentClient;
let sqs: SQSClient;
let poller: ReturnType<typeof pollerDependencies>;
/** DynamoDB for the worker and the poller, each through the grants the stack gives it. */
let checked: IamCheckedDynamoDb[] = [];
let next = 0;

beforeAll(async () => {
  fakes = await startFakeProvidersWithBatches();
  ({ upstream: openai, batches } = fakes);
  aws = await startEmbeddedAws();
  env = {
    ...aws.env,
    NODE_ENV: 'test',
    OPENAI_API_KEY: FAKE_BATCH_KEYS.openai,
    OPENAI_BASE_URL: `${openai.url}/v1`,
    SWITCHYARD_BATCH_ACCUMULATION_MS: '1',
  };
  dynamo = createDynamoDbDocumentClient(env);
  await seedPricingTable(dynamo, env.PRICING_TABLE_NAME!, [PRICE]);
  checked = await Promise.all([FUNCTION_TABLE_ACCESS.worker, FUNCTION_TABLE_ACCESS.poller].map((grants) => startIamCheckedDynamoDb(aws.dynamoDbEndpoint, env, grants)));
  const [workerEnv, pollerEnv] = checked.map((dynamoDb) => ({ ...env, DYNAMODB_ENDPOINT: dynamoDb.endpoint }));
  topology = await startLocalTopology({ env, port: 0, logger: silentLogger, worker: createWorkerHandler(workerDependencies(workerEnv!, silentLogger)) });
  poller = pollerDependencies(pollerEnv!, silentLogger);
  await poller.ready;
  store = createJobStore({ client: dynamo, tableName: env.JOBS_TABLE_NAME! });
  sqs = createSqsClient(env);
});
afterAll(async () => {
  await poller?.stop();
  await topology?.close();
  sqs?.destroy();
  dynamo?.destroy();
  await Promise.all(checked.map((dynamoDb) => dynamoDb.close()));
  await aws?.close();
  await fakes?.close();
});
beforeEach(() => {
  openai.requests.length = 0;
});

async function submit(count: number): Promise<JobRecord[]> {
  const jobs: JobRecord[] = [];
  for (let i = 0; i < count; i += 1) {
    const job = newJobRecord({
      id: `job-batch-${++next}-${Date.now()}`,
      request: { model: 'gpt-4o-mini', messages: [{ role: 'user', content: `Invent holiday number ${next}.` }] },
      owner: 'owner-hash',
      deadlineAt: Date.now() + 6 * HOUR,
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
const statusOf = async (job: JobRecord): Promise<JobStatus | undefined> => (await store.getJob(job.id))?.status;
const openaiTurnarounds = () => createTurnaroundStore({ client: dynamo, tableName: env.JOBS_TABLE_NAME! }).recent(batchTurnaroundKey('openai'));
const chatCalls = () => openai.requests.filter((request) => request.url.startsWith('/v1/chat/completions'));

describe('the batch path', () => {
  it('gathers jobs into one provider batch and stores its answers at the batch price', async () => {
    const jobs = await submit(3);
    await untilBatched(jobs, 'the jobs to wait for a batch');
    expect(chatCalls()).toEqual([]);

    // The poller's clock, fixed run by run: the batch's turnaround is what the runs say it is.
    const submittedAt = Date.now();
    expect(await runPoller({ ...poller.deps, now: () => submittedAt })).toMatchObject({ submitted: 3 });
    const [batch] = batches.batches('openai').slice(-1);
    expect(batch!.items.map((item) => item.customId).sort()).toEqual(jobs.map((job) => job.id).sort());
    expect(await Promise.all(jobs.map(statusOf))).toEqual(['submitted', 'submitted', 'submitted']);

    // Still running: nothing changes.
    expect(await runPoller(poller.deps)).toMatchObject({ submitted: 0, completed: 0 });

    const learned = (await openaiTurnarounds()).length;
    batches.complete(batch!.id);
    expect(await runPoller({ ...poller.deps, now: () => submittedAt + 20 * 60_000 })).toMatchObject({ completed: 3 });
    // Its turnaround, from submission to the run that saw it end, is known from now on.
    const [sample] = (await openaiTurnarounds()).slice(learned);
    expect(sample!.missed).toBeUndefined();
    expect(sample!.ms).toBe(20 * 60_000);
    for (const job of await Promise.all(jobs.map((job) => store.getJob(job.id)))) {
      expect(job).toMatchObject({ status: 'succeeded', path: 'batch', served: { provider: 'openai', model: 'gpt-4o-mini' }, result: { object: 'chat.completion' } });
      expect(job!.costUsd).toBeCloseTo(costOfUsage(job!.usage!, PRICE, 'batch'), 12);
      expect(job!.costUsd).toBeCloseTo(costOfUsage(job!.usage!, PRICE, 'standard') / 2, 12);
    }
    expect(chatCalls()).toEqual([]);
  });

  it('sends a job the batch did not run back to the standard path, and fails one the provider refused as invalid', async () => {
    const [answered, refused, expired] = await submit(3);
    await untilBatched([answered!, refused!, expired!], 'the jobs to wait for a batch');
    await runPoller(poller.deps);
    const [batch] = batches.batches('openai').slice(-1);
    batches.complete(batch!.id, { fail: [refused!.id], expire: [expired!.id] });
    expect(await runPoller(poller.deps)).toMatchObject({ completed: 1, toStandard: 1, failed: 1 });
    // A batch that expired with items unanswered counts as a miss.
    expect((await openaiTurnarounds()).at(-1)).toMatchObject({ missed: true });

    const [rescued] = await all([expired!], (job) => job.status === 'succeeded', 'the expired job to be answered the standard way');
    expect(rescued).toMatchObject({ path: 'standard', result: { object: 'chat.completion' } });
    expect(chatCalls()).toHaveLength(1);
    // The provider's 400 would be the standard call's too: the job fails with it, visibly.
    expect(await store.getJob(refused!.id)).toMatchObject({ status: 'failed', error: { status: 400, message: expect.stringContaining(`Invalid request ${refused!.id}`) } });
    expect(await store.getJob(answered!.id)).toMatchObject({ status: 'succeeded', path: 'batch' });
  });

  it('runs a job the standard way when its batch has not ended close to its deadline', async () => {
    const [job] = await submit(1);
    await untilBatched([job!], 'the job to wait for a batch');
    await runPoller(poller.deps);
    expect(await statusOf(job!)).toBe('submitted');
    // The next poll happens within the reserve before the deadline.
    const late = await runPoller({ ...poller.deps, now: () => job!.deadlineAt - 60_000 });
    // Its only job taken out, the batch is cancelled at the provider.
    expect(late).toMatchObject({ toStandard: 1, abandoned: 1 });
    const [batch] = batches.batches('openai').slice(-1);
    expect(batch!.cancelRequested).toBe(true);
    await all([job!], (current) => current.status === 'succeeded', 'the job to be answered the standard way');
    // The batch ends with what it ran before the cancel: the job has its answer already, and keeps it.
    batches.complete(batch!.id);
    expect(await runPoller(poller.deps)).toMatchObject({ completed: 0 });
    expect(await store.getJob(job!.id)).toMatchObject({ status: 'succeeded', path: 'standard' });
  });

  it('cancels a provider batch once every one of its jobs is cancelled, and keeps one that still has a job waiting', async () => {
    const [first, second] = await submit(2);
    await untilBatched([first!, second!], 'the jobs to wait for a batch');
    await runPoller(poller.deps);
    const [batch] = batches.batches('openai').slice(-1);
    expect(batch!.items).toHaveLength(2);

    await store.cancelJob(first!.id, 'owner-hash');
    expect(await runPoller(poller.deps)).toMatchObject({ abandoned: 0 });
    expect(batch!.cancelRequested).toBe(false);

    await store.cancelJob(second!.id, 'owner-hash');
    expect(await runPoller(poller.deps)).toMatchObject({ abandoned: 1 });
    expect(batch!.cancelRequested).toBe(true);
    // Forgotten: later runs do not poll it, and its jobs stay cancelled.
    const polls = batches.requests.length;
    await runPoller(poller.deps);
    expect(batches.requests.slice(polls).some((request) => request.url.includes(batch!.id))).toBe(false);
    expect(await Promise.all([first!, second!].map(statusOf))).toEqual(['cancelled', 'cancelled']);
  });
});

describe('the worker\'s and the poller\'s DynamoDB calls', () => {
  // Last in the file: every test above went through the grants.
  it('are all granted to them by the stack (dynalite checks no IAM)', () => {
    expect(checked.map((dynamoDb) => dynamoDb.refused)).toEqual([[], []]);
  });
});
