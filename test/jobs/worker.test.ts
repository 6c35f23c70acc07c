/**
 * The worker end to end through `npm start`'s local topology: jobs in the embedded jobs table,
 * their messages on the embedded queue (a 1 s visibility timeout and 2 receives before the
 * dead-letter queue, so retries take seconds), the emulated event source feeding the real worker
 * handler, and a fake OpenAI on loopback replaying a recorded answer.
 *
 * The worker's leases run on a clock the tests move, not on the machine's: a lease ends when a test
 * says so, and after each batch the clock moves on by the visibility timeout, the time a message
 * left on the queue takes to come back. So a message always comes back after the lease of the
 * delivery that left it has ended (as on AWS, where the lease is the shorter), however slowly the
 * machine runs the worker.
 */
import { createHash } from 'node:crypto';
import { ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { QueryCommand } from '../../functions/aws/dynamodb/commands.ts';
import type { DocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { healthPartitionKey } from '../../functions/health/health-keys.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoDbDocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { createSqsClient } from '../../functions/aws/sqs-client.ts';
import { createWorkerHandler } from '../../functions/jobs/create-worker-handler.ts';
import { jobMessageBody } from '../../functions/jobs/job-message.ts';
import { createJobPathStore } from '../../functions/jobs/job-path-store.ts';
import { newJobRecord, type JobPath, type JobRecord, type JobStatus } from '../../functions/jobs/job-record.ts';
import { createJobStore, type JobStore } from '../../functions/jobs/job-store.ts';
import { workerDependencies } from '../../functions/jobs/worker-dependencies.ts';
import { startEmbeddedAws, type EmbeddedAws } from '../../functions/local/embedded-aws.ts';
import { startLocalTopology, type LocalTopology } from '../../functions/local/start-local-topology.ts';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { createProviderRouter, providerOf } from '../support/provider-router.ts';
import { readRecordedJson } from '../support/recorded.ts';
import { manualClock } from '../support/manual-clock.ts';
import { startIamCheckedDynamoDb, type IamCheckedDynamoDb } from '../support/iam-checked-dynamodb.ts';
import { FUNCTION_TABLE_ACCESS } from '../../lib/constructs/table-access.ts';
import { queueDepth, silentLogger, waitFor } from '../local/local-test-helpers.ts';
import type { ChatCompletion } from '../../functions/ingress/openai-chat/encode-final.ts';

const MAX_RECEIVES = 2;
const VISIBILITY_TIMEOUT_MS = 1_000;
/** Shorter than the visibility timeout, as the deployed worker's lease is. */
const LEASE_MS = 500;
const HOUR = 3_600_000;
const clock = manualClock(Date.now());
/** The key digest of a tenant whose policy, as it is now, allows Anthropic only. */
const ANTHROPIC_ONLY_OWNER = createHash('sha256').update('sy-worker-anthropic-only').digest('hex');
const recorded = readRecordedJson('openai', 'openai-text') as { choices: Array<{ message: { content: string } }>; usage: { prompt_tokens: number; completion_tokens: number } };

let upstream: FakeUpstream;
let aws: EmbeddedAws;
let topology: LocalTopology;
let env: Record<string, string | undefined>;
/** The worker's own environment: DynamoDB through the grants the stack gives the worker. */
let workerEnv: Record<string, string | undefined>;
let workerDynamoDb: IamCheckedDynamoDb;
let store: JobStore;
let dynamo: DocumentClient;
let sqs: SQSClient;
let next = 0;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  aws = await startEmbeddedAws({ queueOverrides: { visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_MS / 1000, maxReceiveCount: MAX_RECEIVES } });
  env = {
    ...aws.env,
    NODE_ENV: 'test',
    OPENAI_API_KEY: 'sk-openai-test-key',
    OPENAI_BASE_URL: `${upstream.url}/v1`,
    ANTHROPIC_API_KEY: 'sk-ant-test-key',
    ANTHROPIC_BASE_URL: upstream.url,
    SWITCHYARD_API_KEY_POLICIES: JSON.stringify([{ key_sha256: ANTHROPIC_ONLY_OWNER, models: ['anthropic/*'] }]),
  };
  workerDynamoDb = await startIamCheckedDynamoDb(aws.dynamoDbEndpoint, env, FUNCTION_TABLE_ACCESS.worker);
  workerEnv = { ...env, DYNAMODB_ENDPOINT: workerDynamoDb.endpoint };
  // The worker as deployed, but with a lease shorter than the 1 s visibility timeout and the queue's 2 receives.
  const worker = createWorkerHandler({ ...workerDependencies(workerEnv, silentLogger, { now: clock.now, sleep: clock.sleep }), leaseMs: LEASE_MS, maxReceiveCount: MAX_RECEIVES });
  topology = await startLocalTopology({
    env,
    port: 0,
    logger: silentLogger,
    worker: async (event) => {
      try {
        return await worker(event);
      } finally {
        clock.advance(VISIBILITY_TIMEOUT_MS);
      }
    },
  });
  dynamo = createDynamoDbDocumentClient(env);
  store = createJobStore({ client: dynamo, tableName: env.JOBS_TABLE_NAME!, now: clock.now });
  sqs = createSqsClient(env);
});
afterAll(async () => {
  await topology?.close();
  sqs?.destroy();
  dynamo?.destroy();
  await workerDynamoDb?.close();
  await aws?.close();
  await upstream?.close();
});
beforeEach(() => {
  upstream.requests.length = 0;
  upstream.reply(() => ({ json: readRecordedJson('openai', 'openai-text') }));
});

async function createJob(): Promise<JobRecord> {
  const job = newJobRecord({
    id: `job-${++next}`,
    request: { model: 'openai/gpt-4.1-nano', messages: [{ role: 'user', content: 'Invent a holiday.' }] },
    owner: 'owner-hash',
    deadlineAt: clock.now() + HOUR,
    now: new Date(clock.now()),
  });
  await store.createJob(job);
  return job;
}

const send = (jobId: string) => sqs.send(new SendMessageCommand({ QueueUrl: env.JOBS_QUEUE_URL, MessageBody: jobMessageBody(jobId) }));

const jobReaches = (id: string, status: JobStatus, timeoutMs = 8_000) =>
  waitFor(async () => {
    const job = await store.getJob(id);
    return job?.status === status ? job : undefined;
  }, timeoutMs, `job ${id} to be ${status}`);

const queueDrained = () =>
  waitFor(async () => {
    const depth = await queueDepth(sqs, env.JOBS_QUEUE_URL!);
    return depth.visible + depth.inFlight === 0 || undefined;
  }, 8_000, 'the jobs queue to be empty');

describe('the worker, through the local topology', () => {
  it('runs a queued job as a standard call and stores the completion', async () => {
    const job = await createJob();
    await send(job.id);
    const done = await jobReaches(job.id, 'succeeded');
    expect(done).toMatchObject({
      attempts: 1,
      path: 'standard',
      served: { provider: 'openai', model: 'gpt-4.1-nano' },
      usage: { inputTokens: recorded.usage.prompt_tokens, outputTokens: recorded.usage.completion_tokens },
      result: { object: 'chat.completion', model: 'openai/gpt-4.1-nano-2025-04-14' },
    });
    expect((done.result as ChatCompletion | undefined)?.choices[0]?.message.content).toBe(recorded.choices[0]?.message.content);
    expect(done.leaseId).toBeUndefined();
    expect(upstream.requests).toHaveLength(1);
    expect(upstream.requests[0]).toMatchObject({ url: '/v1/chat/completions', json: { model: 'gpt-4.1-nano' } });
    expect(upstream.requests[0]?.json.stream).not.toBe(true);
    expect(upstream.requests[0]?.headers.authorization).toBe('Bearer sk-openai-test-key');
    await queueDrained();
    // The call was served as a door's is: its health sample is in the table once the batch ends.
    const { Items } = await dynamo.send(
      new QueryCommand({ TableName: env.HEALTH_TABLE_NAME!, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': healthPartitionKey('openai/gpt-4.1-nano') } }),
    );
    expect((Items ?? []).reduce((sum, item) => sum + Number(item['count_ok'] ?? 0), 0)).toBe(1);
  });

  it('does nothing visible with a second delivery of the same job', async () => {
    const job = await createJob();
    await send(job.id);
    await send(job.id);
    const done = await jobReaches(job.id, 'succeeded');
    await queueDrained();
    expect(upstream.requests).toHaveLength(1);
    const after = await store.getJob(job.id);
    expect(after).toEqual(done);
    expect(after?.attempts).toBe(1);

    // A late duplicate of a finished job: consumed, and nothing changes.
    await send(job.id);
    await queueDrained();
    expect(await store.getJob(job.id)).toEqual(done);
    expect(upstream.requests).toHaveLength(1);
  });

  it('fails a job at once on a 400 from the provider, and the message is done', async () => {
    upstream.reply(() => ({ status: 400, json: { error: { message: "Invalid value for 'temperature'", type: 'invalid_request_error', param: 'temperature', code: null } } }));
    const job = await createJob();
    await send(job.id);
    const failed = await jobReaches(job.id, 'failed');
    expect(failed.error).toMatchObject({ status: 400, message: expect.stringContaining("Invalid value for 'temperature'") });
    // Neither visible nor in flight (where a message left for a retry waits): deleted, it cannot come back.
    await queueDrained();
    expect(upstream.requests).toHaveLength(1);
  });

  it('retries a failing provider until the last receive, then fails the job and leaves the message in the dead-letter queue', async () => {
    upstream.reply(() => ({ status: 500, json: { error: { message: 'The server had an error', type: 'server_error' } } }));
    const job = await createJob();
    await send(job.id);
    const failed = await jobReaches(job.id, 'failed', 10_000);
    expect(failed.error).toMatchObject({ status: 502, message: expect.stringContaining('500') });
    expect(failed.attempts).toBe(MAX_RECEIVES);
    // Each delivery's call is served as a door's is: tried twice at its target (SWITCHYARD_ATTEMPTS_PER_TARGET's default).
    expect(upstream.requests).toHaveLength(MAX_RECEIVES * 2);
    const dead = await waitFor(
      async () => {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: env.JOBS_DLQ_URL, WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }));
        return Messages.find((message) => message.Body === jobMessageBody(job.id));
      },
      10_000,
      'the message in the dead-letter queue',
    );
    expect(dead).toBeDefined();
    expect(upstream.requests).toHaveLength(MAX_RECEIVES * 2);
  });

  it('abandons a call that outlives the lease, retries it, and fails the job as timed out on the last receive', async () => {
    upstream.reply(() => ({ hang: true }));
    const job = await createJob();
    await send(job.id);
    // Each delivery's call is in flight when its lease runs out.
    for (let receive = 1; receive <= MAX_RECEIVES; receive += 1) {
      await waitFor(() => upstream.requests.length === receive || undefined, 10_000, `call ${receive}`);
      clock.advance(LEASE_MS);
    }
    const failed = await jobReaches(job.id, 'failed', 10_000);
    expect(failed.error).toMatchObject({ status: 504, code: 'job_timeout' });
    expect(failed.attempts).toBe(MAX_RECEIVES);
    // An attempt the lease's end aborted is not tried again: one call a delivery.
    expect(upstream.requests).toHaveLength(MAX_RECEIVES);
    await Promise.all(upstream.requests.map((request) => request.aborted));
  });

  it('takes over a job whose worker was lost mid-call once its lease has expired', async () => {
    const job = await createJob();
    const lost = await store.claimJob(job.id, LEASE_MS);
    expect(lost?.status).toBe('running');
    clock.advance(LEASE_MS + 1);
    await send(job.id);
    const done = await jobReaches(job.id, 'succeeded');
    expect(done.attempts).toBe(2);
    expect((done.result as ChatCompletion | undefined)?.choices[0]?.message.content).toBe(recorded.choices[0]?.message.content);
    expect(upstream.requests).toHaveLength(1);
  });

  it('brings back a message whose job was held, so it takes the job over if the holder dies', async () => {
    const job = await createJob();
    // A holder whose lease ends before the message's visibility timeout does.
    await store.claimJob(job.id, VISIBILITY_TIMEOUT_MS - 200);
    await send(job.id);
    const done = await jobReaches(job.id, 'succeeded');
    expect(done.attempts).toBe(2);
    expect(upstream.requests).toHaveLength(1);
  });

  it('leaves a job held by a live lease to its holder', async () => {
    const job = await createJob();
    await store.claimJob(job.id, HOUR);
    await send(job.id);
    await queueDrained();
    expect(await store.getJob(job.id)).toMatchObject({ status: 'running', attempts: 1 });
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('a job an earlier plan pinned to a target, for a key whose policy has changed since', () => {
  /** Planned earlier at `pin.targetId` (a price window, or the standard path back from a batch), as `defer` leaves it. */
  async function pinnedJob(model: string, pin: { path: JobPath; targetId: string; notBefore?: number }): Promise<JobRecord> {
    const job = newJobRecord({
      id: `job-pinned-${++next}-${Date.now()}`,
      request: { model, messages: [{ role: 'user', content: 'Invent a holiday.' }] },
      owner: ANTHROPIC_ONLY_OWNER,
      deadlineAt: Date.now() + 3_600_000,
    });
    await store.createJob(job);
    const claimed = await store.claimJob(job.id, 60_000);
    expect(await createJobPathStore({ client: dynamo, tableName: env.JOBS_TABLE_NAME! }).defer(job.id, claimed!.leaseId!, pin)).toBe(true);
    return job;
  }

  it('fails with model_not_allowed when the key may use no target of its model any more, and calls no provider', async () => {
    const job = await pinnedJob('gpt-4o-mini', { path: 'standard', targetId: 'openai/gpt-4o-mini' });
    await send(job.id);
    const failed = await jobReaches(job.id, 'failed');
    expect(failed.error).toMatchObject({ status: 403, code: 'model_not_allowed' });
    expect(upstream.requests).toHaveLength(0);
  });

  it('is planned again among the targets the key may still use', async () => {
    const providers = createProviderRouter();
    upstream.reply(providers.handler);
    const job = await pinnedJob('claude-haiku-4-5', { path: 'price-window', targetId: 'bedrock/us.anthropic.claude-haiku-4-5-20251001-v1:0', notBefore: Date.now() - 1_000 });
    await send(job.id);
    const done = await jobReaches(job.id, 'succeeded');
    expect(done).toMatchObject({ path: 'standard', served: { provider: 'anthropic', model: 'claude-haiku-4-5' } });
    expect(upstream.requests.map(providerOf)).toEqual(['anthropic']);
  });
});

const record = (messageId: string, body: string, receiveCount = 1): SQSRecord => ({
  messageId,
  receiptHandle: `rh-${messageId}`,
  body,
  attributes: { ApproximateReceiveCount: String(receiveCount), SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:jobs',
  awsRegion: 'us-east-1',
});

describe('the Lambda entry (functions/worker.ts)', () => {
  it('reads its configuration at cold start without gateway keys and reports only the failed messages of a batch', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, { ...workerEnv, NODE_ENV: 'production', SWITCHYARD_API_KEYS: '', POWERTOOLS_LOG_LEVEL: 'SILENT' });
    try {
      const { handler } = await import('../../functions/worker.ts');
      const ok = await createJob();
      const ended = await createJob();
      await store.failJob(ended.id, { status: 400, code: null, message: 'failed earlier' });
      upstream.reply((request) =>
        request.json.messages && JSON.stringify(request.json.messages).includes('fail me')
          ? { status: 503, json: { error: { message: 'overloaded', type: 'server_error' } } }
          : { json: readRecordedJson('openai', 'openai-text') },
      );
      // A job whose request the provider refuses for now (503): retryable, so its message is reported.
      const retry = newJobRecord({ id: 'job-retry', request: { model: 'openai/gpt-4.1-nano', messages: [{ role: 'user', content: 'fail me' }] }, owner: 'o', deadlineAt: clock.now() + HOUR, now: new Date(clock.now()) });
      await store.createJob(retry);
      const event: SQSEvent = { Records: [record('m1', jobMessageBody(ok.id)), record('m2', jobMessageBody(retry.id)), record('m3', 'not a job'), record('m4', jobMessageBody(ended.id))] };
      const context = { functionName: 'worker', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 300_000 } as unknown as Context;
      const response = await handler(event, context);
      expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
      expect(await store.getJob(ok.id)).toMatchObject({ status: 'succeeded' });
      expect(await store.getJob(retry.id)).toMatchObject({ status: 'running', attempts: 1 });
      expect(await store.getJob(ended.id)).toMatchObject({ status: 'failed', error: { message: 'failed earlier' } });
    } finally {
      for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  });
});

describe('the worker\'s DynamoDB calls', () => {
  // Last in the file: every test above went through the grants.
  it('are all granted to the worker by the stack (dynalite checks no IAM)', () => {
    expect(workerDynamoDb.refused).toEqual([]);
  });
});
