/**
 * Jobs written but never sent: the `awaitingWorker` index on the embedded DynamoDB, from the
 * write that queues a job to the claim that takes it, and the poller's sweep that sends a lost
 * message again.
 */
import { GetCommand } from '../../../functions/aws/dynamodb/commands.ts';
import { describe, expect, it } from 'vitest';
import { jobKey } from '../../../functions/jobs/job-keys.ts';
import { createJobPathStore } from '../../../functions/jobs/job-path-store.ts';
import { newJobRecord, type JobRecord } from '../../../functions/jobs/job-record.ts';
import { createJobStore } from '../../../functions/jobs/job-store.ts';
import { redispatchStaleJobs, REDISPATCH_GRACE_MS } from '../../../functions/jobs/poller/redispatch-stale-jobs.ts';
import { useEmbeddedAws } from '../../support/use-embedded-aws.ts';

const MINUTE = 60_000;
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const embedded = useEmbeddedAws();
let next = 0;

function setUp(clock: { now: number }) {
  const tableName = embedded.aws.env.JOBS_TABLE_NAME!;
  const store = createJobStore({ client: embedded.client, tableName, now: () => clock.now });
  const paths = createJobPathStore({ client: embedded.client, tableName, now: () => clock.now });
  const sent: string[] = [];
  const sweep = () =>
    redispatchStaleJobs({ client: embedded.client, tableName, logger: silent, now: () => clock.now, sendJobMessage: async (id) => void sent.push(id) });
  const create = async (): Promise<JobRecord> => {
    const job = newJobRecord({
      id: `job-redispatch-${++next}`,
      request: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] },
      owner: 'owner-hash',
      deadlineAt: clock.now + 24 * 60 * MINUTE,
      now: new Date(clock.now),
    });
    await store.createJob(job);
    return job;
  };
  const indexKeys = async (id: string) => {
    const { Item } = await embedded.client.send(new GetCommand({ TableName: tableName, Key: jobKey(id) }));
    return { gsi3pk: Item?.gsi3pk, gsi3sk: Item?.gsi3sk };
  };
  return { store, paths, sent, sweep, create, indexKeys };
}

describe('queued jobs with no message', () => {
  it('sends the message of a job nobody claimed within the grace period again, once per grace period', async () => {
    const clock = { now: Date.parse('2026-11-24T12:00:00Z') };
    const { sent, sweep, create, store } = setUp(clock);
    const lost = await create();
    expect(await store.getJob(lost.id)).not.toHaveProperty('gsi3pk');

    clock.now += REDISPATCH_GRACE_MS - MINUTE;
    expect(await sweep()).toEqual({ redispatched: 0, cleared: 0 });
    clock.now += 2 * MINUTE;
    expect(await sweep()).toEqual({ redispatched: 1, cleared: 0 });
    expect(sent).toEqual([lost.id]);
    // Sent again just now: not again until another grace period has passed.
    expect(await sweep()).toEqual({ redispatched: 0, cleared: 0 });
    clock.now += REDISPATCH_GRACE_MS + MINUTE;
    expect(await sweep()).toEqual({ redispatched: 1, cleared: 0 });
    expect(sent).toEqual([lost.id, lost.id]);
    // Claimed at last: off the index, and never sent again.
    expect(await store.claimJob(lost.id, MINUTE)).toMatchObject({ status: 'running' });
    clock.now += 2 * REDISPATCH_GRACE_MS;
    expect(await sweep()).toEqual({ redispatched: 0, cleared: 0 });
  });

  it('keeps a job on the index while it waits for a price window, takes it off once cancelled, and clears what an ended job left', async () => {
    const clock = { now: Date.parse('2026-11-25T12:00:00Z') };
    const { paths, store, sweep, create, indexKeys, sent } = setUp(clock);
    const deferred = await create();
    const claimed = await store.claimJob(deferred.id, MINUTE);
    expect((await indexKeys(deferred.id)).gsi3pk).toBeUndefined();
    // Its message comes back in 15 minutes at most, whatever the window: due then.
    await paths.defer(deferred.id, claimed!.leaseId!, { path: 'price-window', targetId: 'openai/gpt-4o-mini', notBefore: clock.now + 3 * 60 * MINUTE });
    expect(await indexKeys(deferred.id)).toEqual({ gsi3pk: 'dispatch', gsi3sk: `${new Date(clock.now + 15 * MINUTE).toISOString()}#${deferred.id}` });

    const cancelled = await create();
    await store.cancelJob(cancelled.id, 'owner-hash');
    expect((await indexKeys(cancelled.id)).gsi3pk).toBeUndefined();

    // Failed by the API when the queue refused its message: ended, its keys left for the sweep to clear.
    const refused = await create();
    await store.failJob(refused.id, { status: 503, code: 'enqueue_failed', message: 'The jobs queue refused the message.' });

    clock.now += 15 * MINUTE + REDISPATCH_GRACE_MS + MINUTE;
    expect(await sweep()).toEqual({ redispatched: 1, cleared: 1 });
    expect(sent).toEqual([deferred.id]);
    expect((await indexKeys(refused.id)).gsi3pk).toBeUndefined();
  });
});
