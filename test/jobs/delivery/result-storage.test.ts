/**
 * Results of any size on the embedded S3 (fauxqs) and jobs table (dynalite): a 1 MB completion
 * goes to the results bucket whole and comes back byte for byte through the job record's
 * reference; a small one stays in the record; a tampered or missing object is reported. Results
 * are stored with the worker's grants and read with the gateway's (test/support/iam-checked-s3.ts).
 */
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { DocumentClient } from '../../../functions/aws/dynamodb/document-client.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbDocumentClient } from '../../../functions/aws/dynamodb/document-client.ts';
import { createS3Client } from '../../../functions/aws/s3/s3-client.ts';
import type { ChatCompletion } from '../../../functions/ingress/openai-chat/encode-final.ts';
import { loadResult, readJobResult, RESULT_INLINE_LIMIT_BYTES, ResultUnavailableError, storeResult } from '../../../functions/jobs/delivery/result-storage.ts';
import { newJobRecord } from '../../../functions/jobs/job-record.ts';
import { createJobStore, type JobStore } from '../../../functions/jobs/job-store.ts';
import { BUCKETS } from '../../../functions/infrastructure/resource-definitions.ts';
import { startEmbeddedAws, type EmbeddedAws } from '../../../functions/local/embedded-aws.ts';
import { FUNCTION_BUCKET_ACCESS } from '../../../lib/constructs/bucket-access.ts';
import { startIamCheckedS3, type IamCheckedS3 } from '../../support/iam-checked-s3.ts';

let aws: EmbeddedAws;
/** The test's own client, for looking at and tampering with the objects. */
let s3: ReturnType<typeof createS3Client>;
let workerS3: IamCheckedS3;
let gatewayS3: IamCheckedS3;
/** The clients of the worker, which stores results, and of the gateway, which reads them (GET /v1/jobs/{id}). */
let asWorker: ReturnType<typeof createS3Client>;
let asGateway: ReturnType<typeof createS3Client>;
let dynamo: DocumentClient;
let store: JobStore;
let bucket: string;
let next = 0;

beforeAll(async () => {
  aws = await startEmbeddedAws();
  s3 = createS3Client(aws.env);
  workerS3 = await startIamCheckedS3(aws.env.S3_ENDPOINT!, aws.env, FUNCTION_BUCKET_ACCESS.worker);
  gatewayS3 = await startIamCheckedS3(aws.env.S3_ENDPOINT!, aws.env, FUNCTION_BUCKET_ACCESS.gateway);
  asWorker = createS3Client({ ...aws.env, S3_ENDPOINT: workerS3.endpoint });
  asGateway = createS3Client({ ...aws.env, S3_ENDPOINT: gatewayS3.endpoint });
  dynamo = createDynamoDbDocumentClient(aws.env);
  store = createJobStore({ client: dynamo, tableName: aws.env.JOBS_TABLE_NAME! });
  bucket = aws.env[BUCKETS.results.envVar]!;
});
afterAll(async () => {
  for (const client of [s3, asWorker, asGateway]) client?.destroy();
  await Promise.all([workerS3?.close(), gatewayS3?.close()]);
  dynamo?.destroy();
  await aws?.close();
});

const completion = (content: string): ChatCompletion =>
  ({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1,
    model: 'openai/gpt-4.1-nano',
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop', logprobs: null }],
  }) as unknown as ChatCompletion;

async function runningJob() {
  const job = newJobRecord({
    id: `job-result-${++next}-${Date.now()}`,
    request: { model: 'openai/gpt-4.1-nano', messages: [{ role: 'user', content: 'Write a long story.' }] },
    owner: 'owner',
    deadlineAt: Date.now() + 3_600_000,
  });
  await store.createJob(job);
  const claimed = await store.claimJob(job.id, 60_000);
  return claimed!;
}

describe('result storage', () => {
  it('stores a 1 MB completion whole in the results bucket, encrypted, and the record keeps a reference that reads it back', async () => {
    const job = await runningJob();
    // Multi-byte characters too: the limit is in bytes, not characters.
    const big = completion('Once upon a time — ✓ '.repeat(48_000));
    const stored = await storeResult(job, big, { s3: asWorker, bucket });
    expect(stored.result).toBeUndefined();
    expect(stored.resultRef).toMatchObject({ bucket, key: `results/${job.id}.json`, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(stored.resultRef!.bytes).toBeGreaterThan(1_000_000);

    // The completion's write takes the reference: the record stays far below DynamoDB's 400 KB.
    expect(await store.completeJob(job.id, job.leaseId!, { ...stored, served: { provider: 'openai', model: 'gpt-4.1-nano' } as never, usage: undefined, path: 'standard' })).toBe(true);
    const record = await store.getJob(job.id);
    expect(record).toMatchObject({ status: 'succeeded', resultRef: stored.resultRef });
    expect(record?.result).toBeUndefined();

    const read = await readJobResult(record!, asGateway);
    expect(read).toEqual(big);
    const head = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: stored.resultRef!.key }));
    expect(head.ContentType).toBe('application/json');
    expect(head.ContentLength).toBe(stored.resultRef!.bytes);
  });

  it('keeps a small completion in the record, with no object written', async () => {
    const job = await runningJob();
    const small = completion('Short.');
    const stored = await storeResult(job, small, { s3: asWorker, bucket });
    expect(stored).toEqual({ result: small });
    await expect(s3.send(new GetObjectCommand({ Bucket: bucket, Key: `results/${job.id}.json` }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    expect(await readJobResult({ result: small }, asGateway)).toBe(small);
    expect(await readJobResult({}, asGateway)).toBeUndefined();
  });

  it('counts the record around the result: a request that fills the record sends a smaller result to the bucket', async () => {
    const job = { id: `job-result-${++next}`, request: { messages: [{ role: 'user', content: 'x'.repeat(RESULT_INLINE_LIMIT_BYTES - 1000) }] } };
    const stored = await storeResult(job as never, completion('y'.repeat(2000)), { s3: asWorker, bucket });
    expect(stored.resultRef?.key).toBe(`results/${job.id}.json`);
  });

  it('reports an object that is gone or was changed, rather than returning something else', async () => {
    const job = await runningJob();
    const { resultRef } = await storeResult(job, completion('z'.repeat(RESULT_INLINE_LIMIT_BYTES)), { s3: asWorker, bucket });
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: resultRef!.key, Body: JSON.stringify(completion('tampered')) }));
    await expect(loadResult(resultRef!, asGateway)).rejects.toThrow(ResultUnavailableError);
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: resultRef!.key }));
    // S3 answers the gateway's read of a missing object with 403, as the gateway may not list the
    // bucket; a client that may, with 404 (NoSuchKey). Both are the object gone.
    await expect(loadResult(resultRef!, asGateway)).rejects.toThrow(/is no longer stored, or may not be read\.$/);
    await expect(loadResult(resultRef!, s3)).rejects.toThrow(/is no longer stored\.$/);
  });

  it('made no call the worker or the gateway is not granted', () => {
    expect(workerS3.refused).toEqual([]);
    expect(gatewayS3.refused).toEqual([]);
  });
});
