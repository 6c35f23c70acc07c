/**
 * The worker's paths end to end through the local topology: the pricing table seeded with the
 * prices a team might have (a model with a flex discount, a promotion starting in a minute), jobs
 * on the embedded queue, the real worker choosing and taking each path against a fake OpenAI. The
 * worker runs on a clock the tests move: the promotion opens, and flex's window ends, when a test
 * says so, however long the machine takes over the rest.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoDbDocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { createSqsClient } from '../../functions/aws/sqs-client.ts';
import { createWorkerHandler } from '../../functions/jobs/create-worker-handler.ts';
import { jobMessageBody } from '../../functions/jobs/job-message.ts';
import { newJobRecord, type JobRecord, type JobStatus } from '../../functions/jobs/job-record.ts';
import { createJobStore, type JobStore } from '../../functions/jobs/job-store.ts';
import { verifyCallbackSignature } from '../../functions/jobs/delivery/callback-signature.ts';
import { pollerDependencies } from '../../functions/jobs/poller/poller-dependencies.ts';
import { runPoller } from '../../functions/jobs/poller/run-poller.ts';
import { createTurnaroundStore, type TurnaroundStore } from '../../functions/jobs/turnaround/turnaround-store.ts';
import { flexTurnaroundKey } from '../../functions/jobs/turnaround/turnaround-priors.ts';
import { workerDependencies } from '../../functions/jobs/worker-dependencies.ts';
import { startEmbeddedAws, type EmbeddedAws } from '../../functions/local/embedded-aws.ts';
import { startLocalTopology, type LocalTopology } from '../../functions/local/start-local-topology.ts';
import { FUNCTION_TABLE_ACCESS } from '../../lib/constructs/table-access.ts';
import { startIamCheckedDynamoDb, type IamCheckedDynamoDb } from '../support/iam-checked-dynamodb.ts';
import { costOfUsage } from '../../functions/pricing/cost.ts';
import type { PriceRow } from '../../functions/pricing/model-price.ts';
import { seedPricingTable } from '../../functions/pricing/pricing-table.ts';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { readRecordedJson } from '../support/recorded.ts';
import { silentLogger, waitFor } from '../local/local-test-helpers.ts';
import { manualClock } from '../support/manual-clock.ts';

const CALLBACK_SECRET = 'whsec-test-secret-0123456789abcdef';
const recorded = readRecordedJson('openai', 'openai-text') as { usage: { prompt_tokens: number; completion_tokens: number } };
const HOUR = 3_600_000;
/** The worker's clock. It starts at the real time: the pricing table's expiry is read on that. */
const clock = manualClock(Date.now());
const START = clock.now();
/** A promotion on gpt-4o-mini that starts a minute after the clock does. */
const PROMOTION_AT = START + 60_000;

const price = (target: string, fields: Partial<PriceRow>): PriceRow => ({
  target,
  inputPerMTok: 1,
  outputPerMTok: 4,
  cachedInputPerMTok: 0.5,
  cacheWritePerMTok: 1,
  batchDiscount: 0,
  flexDiscount: 0,
  validFrom: 0,
  source: 'operator',
  ...fields,
});
const ROWS = [
  price('openai/gpt-5-mini', { inputPerMTok: 0.25, outputPerMTok: 2, flexDiscount: 0.5 }),
  price('openai/gpt-4o-mini', { inputPerMTok: 0.15, outputPerMTok: 0.6 }),
  price('openai/gpt-4o-mini', { inputPerMTok: 0.05, outputPerMTok: 0.2, validFrom: PROMOTION_AT, validUntil: START + 2 * HOUR }),
  price('openai/gpt-5', { inputPerMTok: 1.25, outputPerMTok: 10, flexDiscount: 0.5, batchDiscount: 0.5 }),
];

let upstream: FakeUpstream;
let aws: EmbeddedAws;
let topology: LocalTopology;
let env: Record<string, string | undefined>;
/** DynamoDB for the worker and the poller, each through the grants the stack gives it. */
let checked: IamCheckedDynamoDb[] = [];
let workerEnv: Record<string, string | undefined> | undefined;
let pollerEnv: Record<string, string | undefined> | undefined;
let store: JobStore;
let dynamo: DocumentClient;
let sqs: SQSClient;
let turnarounds: TurnaroundStore;
let next = 0;
const FLEX_KEY = flexTurnaroundKey('openai/gpt-5-mini');
/** Kept before the deadline for the standard call after flex (DEFAULT_JOB_PATH_SETTINGS.flexReserveMs). */
const FLEX_RESERVE_MS = 90_000;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  aws = await startEmbeddedAws();
  env = { ...aws.env, NODE_ENV: 'test', OPENAI_API_KEY: 'sk-openai-test-key', OPENAI_BASE_URL: `${upstream.url}/v1`, SWITCHYARD_CALLBACK_SECRET: CALLBACK_SECRET };
  dynamo = createDynamoDbDocumentClient(env);
  await seedPricingTable(dynamo, env.PRICING_TABLE_NAME!, ROWS);
  // The gateway has seen gpt-5-mini's flex tier answer within a second, ten times.
  turnarounds = createTurnaroundStore({ client: dynamo, tableName: env.JOBS_TABLE_NAME! });
  for (let i = 0; i < 10; i += 1) {
    await turnarounds.record(FLEX_KEY, { ms: 300 }, START - 60_000 + i);
    await turnarounds.record(flexTurnaroundKey('openai/gpt-5'), { ms: 300 }, START - 60_000 + i);
  }
  checked = await Promise.all([FUNCTION_TABLE_ACCESS.worker, FUNCTION_TABLE_ACCESS.poller].map((grants) => startIamCheckedDynamoDb(aws.dynamoDbEndpoint, env, grants)));
  [workerEnv, pollerEnv] = checked.map((dynamoDb) => ({ ...env, DYNAMODB_ENDPOINT: dynamoDb.endpoint }));
  const worker = createWorkerHandler(workerDependencies(workerEnv!, silentLogger, { now: clock.now, sleep: clock.sleep }));
  topology = await startLocalTopology({ env, port: 0, logger: silentLogger, worker });
  store = createJobStore({ client: dynamo, tableName: env.JOBS_TABLE_NAME!, now: clock.now });
  sqs = createSqsClient(env);
});
afterAll(async () => {
  await topology?.close();
  sqs?.destroy();
  dynamo?.destroy();
  await Promise.all(checked.map((dynamoDb) => dynamoDb.close()));
  await aws?.close();
  await upstream?.close();
});
beforeEach(() => {
  // A second passes between tests, as it would: the turnaround samples they leave are in order.
  clock.advance(1_000);
  upstream.requests.length = 0;
  upstream.reply(() => ({ json: readRecordedJson('openai', 'openai-text') }));
});

async function submit(model: string, deadlineInMs: number, callbackUrl?: string): Promise<JobRecord> {
  const job = newJobRecord({
    id: `job-path-${++next}`,
    request: { model, messages: [{ role: 'user', content: 'Invent a holiday.' }], max_completion_tokens: 400 },
    owner: 'owner-hash',
    deadlineAt: clock.now() + deadlineInMs,
    now: new Date(clock.now()),
    ...(callbackUrl ? { callbackUrl } : {}),
  });
  await store.createJob(job);
  await sqs.send(new SendMessageCommand({ QueueUrl: env.JOBS_QUEUE_URL, MessageBody: jobMessageBody(job.id) }));
  return job;
}

const jobReaches = (id: string, status: JobStatus, timeoutMs = 10_000) =>
  waitFor(async () => {
    const job = await store.getJob(id);
    return job?.status === status ? job : undefined;
  }, timeoutMs, `job ${id} to be ${status}`);

const usage = { inputTokens: recorded.usage.prompt_tokens, outputTokens: recorded.usage.completion_tokens };

describe('the worker chooses each job its path', () => {
  it('runs a job with an hour to spare on the flex tier, at half price', async () => {
    const job = await submit('openai/gpt-5-mini', HOUR);
    const done = await jobReaches(job.id, 'succeeded');
    expect(upstream.requests.map((request) => [request.json.model, request.json.service_tier])).toEqual([['gpt-5-mini', 'flex']]);
    expect(done).toMatchObject({ path: 'flex', served: { provider: 'openai', model: 'gpt-5-mini' } });
    expect(done.costUsd).toBeCloseTo(costOfUsage(usage, ROWS[0]!, 'flex'), 12);
    expect(done.costUsd).toBeCloseTo(costOfUsage(usage, ROWS[0]!, 'standard') / 2, 12);
  });

  it('runs a job whose deadline leaves no time for flex and the standard call after it at once, at the standard tier', async () => {
    const job = await submit('openai/gpt-5-mini', FLEX_RESERVE_MS - 10_000);
    const done = await jobReaches(job.id, 'succeeded');
    expect(upstream.requests.map((request) => request.json.service_tier)).toEqual([undefined]);
    expect(done).toMatchObject({ path: 'standard' });
    expect(done.costUsd).toBeCloseTo(costOfUsage(usage, ROWS[0]!, 'standard'), 12);
  });

  it('makes the standard call at once when flex is refused for capacity and the deadline leaves no time to try flex again', async () => {
    upstream.reply((request) =>
      request.json.service_tier === 'flex'
        ? { status: 429, json: { error: { message: 'Resource unavailable, please try again later.', type: 'server_error', param: null, code: 'resource_unavailable' } } }
        : { json: readRecordedJson('openai', 'openai-text') },
    );
    const job = await submit('openai/gpt-5-mini', 10 * 60_000);
    const done = await jobReaches(job.id, 'succeeded');
    expect(upstream.requests.map((request) => request.json.service_tier)).toEqual(['flex', undefined]);
    expect(done).toMatchObject({ path: 'standard', served: { provider: 'openai', model: 'gpt-5-mini' } });
    expect(done.costUsd).toBeCloseTo(costOfUsage(usage, ROWS[0]!, 'standard'), 12);
    expect((await turnarounds.recent(FLEX_KEY)).at(-1)).toMatchObject({ missed: true });
  });

  it('makes the standard call when the provider refuses the flex tier itself (a 400), and learns nothing of flex from it', async () => {
    upstream.reply((request) =>
      request.json.service_tier === 'flex'
        ? { status: 400, json: { error: { message: "Invalid service_tier 'flex' for this model.", type: 'invalid_request_error', param: 'service_tier', code: null } } }
        : { json: readRecordedJson('openai', 'openai-text') },
    );
    const samples = (await turnarounds.recent(FLEX_KEY)).length;
    const job = await submit('openai/gpt-5-mini', 10 * 60_000);
    const done = await jobReaches(job.id, 'succeeded');
    expect(upstream.requests.map((request) => request.json.service_tier)).toEqual(['flex', undefined]);
    expect(done).toMatchObject({ path: 'standard' });
    expect(await turnarounds.recent(FLEX_KEY)).toHaveLength(samples);
  });

  it('plans a job again without flex when flex is refused, and sends it to a batch when its deadline allows one', async () => {
    upstream.reply((request) =>
      request.json.service_tier === 'flex'
        ? { status: 429, json: { error: { message: 'Resource unavailable, please try again later.', type: 'server_error', param: null, code: 'resource_unavailable' } } }
        : { json: readRecordedJson('openai', 'openai-text') },
    );
    const job = await submit('openai/gpt-5', 24 * HOUR);
    const batched = await waitFor(async () => {
      const current = await store.getJob(job.id);
      return current?.path === 'batch' ? current : undefined;
    }, 10_000, 'the job to wait for a batch');
    expect(batched).toMatchObject({ status: 'queued', targetId: 'openai/gpt-5' });
    expect(upstream.requests.map((request) => request.json.service_tier)).toEqual(['flex']);
  });

  it('gives up on a flex call in time to make the standard call before the deadline', async () => {
    upstream.reply((request) => (request.json.service_tier === 'flex' ? { hang: true } : { json: readRecordedJson('openai', 'openai-text') }));
    // One second for flex, the rest kept for the standard call.
    const job = await submit('openai/gpt-5-mini', FLEX_RESERVE_MS + 1_000);
    const flex = await waitFor(() => upstream.requests[0], 10_000, 'the flex call');
    clock.advance(1_000);
    await flex.aborted;
    const done = await jobReaches(job.id, 'succeeded');
    expect(upstream.requests.map((request) => request.json.service_tier)).toEqual(['flex', undefined]);
    expect(done).toMatchObject({ path: 'standard' });
    expect(Date.parse(done.completedAt!)).toBeLessThan(job.deadlineAt);
    expect((await turnarounds.recent(FLEX_KEY)).at(-1)).toMatchObject({ missed: true, ms: 1_000 });
  });

  it('holds a job until a cheaper price window opens, then runs it at that price', async () => {
    // A second before the promotion: its message is sent again for when it opens (a 1 s delay).
    clock.advance(PROMOTION_AT - 1_000 - clock.now());
    const job = await submit('openai/gpt-4o-mini', HOUR);
    const waiting = await waitFor(async () => {
      const current = await store.getJob(job.id);
      return current?.path === 'price-window' ? current : undefined;
    }, 10_000, 'the job to wait for its window');
    expect(waiting).toMatchObject({ status: 'queued', notBefore: PROMOTION_AT, targetId: 'openai/gpt-4o-mini' });
    expect(upstream.requests).toHaveLength(0);
    clock.advance(1_000);
    const done = await jobReaches(job.id, 'succeeded', 15_000);
    expect(upstream.requests).toHaveLength(1);
    expect(Date.parse(done.completedAt!)).toBeGreaterThanOrEqual(PROMOTION_AT);
    expect(done).toMatchObject({ path: 'price-window' });
    expect(done.costUsd).toBeCloseTo(costOfUsage(usage, ROWS[2]!, 'standard'), 12);
  });

  it("posts the result to the job's callback URL, signed, on the poller's next run", async () => {
    const receiver = await startFakeUpstream(() => ({ json: { ok: true } }));
    const poller = pollerDependencies(pollerEnv!, silentLogger);
    try {
      const job = await submit('openai/gpt-4o-mini', 5 * 60_000, `${receiver.url}/hooks/switchyard`);
      const done = await jobReaches(job.id, 'succeeded');
      expect(done.callback).toMatchObject({ status: 'pending' });
      await runPoller(poller.deps);
      const [delivery] = receiver.requests;
      expect(delivery).toMatchObject({ method: 'POST', url: '/hooks/switchyard', json: { id: job.id, object: 'job', status: 'succeeded' } });
      expect(verifyCallbackSignature(delivery!.body, String(delivery!.headers['x-switchyard-signature']), CALLBACK_SECRET)).toBe(true);
      expect(verifyCallbackSignature(delivery!.body, String(delivery!.headers['x-switchyard-signature']), 'another-secret-0123456789abcdef')).toBe(false);
      expect((await store.getJob(job.id))?.callback).toMatchObject({ status: 'delivered' });
    } finally {
      await poller.stop();
      await receiver.close();
    }
  });
});

describe('the worker\'s and the poller\'s DynamoDB calls', () => {
  // Last in the file: every test above went through the grants.
  it('are all granted to them by the stack (dynalite checks no IAM)', () => {
    expect(checked.map((dynamoDb) => dynamoDb.refused)).toEqual([[], []]);
  });
});
