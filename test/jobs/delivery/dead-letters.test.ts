/**
 * The jobs dead-letter queue's consumer through `npm start`'s local topology: a worker that dies
 * on every receive (it claims the job, then throws before it can mark anything), the embedded
 * queue's real redrive (1 s visibility, 2 receives), and the consumer polling the DLQ fail the
 * job with the reason and empty the DLQ. Then the consumer's other cases, message by message.
 */
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DocumentClient } from '../../../functions/aws/dynamodb/document-client.ts';
import type { SQSRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbDocumentClient } from '../../../functions/aws/dynamodb/document-client.ts';
import { createSqsClient } from '../../../functions/aws/sqs-client.ts';
import { createDeadLetterHandler, deadLetterError } from '../../../functions/jobs/delivery/dead-letters.ts';
import { jobMessageBody, parseJobMessage } from '../../../functions/jobs/job-message.ts';
import { newJobRecord, type JobRecord, type JobStatus } from '../../../functions/jobs/job-record.ts';
import { createJobStore, type JobStore } from '../../../functions/jobs/job-store.ts';
import { startEmbeddedAws, type EmbeddedAws } from '../../../functions/local/embedded-aws.ts';
import { localDeadLetters } from '../../../functions/local/local-dead-letters.ts';
import { startLocalTopology, type LocalTopology } from '../../../functions/local/start-local-topology.ts';
import { FUNCTION_TABLE_ACCESS } from '../../../lib/constructs/table-access.ts';
import { startIamCheckedDynamoDb, type IamCheckedDynamoDb } from '../../support/iam-checked-dynamodb.ts';
import { queueDepth, silentLogger, waitFor } from '../../local/local-test-helpers.ts';

const MAX_RECEIVES = 2;

let aws: EmbeddedAws;
let topology: LocalTopology;
let env: Record<string, string | undefined>;
let dynamo: DocumentClient;
let sqs: SQSClient;
let store: JobStore;
let next = 0;
/** DynamoDB for the dead-letter consumer, through the grants the stack gives it. */
let deadLettersDynamoDb: IamCheckedDynamoDb;
/** Receives the dying worker saw, by job id. */
const receives = new Map<string, number>();

beforeAll(async () => {
  aws = await startEmbeddedAws({ queueOverrides: { visibilityTimeoutSeconds: 1, maxReceiveCount: MAX_RECEIVES } });
  env = { ...aws.env, NODE_ENV: 'test', OPENAI_API_KEY: 'sk-openai-test-key' };
  dynamo = createDynamoDbDocumentClient(env);
  sqs = createSqsClient(env);
  store = createJobStore({ client: dynamo, tableName: env.JOBS_TABLE_NAME! });
  deadLettersDynamoDb = await startIamCheckedDynamoDb(aws.dynamoDbEndpoint, env, FUNCTION_TABLE_ACCESS.deadLetters);
  topology = await startLocalTopology({
    env,
    port: 0,
    logger: silentLogger,
    // A worker lost mid-job on every receive: it claims the job, then dies without a word. Its
    // lease lasts a millisecond, so it has ended by the next receive however slowly this one ran
    // (on AWS the lease is shorter than the visibility timeout; here a slow claim could outlast
    // the difference).
    worker: async ({ Records }) => {
      for (const record of Records) {
        const jobId = parseJobMessage(record.body)!.jobId;
        receives.set(jobId, (receives.get(jobId) ?? 0) + 1);
        await store.claimJob(jobId, 1);
      }
      throw new Error('worker out of memory');
    },
    deadLetters: localDeadLetters({ ...env, DYNAMODB_ENDPOINT: deadLettersDynamoDb.endpoint }, silentLogger, MAX_RECEIVES),
  });
});
afterAll(async () => {
  await topology?.close();
  sqs?.destroy();
  dynamo?.destroy();
  await deadLettersDynamoDb?.close();
  await aws?.close();
});

async function createJob(overrides: { callbackUrl?: string } = {}): Promise<JobRecord> {
  const job = newJobRecord({
    id: `job-dead-${++next}-${Date.now()}`,
    request: { model: 'openai/gpt-4.1-nano', messages: [{ role: 'user', content: 'Invent a holiday.' }] },
    owner: 'owner',
    deadlineAt: Date.now() + 3_600_000,
    ...overrides,
  });
  await store.createJob(job);
  return job;
}

const jobReaches = (id: string, status: JobStatus) =>
  waitFor(async () => {
    const job = await store.getJob(id);
    return job?.status === status ? job : undefined;
  }, 15_000, `job ${id} to be ${status}`);

describe('the dead-letter consumer, through the local redrive', () => {
  it('fails a job whose worker died on every receive, with the reason, and empties the dead-letter queue', async () => {
    const job = await createJob();
    await sqs.send(new SendMessageCommand({ QueueUrl: env.JOBS_QUEUE_URL, MessageBody: jobMessageBody(job.id) }));
    const failed = await jobReaches(job.id, 'failed');
    expect(failed.error).toEqual({ status: 500, code: 'worker_failed', message: 'The worker failed on every one of its 2 receives.' });
    expect(failed.leaseId).toBeUndefined();
    expect(receives.get(job.id)).toBe(MAX_RECEIVES);
    expect(failed.attempts).toBe(MAX_RECEIVES);
    await waitFor(async () => {
      const [main, dead] = await Promise.all([queueDepth(sqs, env.JOBS_QUEUE_URL!), queueDepth(sqs, env.JOBS_DLQ_URL!)]);
      return main.visible + main.inFlight + dead.visible + dead.inFlight === 0 || undefined;
    }, 10_000, 'both queues to be empty');
  });
});

const record = (messageId: string, body: string): SQSRecord => ({
  messageId,
  receiptHandle: `rh-${messageId}`,
  body,
  attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'test', ApproximateFirstReceiveTimestamp: '0' },
  messageAttributes: {},
  md5OfBody: '',
  eventSource: 'aws:sqs',
  eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:jobs-dlq',
  awsRegion: 'us-east-1',
});

describe('the dead-letter consumer, message by message', () => {
  const handler = () => createDeadLetterHandler({ store, logger: silentLogger, maxReceiveCount: 5 });

  it('keeps the reason of a job the worker failed itself, leaves a live lease to its holder, drops what names no job', async () => {
    const ended = await createJob();
    await store.failJob(ended.id, { status: 502, code: 'upstream_error', message: 'The provider answered 500.' });
    const held = await createJob();
    await store.claimJob(held.id, 60_000);
    const queued = await createJob();

    const response = await handler()({
      Records: [record('m1', jobMessageBody(ended.id)), record('m2', jobMessageBody(held.id)), record('m3', 'not a job'), record('m4', jobMessageBody('job-missing')), record('m5', jobMessageBody(queued.id))],
    });
    // Only the held job's message comes back, to look again once its lease has ended.
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm2' }] });
    expect((await store.getJob(ended.id))?.error).toMatchObject({ code: 'upstream_error' });
    expect(await store.getJob(held.id)).toMatchObject({ status: 'running' });
    expect(await store.getJob(queued.id)).toMatchObject({ status: 'failed', error: deadLetterError(5) });
  });

  it('makes the callback of a job it fails due', async () => {
    const job = await createJob({ callbackUrl: 'https://example.com/hook' });
    expect(await handler()({ Records: [record('m1', jobMessageBody(job.id))] })).toEqual({ batchItemFailures: [] });
    expect((await store.getJob(job.id))?.callback).toMatchObject({ status: 'pending', attempts: 0 });
  });
});

describe('the dead-letter consumer\'s DynamoDB calls', () => {
  // Last in the file: every test above went through the grants.
  it('are all granted to it by the stack (dynalite checks no IAM)', () => {
    expect(deadLettersDynamoDb.refused).toEqual([]);
  });
});
