/** The job store's reads and writes for the jobs API: an owner's jobs page by page, and cancelling. On dynalite. */
import type { DocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ChatCompletion } from '../../functions/ingress/openai-chat/encode-final.ts';
import { newJobRecord, type JobRecord } from '../../functions/jobs/job-record.ts';
import { createJobStore, InvalidCursorError, type JobStore } from '../../functions/jobs/job-store.ts';
import { useEmbeddedAws } from '../support/use-embedded-aws.ts';

const embedded = useEmbeddedAws();
let client: DocumentClient;
let clock = Date.parse('2026-04-01T12:00:00Z');
let store: JobStore;
let next = 0;

beforeAll(() => {
  ({ client } = embedded);
  store = createJobStore({ client, tableName: embedded.aws.env.JOBS_TABLE_NAME!, now: () => clock });
});

const completion: ChatCompletion = { id: 'chatcmpl-1', object: 'chat.completion', created: 1, model: 'openai/m', choices: [] };

/** A queued job of `owner`, created a second after the one before. */
async function queuedJob(owner: string): Promise<JobRecord> {
  clock += 1_000;
  const job = newJobRecord({
    id: `job_${++next}`,
    request: { model: 'openai/m', messages: [{ role: 'user', content: 'hi' }] },
    owner,
    deadlineAt: clock + 3_600_000,
    now: new Date(clock),
  });
  await store.createJob(job);
  return job;
}

async function readAll(owner: string, limit: number, status?: JobRecord['status']): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let after: string | undefined;
  let pages = 0;
  do {
    const page = await store.listJobs(owner, { limit, after, status });
    expect(page.jobs.length).toBeLessThanOrEqual(limit);
    ids.push(...page.jobs.map((job) => job.id));
    after = page.next;
    pages++;
  } while (after !== undefined && pages < 50);
  return { ids, pages };
}

describe('listJobs', () => {
  it("pages through one owner's jobs newest first, without another owner's, each job once", async () => {
    const mine = [];
    for (let i = 0; i < 7; i++) mine.push(await queuedJob('owner-a'));
    await queuedJob('owner-b');
    const { ids, pages } = await readAll('owner-a', 3);
    expect(ids).toEqual(mine.map((job) => job.id).reverse());
    expect(pages).toBe(3);
    const first = await store.listJobs('owner-a', { limit: 3 });
    expect(first.jobs[0]).toEqual(mine[6]);
    expect(first.jobs[0]).not.toHaveProperty('gsi1pk');
    expect((await store.listJobs('owner-a', { limit: 100 })).next).toBeUndefined();
  });

  it('filters by status across pages', async () => {
    const jobs = [];
    for (let i = 0; i < 6; i++) jobs.push(await queuedJob('owner-c'));
    for (const job of [jobs[1]!, jobs[4]!]) expect((await store.cancelJob(job.id, 'owner-c')).outcome).toBe('cancelled');
    expect((await readAll('owner-c', 1, 'cancelled')).ids).toEqual([jobs[4]!.id, jobs[1]!.id]);
    expect((await readAll('owner-c', 2, 'queued')).ids).toEqual([jobs[5], jobs[3], jobs[2], jobs[0]].map((job) => job!.id));
    expect((await store.listJobs('owner-c', { limit: 10, status: 'succeeded' })).jobs).toEqual([]);
  });

  it("refuses a cursor it did not make, and a cursor cannot reach another owner's jobs", async () => {
    await expect(store.listJobs('owner-a', { limit: 2, after: 'not a cursor' })).rejects.toBeInstanceOf(InvalidCursorError);
    await expect(store.listJobs('owner-a', { limit: 2, after: Buffer.from('job#x').toString('base64url') })).rejects.toBeInstanceOf(InvalidCursorError);
    const { next } = await store.listJobs('owner-a', { limit: 2 });
    expect(next).toBeDefined();
    expect((await store.listJobs('owner-b', { limit: 10, after: next })).jobs.every((job) => job.owner === 'owner-b')).toBe(true);
  });

  it('leaves out expired jobs', async () => {
    const old = await queuedJob('owner-d');
    const saved = clock;
    clock = old.expiresAt * 1000 + 1;
    const fresh = await queuedJob('owner-d');
    expect((await store.listJobs('owner-d', { limit: 10 })).jobs.map((job) => job.id)).toEqual([fresh.id]);
    clock = saved;
  });
});

describe('cancelJob', () => {
  it('cancels a queued job of its owner once; another owner finds no such job', async () => {
    const job = await queuedJob('owner-e');
    expect(await store.cancelJob(job.id, 'owner-f')).toEqual({ outcome: 'missing' });
    const cancelled = await store.cancelJob(job.id, 'owner-e');
    expect(cancelled).toMatchObject({ outcome: 'cancelled', job: { id: job.id, status: 'cancelled', completedAt: new Date(clock).toISOString() } });
    expect(await store.cancelJob(job.id, 'owner-e')).toMatchObject({ outcome: 'ended', job: { status: 'cancelled' } });
    // The worker finds nothing to claim.
    expect(await store.claimJob(job.id, 1_000)).toBeUndefined();
    expect(await store.cancelJob('job_none', 'owner-e')).toEqual({ outcome: 'missing' });
  });

  it('cancels a running job, and its worker can then neither complete nor fail it', async () => {
    const job = await queuedJob('owner-e');
    const claim = await store.claimJob(job.id, 60_000);
    expect((await store.cancelJob(job.id, 'owner-e')).outcome).toBe('cancelled');
    const outcome = { result: completion, served: { provider: 'openai', model: 'm' }, usage: undefined, path: 'standard' as const };
    expect(await store.completeJob(job.id, claim!.leaseId!, outcome)).toBe(false);
    expect(await store.failJob(job.id, { status: 500, code: 'x', message: 'x' }, { leaseId: claim!.leaseId! })).toBe(false);
    const stored = await store.getJob(job.id);
    expect(stored?.status).toBe('cancelled');
    expect(stored?.result).toBeUndefined();
    expect(stored?.leaseId).toBeUndefined();
  });

  it('does not cancel a job that has ended', async () => {
    const job = await queuedJob('owner-e');
    const claim = await store.claimJob(job.id, 60_000);
    await store.completeJob(job.id, claim!.leaseId!, { result: completion, served: { provider: 'openai', model: 'm' }, usage: undefined, path: 'standard' });
    expect(await store.cancelJob(job.id, 'owner-e')).toMatchObject({ outcome: 'ended', job: { status: 'succeeded', result: completion } });
  });
});
