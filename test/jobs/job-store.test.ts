/** The job store's conditional transitions, on the embedded DynamoDB (dynalite). */
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChatCompletion } from '../../functions/ingress/openai-chat/encode-final.ts';
import { jobKey } from '../../functions/jobs/job-keys.ts';
import { parseJobMessage, jobMessageBody } from '../../functions/jobs/job-message.ts';
import { JOB_TTL_SECONDS, newJobRecord, type JobRecord } from '../../functions/jobs/job-record.ts';
import { createJobStore, JobExistsError, type JobStore } from '../../functions/jobs/job-store.ts';
import { GetCommand, PutCommand } from '../../functions/aws/dynamodb/commands.ts';
import type { DocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { useEmbeddedAws } from '../support/use-embedded-aws.ts';

const embedded = useEmbeddedAws();
let client: DocumentClient;
let clock = Date.parse('2026-03-01T12:00:00Z');
let store: JobStore;
let next = 0;

beforeAll(() => {
  ({ client } = embedded);
  store = createJobStore({ client, tableName: embedded.aws.env.JOBS_TABLE_NAME!, now: () => clock });
});

const completion: ChatCompletion = { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'openai/m', choices: [] };
const outcome = { result: completion, served: { provider: 'openai', model: 'm' }, usage: { inputTokens: 3, outputTokens: 5 }, path: 'standard' as const };

async function queuedJob(): Promise<JobRecord> {
  const job = newJobRecord({ id: `job-${++next}`, request: { model: 'openai/m', messages: [{ role: 'user', content: 'hi' }] }, owner: 'key-hash', deadlineAt: clock, now: new Date(clock) });
  await store.createJob(job);
  return job;
}

describe('job store', () => {
  it('creates a job once, with its keys, owner index keys and a 30-day expiry', async () => {
    const job = await queuedJob();
    await expect(store.createJob(job)).rejects.toBeInstanceOf(JobExistsError);
    const { Item } = await client.send(new GetCommand({ TableName: embedded.aws.env.JOBS_TABLE_NAME!, Key: jobKey(job.id) }));
    expect(Item).toMatchObject({ pk: `job#${job.id}`, sk: 'job', gsi1pk: 'owner#key-hash', gsi1sk: `${job.createdAt}#${job.id}`, status: 'queued', attempts: 0, deadlineAt: clock });
    expect(Item?.path).toBeUndefined();
    expect(Item?.expiresAt).toBe(Math.floor(clock / 1000) + JOB_TTL_SECONDS);
    expect(await store.getJob(job.id)).toEqual(job);
  });

  it('claims a queued job once; a live lease cannot be claimed, an expired one can', async () => {
    const job = await queuedJob();
    const first = await store.claimJob(job.id, 1_000);
    expect(first).toMatchObject({ status: 'running', attempts: 1, leaseExpiresAt: clock + 1_000 });
    expect(first?.leaseId).toEqual(expect.any(String));
    expect(await store.claimJob(job.id, 1_000)).toBeUndefined();
    clock += 1_001;
    const second = await store.claimJob(job.id, 1_000);
    expect(second).toMatchObject({ status: 'running', attempts: 2 });
    expect(second?.leaseId).not.toBe(first?.leaseId);
    // The first holder's answer no longer counts; the second's does, once.
    expect(await store.completeJob(job.id, first!.leaseId!, outcome)).toBe(false);
    expect(await store.completeJob(job.id, second!.leaseId!, outcome)).toBe(true);
    expect(await store.completeJob(job.id, second!.leaseId!, outcome)).toBe(false);
    const done = await store.getJob(job.id);
    expect(done).toMatchObject({ status: 'succeeded', result: completion, served: outcome.served, usage: outcome.usage });
    expect(done?.leaseId).toBeUndefined();
    expect(await store.claimJob(job.id, 1_000)).toBeUndefined();
  });

  it('fails a job that has not ended: under the caller\'s lease when one is named, else only if queued or its lease lapsed; never an ended job', async () => {
    const error = { status: 400, code: 'bad', message: 'no' };
    const queued = await queuedJob();
    expect(await store.failJob(queued.id, error)).toBe(true);
    expect(await store.getJob(queued.id)).toMatchObject({ status: 'failed', error });
    expect(await store.failJob(queued.id, { ...error, message: 'again' })).toBe(false);
    expect(await store.claimJob(queued.id, 1_000)).toBeUndefined();

    const running = await queuedJob();
    const claim = await store.claimJob(running.id, 1_000);
    expect(await store.failJob(running.id, error, { leaseId: 'someone-else' })).toBe(false);
    expect(await store.failJob(running.id, error)).toBe(false);
    expect(await store.failJob(running.id, error, { leaseId: claim!.leaseId! })).toBe(true);
    expect(await store.completeJob(running.id, claim!.leaseId!, outcome)).toBe(false);
    expect(await store.getJob(running.id)).toMatchObject({ status: 'failed', error });

    expect(await store.failJob('no-such-job', error)).toBe(false);

    const lapsed = await queuedJob();
    await store.claimJob(lapsed.id, 1_000);
    clock += 1_001;
    expect(await store.failJob(lapsed.id, error)).toBe(true);
  });

  it('treats a record past its expiry as gone, whether or not DynamoDB has deleted it yet', async () => {
    const job = await queuedJob();
    clock += JOB_TTL_SECONDS * 1000;
    expect(await store.getJob(job.id)).toBeUndefined();
    expect(await store.claimJob(job.id, 1_000)).toBeUndefined();
  });
});

describe("the caller's data in a job record", () => {
  it('stores any request and metadata the API accepts faithfully: keys named like Object\'s own, nesting past DynamoDB\'s 32 levels, numbers past its range', async () => {
    const request = JSON.parse(
      `{"model":"openai/m","messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"f","parameters":` +
        `{"type":"object","properties":{"constructor":{"type":"string"},"__proto__":{"type":"number"}},"maximum":1e200,"deep":${'['.repeat(40)}${']'.repeat(40)}}}}]}`,
    );
    const metadata = JSON.parse('{"constructor":"c","__proto__":"p","hasOwnProperty":"h"}');
    const job = newJobRecord({ id: `job-data-${++next}`, request, metadata, owner: 'key-hash', deadlineAt: clock, now: new Date(clock) });
    await store.createJob(job);
    const stored = await store.getJob(job.id);
    expect(stored).toEqual(job);
    expect(JSON.stringify(stored?.request)).toBe(JSON.stringify(request));
    expect(Object.keys(stored!.metadata!)).toEqual(['constructor', '__proto__', 'hasOwnProperty']);
    expect(Object.getPrototypeOf(stored!.metadata)).toBe(Object.prototype);
  });

  it('reads a record written with the request and metadata as maps, as earlier versions wrote them', async () => {
    const job = newJobRecord({ id: `job-maps-${++next}`, request: { model: 'openai/m', messages: [{ role: 'user', content: 'hi' }] }, metadata: { customer: 'c-1' }, owner: 'key-hash', deadlineAt: clock, now: new Date(clock) });
    await client.send(new PutCommand({ TableName: embedded.aws.env.JOBS_TABLE_NAME!, Item: { ...jobKey(job.id), ...job } }));
    expect(await store.getJob(job.id)).toEqual(job);
  });
});

describe('job message', () => {
  it('carries the job id and nothing else', () => {
    expect(jobMessageBody('j1')).toBe('{"jobId":"j1"}');
    expect(parseJobMessage('{"jobId":"j1"}')).toEqual({ jobId: 'j1' });
    for (const body of ['', 'nope', '{}', '{"jobId":""}', '{"jobId":3}']) expect(parseJobMessage(body)).toBeUndefined();
  });
});
