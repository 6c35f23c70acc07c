/**
 * The batch queue's list of targets with jobs waiting, on the embedded DynamoDB: a poller that
 * found a target's queue empty never drops the entry of a job that joined after it looked.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { newJobRecord } from '../../functions/jobs/job-record.ts';
import { createJobPathStore, type JobPathStore } from '../../functions/jobs/job-path-store.ts';
import { createJobStore, type JobStore } from '../../functions/jobs/job-store.ts';
import { useEmbeddedAws } from '../support/use-embedded-aws.ts';

const embedded = useEmbeddedAws();
const clock = Date.parse('2026-03-01T12:00:00Z');
let store: JobStore;
let paths: JobPathStore;
let next = 0;

beforeAll(() => {
  const tableName = embedded.aws.env.JOBS_TABLE_NAME!;
  store = createJobStore({ client: embedded.client, tableName, now: () => clock });
  paths = createJobPathStore({ client: embedded.client, tableName, now: () => clock });
});

/** A job claimed by a worker and sent to `targetId`'s batch queue. */
async function batchedJob(targetId: string): Promise<string> {
  const id = `job-${++next}`;
  await store.createJob(newJobRecord({ id, request: { model: targetId, messages: [{ role: 'user', content: 'hi' }] }, owner: 'key-hash', deadlineAt: clock + 86_400_000, now: new Date(clock) }));
  const claim = await store.claimJob(id, 60_000);
  expect(await paths.toBatch(id, claim!.leaseId!, { jobId: id, targetId, enqueuedAt: clock, deadlineAt: clock + 86_400_000 })).toBe(true);
  return id;
}

const listed = async (targetId: string) => (await paths.pendingTargets()).filter((entry) => entry.targetId === targetId);

describe('the batch queue targets', () => {
  it('keeps a target listed when a job joined after the poller found its queue empty', async () => {
    const targetId = 'openai/gpt-4o-mini';
    const first = await batchedJob(targetId);
    await paths.removePending(targetId, first);
    const [seen] = await listed(targetId);
    expect(await paths.pendingJobs(targetId)).toEqual([]);

    // A worker adds a job between the poller's look at the queue and its removal of the entry.
    const second = await batchedJob(targetId);
    await paths.removePendingTarget(seen!);

    expect(await listed(targetId)).toHaveLength(1);
    expect((await paths.pendingJobs(targetId)).map((job) => job.jobId)).toEqual([second]);
  });

  it('drops the entry of a target whose queue is still as empty as when the poller read it', async () => {
    const targetId = 'anthropic/claude-haiku-4-5';
    await paths.removePending(targetId, await batchedJob(targetId));
    const [seen] = await listed(targetId);
    await paths.removePendingTarget(seen!);
    expect(await listed(targetId)).toEqual([]);
  });
});
