/**
 * Callbacks end to end on the embedded jobs table (dynalite) and S3 (fauxqs), to real receivers
 * on loopback: a job ends with its callback pending, the sweep (with an injected clock) POSTs
 * the signed job, retries with back-off, marks it delivered or failed; racing sweeps send once.
 * The sweeps read results from S3 with the poller's grants (test/support/iam-checked-s3.ts).
 */
import { createServer, type IncomingMessage, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DocumentClient } from '../../../functions/aws/dynamodb/document-client.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoDbDocumentClient } from '../../../functions/aws/dynamodb/document-client.ts';
import { createS3Client } from '../../../functions/aws/s3/s3-client.ts';
import type { ChatCompletion } from '../../../functions/ingress/openai-chat/encode-final.ts';
import { scheduleCallback } from '../../../functions/jobs/delivery/callback-schedule.ts';
import { allowsLoopbackCallbacks, CallbackSecretMissingError, requireCallbackSecret } from '../../../functions/jobs/delivery/callback-settings.ts';
import { callbackUrlProblem } from '../../../functions/jobs/delivery/callback-url.ts';
import { CALLBACK_SIGNATURE_HEADER, signCallback, verifyCallbackSignature } from '../../../functions/jobs/delivery/callback-signature.ts';
import { callbackSweepDependencies } from '../../../functions/jobs/delivery/callback-sweep-dependencies.ts';
import { createCallbackStore } from '../../../functions/jobs/delivery/callback-store.ts';
import { CALLBACK_BACKOFF_MS, CALLBACK_MAX_ATTEMPTS, deliverDueCallbacks, type CallbackSweepDeps } from '../../../functions/jobs/delivery/callback-sweep.ts';
import { readJobResult, storeResult } from '../../../functions/jobs/delivery/result-storage.ts';
import { newJobRecord, type JobRecord } from '../../../functions/jobs/job-record.ts';
import { createJobStore } from '../../../functions/jobs/job-store.ts';
import { BUCKETS } from '../../../functions/infrastructure/resource-definitions.ts';
import { startEmbeddedAws, type EmbeddedAws } from '../../../functions/local/embedded-aws.ts';
import { createPublicOnlyAgents, RefusedAddressError } from '../../../functions/net/public-only-agents.ts';
import { sendRequest } from '../../../functions/net/send-request.ts';
import { FUNCTION_BUCKET_ACCESS } from '../../../lib/constructs/bucket-access.ts';
import { silentLogger } from '../../local/local-test-helpers.ts';
import { startIamCheckedS3, type IamCheckedS3 } from '../../support/iam-checked-s3.ts';

const SECRET = 'whsec-test-0123456789abcdef0123456789abcdef';

interface Received {
  body: string;
  headers: IncomingMessage['headers'];
}

/** A receiver on loopback answering each POST with the next status of `script` (then 200). */
async function startReceiver() {
  const received: Received[] = [];
  let script: number[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString('utf8'), headers: request.headers });
      response.writeHead(script.shift() ?? 200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  let connections = 0;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/switchyard`,
    received,
    /** TCP connections accepted so far: a refused callback never opens one. */
    connections: () => connections,
    answer(statuses: number[]) {
      script = [...statuses];
      received.length = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A receiver on loopback that answers as `handler` does (or never); closing it cuts its connections. */
async function startServer(handler: RequestListener) {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/switchyard`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let aws: EmbeddedAws;
let dynamo: DocumentClient;
/** The test's own S3 client, storing results as the worker does; the sweeps', through the poller's grants. */
let s3: ReturnType<typeof createS3Client>;
let pollerS3: IamCheckedS3;
let asPoller: ReturnType<typeof createS3Client>;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
/** What the sweeps send through: public-only, allowing loopback as development and tests do. */
const loopbackAllowed = createPublicOnlyAgents({ allowLoopback: true });
const publicOnly = createPublicOnlyAgents({ allowLoopback: false });
let clock = 0;
let next = 0;

beforeAll(async () => {
  aws = await startEmbeddedAws();
  dynamo = createDynamoDbDocumentClient(aws.env);
  s3 = createS3Client(aws.env);
  pollerS3 = await startIamCheckedS3(aws.env.S3_ENDPOINT!, aws.env, FUNCTION_BUCKET_ACCESS.poller);
  asPoller = createS3Client({ ...aws.env, S3_ENDPOINT: pollerS3.endpoint });
  receiver = await startReceiver();
});
afterAll(async () => {
  loopbackAllowed.destroy();
  publicOnly.destroy();
  await receiver?.close();
  dynamo?.destroy();
  s3?.destroy();
  asPoller?.destroy();
  await pollerS3?.close();
  await aws?.close();
});
beforeEach(() => {
  // Each test two months before the previous one: a callback an earlier test left pending is never due in a later one.
  clock = Date.UTC(2040, 0, 1) - ++next * 60 * 24 * 3_600_000;
  receiver.answer([]);
});

const tableName = () => aws.env.JOBS_TABLE_NAME!;
const store = () => createJobStore({ client: dynamo, tableName: tableName(), now: () => clock });
const sweepDeps = (overrides: Partial<CallbackSweepDeps> = {}): CallbackSweepDeps => ({
  client: dynamo,
  tableName: tableName(),
  s3: asPoller,
  secret: SECRET,
  logger: silentLogger,
  allowLoopback: true,
  agents: loopbackAllowed,
  now: () => clock,
  ...overrides,
});
const sweep = (overrides: Partial<CallbackSweepDeps> = {}) => deliverDueCallbacks(sweepDeps(overrides));

const completion = (content: string): ChatCompletion =>
  ({ id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'openai/gpt-4.1-nano', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }] }) as unknown as ChatCompletion;

/** A job with a callback URL, run and completed through the store as the worker does. */
async function completedJob({ content = 'A holiday for left-handed people.', callbackUrl = receiver.url } = {}): Promise<JobRecord> {
  const jobs = store();
  const job = newJobRecord({
    id: `job-cb-${next}-${Math.random().toString(36).slice(2)}`,
    request: { model: 'openai/gpt-4.1-nano', messages: [{ role: 'user', content: 'Invent a holiday.' }] },
    owner: 'owner',
    deadlineAt: clock + 3_600_000,
    metadata: { order: '42' },
    callbackUrl,
    now: new Date(clock),
  });
  await jobs.createJob(job);
  const claimed = (await jobs.claimJob(job.id, 60_000))!;
  const stored = await storeResult(claimed, completion(content), { s3, bucket: aws.env[BUCKETS.results.envVar]! });
  const done = await jobs.completeJob(job.id, claimed.leaseId!, {
    ...stored,
    served: { provider: 'openai', model: 'gpt-4.1-nano' } as never,
    usage: { inputTokens: 12, outputTokens: 34 },
    path: 'standard',
    callback: scheduleCallback(claimed, clock),
  });
  expect(done).toBe(true);
  return (await jobs.getJob(job.id))!;
}

describe('callback signatures', () => {
  it('verify with the secret they were made with, within the tolerance, and not otherwise', () => {
    const body = '{"id":"job-1","status":"succeeded"}';
    const header = signCallback(body, SECRET, 1_900_000_000);
    expect(header).toMatch(/^t=1900000000,v1=[0-9a-f]{64}$/);
    expect(verifyCallbackSignature(body, header, SECRET, { now: 1_900_000_100 })).toBe(true);
    expect(verifyCallbackSignature(body, header, 'another-secret-0123456789abcdef0123', { now: 1_900_000_100 })).toBe(false);
    expect(verifyCallbackSignature(`${body} `, header, SECRET, { now: 1_900_000_100 })).toBe(false);
    // A replay ten minutes later: the timestamp is signed, so it cannot be refreshed.
    expect(verifyCallbackSignature(body, header, SECRET, { now: 1_900_000_600 })).toBe(false);
    expect(verifyCallbackSignature(body, header.replace('t=1900000000', 't=1900000590'), SECRET, { now: 1_900_000_600 })).toBe(false);
    expect(verifyCallbackSignature(body, undefined, SECRET)).toBe(false);
    expect(verifyCallbackSignature(body, 't=1900000000,v1=zz', SECRET, { now: 1_900_000_000 })).toBe(false);
  });
});

describe('callback settings', () => {
  it('require the secret for a job with a callback, naming the variable', () => {
    expect(() => requireCallbackSecret({})).toThrow(CallbackSecretMissingError);
    expect(() => requireCallbackSecret({})).toThrow(/SWITCHYARD_CALLBACK_SECRET/);
    expect(() => requireCallbackSecret({ SWITCHYARD_CALLBACK_SECRET: 'short' })).toThrow(/at least 32/);
    expect(requireCallbackSecret({ SWITCHYARD_CALLBACK_SECRET: SECRET })).toBe(SECRET);
  });

  it('allow receivers on loopback in development and tests only, never in production', () => {
    expect(allowsLoopbackCallbacks({ NODE_ENV: 'development' })).toBe(true);
    expect(allowsLoopbackCallbacks({ NODE_ENV: 'test' })).toBe(true);
    expect(allowsLoopbackCallbacks({ NODE_ENV: 'production' })).toBe(false);
    expect(allowsLoopbackCallbacks({})).toBe(false);
  });

  it('take https URLs to public hosts, and loopback (over http too) only where allowed', () => {
    expect(callbackUrlProblem('http://example.com/hook', { allowLoopback: false })).toMatch(/https/);
    expect(callbackUrlProblem('http://example.com/hook', { allowLoopback: true })).toMatch(/https/);
    expect(callbackUrlProblem('https://example.com/hook', { allowLoopback: false })).toBeUndefined();
    expect(callbackUrlProblem('http://127.0.0.1:9/hook', { allowLoopback: true })).toBeUndefined();
    expect(callbackUrlProblem('https://127.0.0.1:9/hook', { allowLoopback: false })).toBe('127.0.0.1 is a loopback address, not a public one');
    expect(callbackUrlProblem('https://2130706433/hook', { allowLoopback: false })).toBe('127.0.0.1 is a loopback address, not a public one');
    expect(callbackUrlProblem('https://169.254.169.254/', { allowLoopback: true })).toBe('169.254.169.254 is a link-local address, not a public one');
    expect(callbackUrlProblem('https://0.0.0.0/', { allowLoopback: false })).toBe('0.0.0.0 is an unspecified address, not a public one');
    expect(callbackUrlProblem('file:///etc/passwd', { allowLoopback: true })).toMatch(/https/);
    expect(callbackUrlProblem('not a url', { allowLoopback: true })).toMatch(/not a URL/);
  });
});

describe('callback delivery', () => {
  it('retries a receiver that fails twice with back-off, then delivers the signed job once', async () => {
    receiver.answer([503, 500]);
    const job = await completedJob();
    expect(job.callback).toEqual({ status: 'pending', attempts: 0, nextAttemptAt: clock });

    expect(await sweep()).toEqual({ delivered: 0, retrying: 1, failed: 0, skipped: 0 });
    expect((await store().getJob(job.id))?.callback).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: clock + CALLBACK_BACKOFF_MS[0], lastError: 'the receiver answered 503' });

    // Not due yet: nothing is sent.
    clock += CALLBACK_BACKOFF_MS[0] - 1;
    expect(await sweep()).toEqual({ delivered: 0, retrying: 0, failed: 0, skipped: 0 });
    expect(receiver.received).toHaveLength(1);

    clock += 1;
    expect(await sweep()).toMatchObject({ retrying: 1 });
    expect((await store().getJob(job.id))?.callback).toMatchObject({ attempts: 2, nextAttemptAt: clock + CALLBACK_BACKOFF_MS[1], lastError: 'the receiver answered 500' });

    clock += CALLBACK_BACKOFF_MS[1];
    expect(await sweep()).toEqual({ delivered: 1, retrying: 0, failed: 0, skipped: 0 });
    const delivered = await store().getJob(job.id);
    expect(delivered?.callback).toMatchObject({ status: 'delivered', attempts: 3, deliveredAt: new Date(clock).toISOString() });
    expect(delivered?.callback?.nextAttemptAt).toBeUndefined();

    expect(receiver.received).toHaveLength(3);
    const last = receiver.received[2]!;
    expect(last.headers['content-type']).toBe('application/json');
    expect(last.headers['x-switchyard-job-id']).toBe(job.id);
    expect(verifyCallbackSignature(last.body, last.headers[CALLBACK_SIGNATURE_HEADER] as string, SECRET, { now: Math.floor(clock / 1000) })).toBe(true);
    expect(verifyCallbackSignature(last.body, last.headers[CALLBACK_SIGNATURE_HEADER] as string, 'wrong-secret-0123456789abcdef0123456', { now: Math.floor(clock / 1000) })).toBe(false);
    expect(JSON.parse(last.body)).toMatchObject({
      id: job.id,
      object: 'job',
      status: 'succeeded',
      metadata: { order: '42' },
      callback_url: receiver.url,
      result: { object: 'chat.completion', choices: [{ message: { content: 'A holiday for left-handed people.' } }] },
    });

    // Delivered callbacks are out of the index: later sweeps send nothing more.
    clock += 24 * 3_600_000;
    expect(await sweep()).toEqual({ delivered: 0, retrying: 0, failed: 0, skipped: 0 });
    expect(receiver.received).toHaveLength(3);
  });

  it('sends a result too large for the record whole, from the results bucket', async () => {
    const content = 'long answer '.repeat(40_000);
    const job = await completedJob({ content });
    expect(job.resultRef).toBeDefined();
    expect(await sweep()).toMatchObject({ delivered: 1 });
    expect(JSON.parse(receiver.received[0]!.body).result.choices[0].message.content).toBe(content);
  });

  it('sends once when sweeps race for the same due callbacks', async () => {
    const jobs = await Promise.all([completedJob(), completedJob(), completedJob()]);
    const reports = await Promise.all(Array.from({ length: 5 }, () => sweep()));
    expect(reports.reduce((sum, report) => sum + report.delivered, 0)).toBe(3);
    expect(receiver.received.map((request) => request.headers['x-switchyard-job-id']).sort()).toEqual(jobs.map((job) => job.id).sort());

    // And at the claim itself: of two claims of the same due attempt, one wins.
    const job = await completedJob();
    const callbacks = createCallbackStore({ client: dynamo, tableName: tableName() });
    const claims = await Promise.all([callbacks.claim(job.id, clock, clock + 60_000), callbacks.claim(job.id, clock, clock + 60_000)]);
    expect(claims.filter((claim) => claim !== undefined)).toHaveLength(1);
  });

  it('sends again a callback whose deliverer was lost mid-attempt, once its claim has ended', async () => {
    const job = await completedJob();
    const callbacks = createCallbackStore({ client: dynamo, tableName: tableName() });
    expect(await callbacks.claim(job.id, clock, clock + 60_000)).toBeDefined();
    expect(await sweep()).toEqual({ delivered: 0, retrying: 0, failed: 0, skipped: 0 });
    clock += 60_000;
    expect(await sweep()).toMatchObject({ delivered: 1 });
    expect((await store().getJob(job.id))?.callback).toMatchObject({ status: 'delivered', attempts: 2 });
    // The lost deliverer's late outcome is refused: attempt 1 is no longer the latest.
    expect(await callbacks.retryAt(job.id, 1, clock, 'late')).toBe(false);
  });

  it('gives up after the last attempt, and the result stays readable', async () => {
    receiver.answer(Array.from({ length: CALLBACK_MAX_ATTEMPTS }, () => 500));
    const job = await completedJob();
    for (let attempt = 1; attempt <= CALLBACK_MAX_ATTEMPTS; attempt++) {
      expect(await sweep()).toMatchObject(attempt < CALLBACK_MAX_ATTEMPTS ? { retrying: 1 } : { failed: 1 });
      clock += CALLBACK_BACKOFF_MS[attempt - 1] ?? 0;
    }
    const failed = (await store().getJob(job.id))!;
    expect(failed.callback).toMatchObject({ status: 'failed', attempts: CALLBACK_MAX_ATTEMPTS, lastError: 'the receiver answered 500' });
    expect(receiver.received).toHaveLength(CALLBACK_MAX_ATTEMPTS);
    expect(await readJobResult(failed, s3)).toMatchObject({ object: 'chat.completion' });
    clock += 7 * 24 * 3_600_000;
    expect(await sweep()).toEqual({ delivered: 0, retrying: 0, failed: 0, skipped: 0 });
  });

  it('never sends to a plain http URL outside development and tests, and says why', async () => {
    const job = await completedJob();
    expect(await sweep({ allowLoopback: false, agents: publicOnly })).toMatchObject({ failed: 1 });
    expect(receiver.received).toHaveLength(0);
    expect((await store().getJob(job.id))?.callback).toMatchObject({ status: 'failed', attempts: 1, lastError: 'callback_url refused: callbacks go over https only' });
  });

  it('fails for good, without connecting, a callback to a loopback address outside development and tests', async () => {
    const connections = receiver.connections();
    const job = await completedJob({ callbackUrl: receiver.url.replace('http://127.0.0.1', 'https://2130706433') });
    expect(await sweep({ allowLoopback: false, agents: publicOnly })).toEqual({ delivered: 0, retrying: 0, failed: 1, skipped: 0 });
    expect(receiver.connections()).toBe(connections);
    expect((await store().getJob(job.id))?.callback).toMatchObject({ status: 'failed', attempts: 1, lastError: 'callback_url refused: 127.0.0.1 is a loopback address, not a public one' });
  });

  it('fails for good, without connecting, a callback whose name resolves to a private or loopback address when it is sent', async () => {
    const connections = receiver.connections();
    const answers = ['10.0.0.7', '127.0.0.1'];
    const rebinding = createPublicOnlyAgents({ allowLoopback: false, resolve: async () => [{ address: answers.shift()!, family: 4 }] });
    try {
      const port = new URL(receiver.url).port;
      const jobs = [await completedJob({ callbackUrl: `https://hooks.rebinding.invalid:${port}/a` }), await completedJob({ callbackUrl: `https://hooks.rebinding.invalid:${port}/b` })];
      expect(await sweep({ allowLoopback: false, agents: rebinding, concurrency: 1 })).toEqual({ delivered: 0, retrying: 0, failed: 2, skipped: 0 });
      expect(receiver.connections()).toBe(connections);
      const errors = await Promise.all(jobs.map(async (job) => (await store().getJob(job.id))?.callback));
      expect(errors.map((callback) => callback?.status)).toEqual(['failed', 'failed']);
      expect(errors.map((callback) => callback?.lastError).sort()).toEqual([
        'the receiver was refused: hooks.rebinding.invalid resolves to 10.0.0.7, which is a private address, not a public one',
        'the receiver was refused: hooks.rebinding.invalid resolves to 127.0.0.1, which is a loopback address, not a public one',
      ]);
    } finally {
      rebinding.destroy();
    }
  });

  it("refuses loopback receivers in the poller's sweep from a production environment, and reaches them from a test one", async () => {
    const fromEnv = (NODE_ENV: string) => callbackSweepDependencies({ ...aws.env, NODE_ENV, SWITCHYARD_CALLBACK_SECRET: SECRET }, silentLogger);
    const production = fromEnv('production');
    const test = fromEnv('test');
    try {
      const connections = receiver.connections();
      const job = await completedJob({ callbackUrl: receiver.url.replace('http://127.0.0.1', 'https://127.0.0.1') });
      expect(await deliverDueCallbacks({ ...production, now: () => clock })).toMatchObject({ failed: 1 });
      expect((await store().getJob(job.id))?.callback).toMatchObject({ status: 'failed', lastError: expect.stringContaining('is a loopback address, not a public one') });
      // Its agents connect to no loopback address, whatever URL reaches them.
      const refused = await sendRequest({ method: 'POST', url: receiver.url, headers: {}, body: '{}' }, new AbortController().signal, production.agents).catch(
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(RefusedAddressError);
      expect(receiver.connections()).toBe(connections);

      await completedJob();
      expect(await deliverDueCallbacks({ ...test, now: () => clock })).toMatchObject({ delivered: 1 });
      expect(receiver.received).toHaveLength(1);
    } finally {
      await production.close();
      await test.close();
    }
  });

  it('keeps the callback pending, saying why, while the secret is missing', async () => {
    const job = await completedJob();
    expect(await sweep({ secret: undefined })).toMatchObject({ retrying: 1 });
    expect(receiver.received).toHaveLength(0);
    expect((await store().getJob(job.id))?.callback).toMatchObject({ status: 'pending', lastError: expect.stringContaining('SWITCHYARD_CALLBACK_SECRET') });
  });

  it('counts a receiver that cannot be reached as a failed attempt', async () => {
    const closed = await startReceiver();
    await closed.close();
    const job = await completedJob({ callbackUrl: closed.url });
    expect(await sweep()).toMatchObject({ retrying: 1 });
    expect((await store().getJob(job.id))?.callback?.lastError).toMatch(/^the request failed: /);
  });

  it('counts a redirect as a failed attempt, and does not follow it', async () => {
    const redirecting = await startServer((_request, response) => response.writeHead(307, { location: receiver.url }).end());
    try {
      const job = await completedJob({ callbackUrl: redirecting.url });
      expect(await sweep()).toMatchObject({ retrying: 1 });
      expect(receiver.received).toHaveLength(0);
      expect((await store().getJob(job.id))?.callback?.lastError).toBe('the receiver answered 307');
    } finally {
      await redirecting.close();
    }
  });

  it('counts a receiver that does not answer within the timeout as a failed attempt', async () => {
    const silent = await startServer(() => {
      // Never answers.
    });
    try {
      const job = await completedJob({ callbackUrl: silent.url });
      expect(await sweep({ timeoutMs: 50 })).toMatchObject({ retrying: 1 });
      expect((await store().getJob(job.id))?.callback?.lastError).toBe('the request failed: no answer within 50 ms');
    } finally {
      await silent.close();
    }
  });

  it("delivers on a 2xx, reading a bounded part of the receiver's body and cutting a longer one off", async () => {
    let cut: Promise<void> | undefined;
    const endless = await startServer((request, response) => {
      request.resume();
      cut = new Promise((resolve) => response.once('close', resolve));
      // More than is read, and never ended: only cutting it off ends the attempt before its timeout.
      response.writeHead(200).write(Buffer.alloc(512 * 1024));
    });
    try {
      const job = await completedJob({ callbackUrl: endless.url });
      // No timeout to end it in this test's time.
      expect(await sweep({ timeoutMs: 600_000 })).toMatchObject({ delivered: 1 });
      expect((await store().getJob(job.id))?.callback).toMatchObject({ status: 'delivered' });
      await cut;
    } finally {
      await endless.close();
    }
  });

  it('schedules a callback for a failed job too, and none for a job without a callback URL', async () => {
    const jobs = store();
    const job = newJobRecord({ id: `job-cb-failed-${next}`, request: { model: 'm', messages: [] } as never, owner: 'o', deadlineAt: clock + 1000, callbackUrl: receiver.url, now: new Date(clock) });
    await jobs.createJob(job);
    expect(await jobs.failJob(job.id, { status: 400, code: null, message: 'bad request' }, { callback: scheduleCallback(job, clock) })).toBe(true);
    expect(await sweep()).toMatchObject({ delivered: 1 });
    const body = JSON.parse(receiver.received[0]!.body);
    expect(body).toMatchObject({ id: job.id, object: 'job', status: 'failed', error: { message: 'bad request' } });
    expect(body.result).toBeUndefined();
    expect(scheduleCallback({ id: 'x' }, clock)).toBeUndefined();
  });
});

describe("the sweeps' S3 calls", () => {
  // Last in the file: every sweep above went through the grants.
  it('are all granted to the poller by the stack (fauxqs checks no IAM)', () => {
    expect(pollerS3.refused).toEqual([]);
  });
});
