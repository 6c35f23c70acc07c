/**
 * The jobs routes as functions, on the embedded DynamoDB with a scripted queue sender: what is
 * answered when the queue or the table refuses, how an idempotency key behaves across those
 * failures, and the 503 of a gateway without the jobs table and queue.
 */
import type { DocumentClient } from '../../../functions/aws/dynamodb/document-client.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoDbDocumentClient } from '../../../functions/aws/dynamodb/document-client.ts';
import { createS3Client } from '../../../functions/aws/s3/s3-client.ts';
import type { ChatCompletion } from '../../../functions/ingress/openai-chat/encode-final.ts';
import { storeResult } from '../../../functions/jobs/delivery/result-storage.ts';
import type { HttpRequest } from '../../../functions/http/http-types.ts';
import { CallError } from '../../../functions/core/call-error.ts';
import type { RouteContext } from '../../../functions/http/routes/route-context.ts';
import { createJobRoutes } from '../../../functions/http/routes/jobs.ts';
import { createIdempotencyStore } from '../../../functions/jobs/api/idempotency-store.ts';
import type { JobSender } from '../../../functions/jobs/api/job-sender.ts';
import type { JobsBackend } from '../../../functions/jobs/api/submit-jobs.ts';
import { createJobStore, type JobStore } from '../../../functions/jobs/job-store.ts';
import type { KeyPolicy } from '../../../functions/config/read-key-policies.ts';
import { createEngine } from '../../../functions/routing/create-engine.ts';
import { startEmbeddedAws, type EmbeddedAws } from '../../../functions/local/embedded-aws.ts';
import { silentLogger } from '../../local/local-test-helpers.ts';
import { FUNCTION_TABLE_ACCESS } from '../../../lib/constructs/table-access.ts';
import { startIamCheckedDynamoDb, type IamCheckedDynamoDb } from '../../support/iam-checked-dynamodb.ts';
import { startIamCheckedS3, type IamCheckedS3 } from '../../support/iam-checked-s3.ts';
import { FUNCTION_BUCKET_ACCESS } from '../../../lib/constructs/bucket-access.ts';
import { fullConfig, resolver } from '../../routing/routing-fixtures.ts';

let aws: EmbeddedAws;
let client: DocumentClient;
/** The tests' own view of the table (they also play the worker); the routes' goes through the gateway's grants. */
let store: JobStore;
let gatewayDynamoDb: IamCheckedDynamoDb;
let gatewayS3: IamCheckedS3;
/** The test's own S3 client, storing results as the worker does; the gateway's, through its grants. */
let s3: ReturnType<typeof createS3Client>;
let gatewayResults: ReturnType<typeof createS3Client>;
let gatewayClient: DocumentClient;
let backend: JobsBackend;
/** Every id handed to the sender, and the ids it is told to refuse. */
let sent: string[];
let refuse: (id: string, index: number) => boolean;

const sender: JobSender = {
  async send(ids) {
    const unsent = ids.filter((id, index) => refuse(id, index));
    sent.push(...ids.filter((id) => !unsent.includes(id)));
    return unsent;
  },
};

beforeAll(async () => {
  aws = await startEmbeddedAws();
  client = createDynamoDbDocumentClient(aws.env);
  const tableName = aws.env.JOBS_TABLE_NAME!;
  store = createJobStore({ client, tableName });
  gatewayDynamoDb = await startIamCheckedDynamoDb(aws.dynamoDbEndpoint, aws.env, FUNCTION_TABLE_ACCESS.gateway);
  gatewayClient = createDynamoDbDocumentClient({ ...aws.env, DYNAMODB_ENDPOINT: gatewayDynamoDb.endpoint });
  gatewayS3 = await startIamCheckedS3(aws.env.S3_ENDPOINT!, aws.env, FUNCTION_BUCKET_ACCESS.gateway);
  s3 = createS3Client(aws.env);
  gatewayResults = createS3Client({ ...aws.env, S3_ENDPOINT: gatewayS3.endpoint });
  backend = {
    store: createJobStore({ client: gatewayClient, tableName }),
    idempotency: createIdempotencyStore({ client: gatewayClient, tableName }),
    sender,
    results: gatewayResults,
    signsCallbacks: true,
  };
});
afterAll(async () => {
  gatewayClient?.destroy();
  await gatewayDynamoDb?.close();
  s3?.destroy();
  gatewayResults?.destroy();
  await gatewayS3?.close();
  client?.destroy();
  await aws?.close();
});
beforeEach(() => {
  sent = [];
  refuse = () => false;
});

/** The gateway's own router, for the verdict on a job's model. */
const { admit } = createEngine({ config: fullConfig, resolver, logger: silentLogger }).router;
const routes = () => createJobRoutes({ backend, admit, logger: silentLogger, allowLoopbackCallbacks: true });
const context = (keyDigest?: string, policy?: KeyPolicy): RouteContext => ({ requestId: 'req_1', annotate() {}, finish() {}, caller: { keyDigest, policy } });
const request = (body: unknown, headers: Record<string, string> = {}, query = ''): HttpRequest => ({
  method: 'POST',
  path: '/v1/jobs',
  query,
  headers,
  body: body === undefined ? '' : JSON.stringify(body),
  signal: new AbortController().signal,
});
const job = (content: string) => ({ model: 'openai/gpt-4.1-nano', messages: [{ role: 'user', content }], deadline: 600 });

async function refused(call: Promise<unknown>): Promise<CallError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof CallError) return error;
    throw error;
  }
  throw new Error('expected a CallError');
}

describe('submitting', () => {
  it('writes the job, then sends its id; an open gateway owns its jobs as `open`', async () => {
    const answer = await routes().submit(request(job('hi')), context());
    expect(answer.status).toBe(202);
    const body = JSON.parse(answer.body as string) as { id: string; status: string };
    expect(sent).toEqual([body.id]);
    expect(await store.getJob(body.id)).toMatchObject({ status: 'queued', owner: 'open', request: { model: 'openai/gpt-4.1-nano' } });
  });

  it('fails a job the queue refused (enqueue_failed) and answers 503; the idempotency key is released, so a retry makes a new job', async () => {
    refuse = () => true;
    const headers = { 'idempotency-key': 'refused-once' };
    const error = await refused(routes().submit(request(job('hi'), headers), context('owner-1')));
    expect(error).toMatchObject({ status: 503, code: 'jobs_unavailable' });
    const [failed] = (await store.listJobs('owner-1', { limit: 10 })).jobs;
    expect(failed).toMatchObject({ status: 'failed', error: { code: 'enqueue_failed' } });

    refuse = () => false;
    const retry = JSON.parse((await routes().submit(request(job('hi'), headers), context('owner-1'))).body as string) as { id: string; status: string };
    expect(retry.id).not.toBe(failed!.id);
    expect(retry.status).toBe('queued');
    expect(sent).toEqual([retry.id]);
  });

  it('answers 202 for a batch the queue took in part, the refused jobs failed and saying why', async () => {
    refuse = (_id, index) => index === 1;
    const answer = await routes().submit(request({ requests: [job('a'), job('b'), job('c')] }), context('owner-2'));
    expect(answer.status).toBe(202);
    const { data } = JSON.parse(answer.body as string) as { data: Array<{ id: string; status: string; error?: { code: string } }> };
    expect(data.map((item) => item.status)).toEqual(['queued', 'failed', 'queued']);
    expect(data[1]!.error?.code).toBe('enqueue_failed');
    expect(sent).toEqual([data[0]!.id, data[2]!.id]);
    expect(await store.getJob(data[1]!.id)).toMatchObject({ status: 'failed', error: { code: 'enqueue_failed' } });
  });

  it("refuses at submission, whole, jobs for a model the key's policy does not allow: 403 naming it, nothing written or sent", async () => {
    const nanoOnly: KeyPolicy = { allows: (target) => target === 'openai/gpt-4.1-nano', names: () => false };
    const one = await refused(routes().submit(request({ ...job('x'), model: 'mistral/mistral-large-latest' }), context('owner-policy', nanoOnly)));
    expect(one).toMatchObject({ status: 403, code: 'model_not_allowed', param: 'model', message: expect.stringContaining("'mistral/mistral-large-latest'") });
    const batch = await refused(routes().submit(request({ requests: [job('a'), { ...job('b'), model: 'gpt-4o-mini' }] }), context('owner-policy', nanoOnly)));
    expect(batch).toMatchObject({ status: 403, code: 'model_not_allowed', param: 'requests[1].model' });
    expect(sent).toEqual([]);
    expect((await store.listJobs('owner-policy', { limit: 10 })).jobs).toEqual([]);

    expect((await routes().submit(request(job('a')), context('owner-policy', nanoOnly))).status).toBe(202);
  });

  it('refuses at submission a job for a model no provider serves, rather than failing it later', async () => {
    const error = await refused(routes().submit(request({ ...job('x'), model: 'nowhere/model' }), context('owner-unknown')));
    expect(error).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    expect(sent).toEqual([]);
  });

  it('sends again, on a retry with the key, the messages of jobs no worker has touched, and writes none twice', async () => {
    const headers = { 'idempotency-key': 'resend' };
    const first = JSON.parse((await routes().submit(request(job('x'), headers), context('owner-3'))).body as string) as { id: string };
    const second = await routes().submit(request(job('x'), headers), context('owner-3'));
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(JSON.parse(second.body as string)).toMatchObject({ id: first.id });
    // Queued and never attempted: the first message may never have left.
    expect(sent).toEqual([first.id, first.id]);
    const claimed = await store.claimJob(first.id, 60_000);
    expect(claimed).toBeDefined();
    await routes().submit(request(job('x'), headers), context('owner-3'));
    expect(sent).toEqual([first.id, first.id]);
    expect((await store.listJobs('owner-3', { limit: 10 })).jobs).toHaveLength(1);
  });

  it('refuses an Idempotency-Key that is not printable ASCII up to 255 characters', async () => {
    const error = await refused(routes().submit(request(job('x'), { 'idempotency-key': 'k'.repeat(256) }), context('owner-4')));
    expect(error).toMatchObject({ status: 400, param: 'Idempotency-Key' });
  });

  it('answers every jobs route 503 on a gateway without the jobs table and queue', async () => {
    const bare = createJobRoutes({ backend: undefined, admit, logger: silentLogger, allowLoopbackCallbacks: false });
    for (const call of [bare.submit(request(job('x')), context()), bare.list(request(undefined), context()), bare.retrieve(request(undefined), context(), 'job_x'), bare.cancel(request(undefined), context(), 'job_x')]) {
      expect(await refused(call)).toMatchObject({ status: 503, code: 'jobs_unavailable', message: expect.stringContaining('jobs table and queue') });
    }
  });
});

describe('reading and cancelling', () => {
  it('shows the owner its job in the API shape, and nobody else', async () => {
    const { id } = JSON.parse((await routes().submit(request({ ...job('x'), metadata: { a: 'b' }, callback_url: 'http://127.0.0.1:9/hook' }), context('owner-5'))).body as string) as { id: string };
    const shown = JSON.parse((await routes().retrieve(request(undefined), context('owner-5'), id)).body as string) as Record<string, unknown>;
    expect(Object.keys(shown).sort()).toEqual(['callback_url', 'created_at', 'deadline_at', 'endpoint', 'id', 'metadata', 'model', 'object', 'status']);
    expect(shown).toMatchObject({ id, object: 'job', status: 'queued', endpoint: '/v1/chat/completions', metadata: { a: 'b' }, callback_url: 'http://127.0.0.1:9/hook' });
    expect(await refused(routes().retrieve(request(undefined), context('owner-6'), id))).toMatchObject({ status: 404, code: 'job_not_found' });
    expect(await refused(routes().retrieve(request(undefined), context('owner-5'), '../etc'))).toMatchObject({ status: 404 });
    expect(await refused(routes().cancel(request(undefined), context('owner-6'), id))).toMatchObject({ status: 404 });
    const cancelled = JSON.parse((await routes().cancel(request(undefined), context('owner-5'), id)).body as string) as Record<string, unknown>;
    expect(cancelled).toMatchObject({ status: 'cancelled', completed_at: expect.any(Number) });
    expect(await refused(routes().cancel(request(undefined), context('owner-5'), id))).toMatchObject({ status: 409, code: 'job_already_ended' });
  });

  it('reads a result too large for the record from the results bucket', async () => {
    const { id } = JSON.parse((await routes().submit(request(job('long')), context('owner-7'))).body as string) as { id: string };
    const claim = await store.claimJob(id, 60_000);
    const completion: ChatCompletion = {
      id: 'chatcmpl-big',
      object: 'chat.completion',
      created: 1,
      model: 'openai/gpt-4.1-nano',
      choices: [{ index: 0, message: { role: 'assistant', content: 'x'.repeat(400 * 1024) }, finish_reason: 'stop', logprobs: null }],
    } as ChatCompletion;
    const stored = await storeResult({ id }, completion, { s3, bucket: aws.env.RESULTS_BUCKET_NAME! });
    expect(stored.resultRef).toBeDefined();
    expect(await store.completeJob(id, claim!.leaseId!, { ...stored, served: { provider: 'openai', model: 'gpt-4.1-nano' }, usage: undefined, path: 'standard' })).toBe(true);
    const shown = JSON.parse((await routes().retrieve(request(undefined), context('owner-7'), id)).body as string) as { status: string; result?: ChatCompletion; error?: unknown };
    expect(shown.status).toBe('succeeded');
    expect(shown.result?.choices[0]?.message.content).toHaveLength(400 * 1024);
    expect(shown.error).toBeUndefined();
    const withoutBucket = createJobRoutes({ backend: { ...backend, results: undefined }, admit, logger: silentLogger, allowLoopbackCallbacks: true });
    const unread = JSON.parse((await withoutBucket.retrieve(request(undefined), context('owner-7'), id)).body as string) as { error?: { code: string } };
    expect(unread.error?.code).toBe('result_unavailable');
  });
});

describe('the jobs routes\' DynamoDB and S3 calls', () => {
  // Last in the file: every test above went through the grants.
  it('are all granted to the gateway by the stack (dynalite and fauxqs check no IAM)', () => {
    expect(gatewayDynamoDb.refused).toEqual([]);
    expect(gatewayS3.refused).toEqual([]);
  });
});
