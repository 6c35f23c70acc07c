/**
 * The jobs table's writes for the paths other than the call now, all conditional so that a
 * duplicate delivery, a second poller or a late batch result changes nothing twice:
 *
 *   running (this lease) --defer--> queued, with its path, target and not-before time
 *   running (this lease) --toBatch--> queued, path batch, and an item in its target's batch queue
 *   queued, path batch --markSubmitted--> submitted, with the provider batch's reference
 *   submitted (that batch) --completeFromBatch--> succeeded
 *   submitted (that batch) | queued, path batch --backToStandard--> queued, path standard
 *
 * The batch queue: pk `batchq#<target>`, sk `job#<id>`, one item per job waiting for the poller,
 * and an item per target with jobs waiting (pk `batchq`, sk `<target>`) so the poller finds them
 * with one Query. In-flight batches: pk `batchrun`, sk `<provider>#<batch id>`. A job put back in
 * `queued` for a worker (defer, backToStandard) gets the `awaitingWorker` index keys, due when its
 * message is (dispatch-keys.ts).
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand, QueryCommand, UpdateCommand } from '../aws/dynamodb/commands.ts';
import type { DocumentClient } from '../aws/dynamodb/document-client.ts';
import type { Served } from '../serve/chat-service.ts';
import type { Usage } from '../core/stream-event.ts';
import { jobKey } from './job-keys.ts';
import type { JobBatchRef, JobError, JobPath } from './job-record.ts';
import { callbackScheduleFields, type CallbackSchedule } from './delivery/callback-schedule.ts';
import type { StoredResult } from './delivery/result-storage.ts';
import { dispatchKeys } from './dispatch-keys.ts';
import { addFields, conditional } from './job-store.ts';
import { JOBS_PARTITIONS } from './jobs-table-partitions.ts';
import { MAX_DELAY_SECONDS } from './send-job-message.ts';

export interface PendingBatchJob {
  jobId: string;
  targetId: string;
  /** Epoch ms. */
  enqueuedAt: number;
  deadlineAt: number;
}

export interface InFlightBatch {
  provider: string;
  batchId: string;
  targetId: string;
  jobIds: string[];
  submittedAt: number;
}

/** A target with jobs waiting for its batch, as the poller reads it. */
export interface PendingTarget {
  targetId: string;
  /**
   * Written anew each time a job joins the target's queue (absent on entries from before it was):
   * the poller drops an entry only while it is the one it read, so a job that joined meanwhile
   * keeps its target listed.
   */
  marker: string | undefined;
}

export interface JobPathStore {
  defer(id: string, leaseId: string, fields: { path: JobPath; targetId: string; notBefore?: number }): Promise<boolean>;
  toBatch(id: string, leaseId: string, pending: PendingBatchJob): Promise<boolean>;
  pendingTargets(): Promise<PendingTarget[]>;
  pendingJobs(targetId: string): Promise<PendingBatchJob[]>;
  removePending(targetId: string, jobId: string): Promise<void>;
  /** Drops a target's entry when it has no jobs waiting, unless a job has joined since it was read. */
  removePendingTarget(target: PendingTarget): Promise<void>;
  recordInFlight(batch: InFlightBatch): Promise<void>;
  inFlight(): Promise<InFlightBatch[]>;
  removeInFlight(batch: Pick<InFlightBatch, 'provider' | 'batchId'>): Promise<void>;
  markSubmitted(id: string, batch: JobBatchRef): Promise<boolean>;
  completeFromBatch(
    id: string,
    batchId: string,
    outcome: { stored: StoredResult; served: Served; usage: Usage | undefined; costUsd: number | undefined; callback?: CallbackSchedule | undefined },
  ): Promise<boolean>;
  /** Back to the standard path (from a batch that cannot answer in time, or did not): the caller sends its message. */
  backToStandard(id: string, from: { batchId: string } | 'pending'): Promise<boolean>;
  failFromBatch(id: string, batchId: string | 'pending', error: JobError, callback?: CallbackSchedule): Promise<boolean>;
}

const DISPATCH_SET = '#gsi3pk = :gsi3pk, #gsi3sk = :gsi3sk';
const DISPATCH_NAMES = { '#gsi3pk': 'gsi3pk', '#gsi3sk': 'gsi3sk' };
const dispatchValues = (id: string, dueAt: number) => {
  const { gsi3pk, gsi3sk } = dispatchKeys(id, dueAt);
  return { ':gsi3pk': gsi3pk, ':gsi3sk': gsi3sk };
};

export function createJobPathStore({ client, tableName, now = Date.now }: { client: DocumentClient; tableName: string; now?: () => number }): JobPathStore {
  const iso = () => new Date(now()).toISOString();
  const update = (id: string, expression: string, condition: string, names: Record<string, string>, values: Record<string, unknown>) =>
    conditional(() =>
      client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: jobKey(id),
          UpdateExpression: expression,
          ConditionExpression: condition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  const query = async (pk: string): Promise<Record<string, unknown>[]> => {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({ TableName: tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': pk }, ConsistentRead: true, ExclusiveStartKey: start }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  };
  const underLease = { '#status': 'status', '#leaseId': 'leaseId', '#leaseExpiresAt': 'leaseExpiresAt', '#updatedAt': 'updatedAt' };

  return {
    defer: (id, leaseId, { path, targetId, notBefore }) => {
      // Its message comes back at notBefore, or after SQS's longest delay when that is later.
      const dueAt = Math.min(notBefore ?? now(), now() + MAX_DELAY_SECONDS * 1000);
      return update(
        id,
        `SET #status = :queued, #path = :path, #targetId = :targetId, #updatedAt = :now, ${DISPATCH_SET}${notBefore === undefined ? '' : ', #notBefore = :notBefore'} REMOVE #leaseId, #leaseExpiresAt`,
        '#status = :running AND #leaseId = :leaseId',
        { ...underLease, ...DISPATCH_NAMES, '#path': 'path', '#targetId': 'targetId', ...(notBefore === undefined ? {} : { '#notBefore': 'notBefore' }) },
        { ...dispatchValues(id, dueAt), ':queued': 'queued', ':running': 'running', ':leaseId': leaseId, ':path': path, ':targetId': targetId, ':now': iso(), ...(notBefore === undefined ? {} : { ':notBefore': notBefore }) },
      );
    },

    async toBatch(id, leaseId, pending) {
      // The queue item first: a job marked `batch` is always findable by the poller.
      await client.send(new PutCommand({ TableName: tableName, Item: { pk: `${JOBS_PARTITIONS.batchQueue}${pending.targetId}`, sk: `job#${id}`, ...pending } }));
      const moved = await update(
        id,
        'SET #status = :queued, #path = :batch, #targetId = :targetId, #updatedAt = :now REMOVE #leaseId, #leaseExpiresAt',
        '#status = :running AND #leaseId = :leaseId',
        { ...underLease, '#path': 'path', '#targetId': 'targetId' },
        { ':queued': 'queued', ':running': 'running', ':leaseId': leaseId, ':batch': 'batch', ':targetId': pending.targetId, ':now': iso() },
      );
      if (!moved) {
        await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: `${JOBS_PARTITIONS.batchQueue}${pending.targetId}`, sk: `job#${id}` } }));
        return false;
      }
      // After the queue item: a poller that found the queue empty before it was put sees a new marker.
      await client.send(new PutCommand({ TableName: tableName, Item: { pk: JOBS_PARTITIONS.batchTargets, sk: pending.targetId, marker: randomUUID() } }));
      return true;
    },

    pendingTargets: async () =>
      (await query(JOBS_PARTITIONS.batchTargets)).map((item) => ({ targetId: String(item.sk), marker: typeof item.marker === 'string' ? item.marker : undefined })),
    pendingJobs: async (targetId) =>
      (await query(`${JOBS_PARTITIONS.batchQueue}${targetId}`)).map((item) => ({
        jobId: String(item.jobId),
        targetId: String(item.targetId),
        enqueuedAt: Number(item.enqueuedAt),
        deadlineAt: Number(item.deadlineAt),
      })),
    removePending: async (targetId, jobId) => {
      await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: `${JOBS_PARTITIONS.batchQueue}${targetId}`, sk: `job#${jobId}` } }));
    },
    removePendingTarget: async ({ targetId, marker }) => {
      await conditional(() =>
        client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { pk: JOBS_PARTITIONS.batchTargets, sk: targetId },
            ...(marker === undefined
              ? { ConditionExpression: 'attribute_not_exists(#marker)', ExpressionAttributeNames: { '#marker': 'marker' } }
              : { ConditionExpression: '#marker = :marker', ExpressionAttributeNames: { '#marker': 'marker' }, ExpressionAttributeValues: { ':marker': marker } }),
          }),
        ),
      );
    },

    recordInFlight: async (batch) => {
      await client.send(new PutCommand({ TableName: tableName, Item: { pk: JOBS_PARTITIONS.batchRuns, sk: `${batch.provider}#${batch.batchId}`, ...batch } }));
    },
    inFlight: async () =>
      (await query(JOBS_PARTITIONS.batchRuns)).map((item) => ({
        provider: String(item.provider),
        batchId: String(item.batchId),
        targetId: String(item.targetId),
        jobIds: (item.jobIds as string[] | undefined) ?? [],
        submittedAt: Number(item.submittedAt),
      })),
    removeInFlight: async ({ provider, batchId }) => {
      await client.send(new DeleteCommand({ TableName: tableName, Key: { pk: JOBS_PARTITIONS.batchRuns, sk: `${provider}#${batchId}` } }));
    },

    markSubmitted: (id, batch) =>
      update(
        id,
        'SET #status = :submitted, #batch = :batch, #updatedAt = :now',
        '#status = :queued AND #path = :batchPath',
        { '#status': 'status', '#batch': 'batch', '#updatedAt': 'updatedAt', '#path': 'path' },
        { ':submitted': 'submitted', ':queued': 'queued', ':batchPath': 'batch', ':batch': batch, ':now': iso() },
      ),

    completeFromBatch: (id, batchId, { stored, served, usage, costUsd, callback }) => {
      const set = ['#status = :succeeded', '#served = :served', '#updatedAt = :now', '#completedAt = :now'];
      const names: Record<string, string> = { '#status': 'status', '#served': 'served', '#updatedAt': 'updatedAt', '#completedAt': 'completedAt', '#batch': 'batch', '#batchId': 'batchId' };
      const values: Record<string, unknown> = { ':succeeded': 'succeeded', ':submitted': 'submitted', ':served': served, ':now': iso(), ':batchId': batchId };
      addFields(set, names, values, { ...stored, usage, costUsd, ...(callback ? callbackScheduleFields(callback) : {}) });
      return update(id, `SET ${set.join(', ')}`, '#status = :submitted AND #batch.#batchId = :batchId', names, values);
    },

    backToStandard: (id, from) =>
      from === 'pending'
        ? update(
            id,
            `SET #path = :standard, #updatedAt = :now, ${DISPATCH_SET}`,
            '#status = :queued AND #path = :batchPath',
            { '#status': 'status', '#path': 'path', '#updatedAt': 'updatedAt', ...DISPATCH_NAMES },
            { ...dispatchValues(id, now()), ':standard': 'standard', ':queued': 'queued', ':batchPath': 'batch', ':now': iso() },
          )
        : update(
            id,
            `SET #status = :queued, #path = :standard, #updatedAt = :now, ${DISPATCH_SET} REMOVE #batch`,
            '#status = :submitted AND #batch.#batchId = :batchId',
            { '#status': 'status', '#path': 'path', '#updatedAt': 'updatedAt', '#batch': 'batch', '#batchId': 'batchId', ...DISPATCH_NAMES },
            { ...dispatchValues(id, now()), ':queued': 'queued', ':standard': 'standard', ':submitted': 'submitted', ':batchId': from.batchId, ':now': iso() },
          ),

    failFromBatch: (id, batchId, error, callback) => {
      const set = ['#status = :failed', '#error = :error', '#updatedAt = :now', '#completedAt = :now'];
      const names: Record<string, string> = { '#status': 'status', '#error': 'error', '#updatedAt': 'updatedAt', '#completedAt': 'completedAt' };
      const values: Record<string, unknown> = { ':failed': 'failed', ':error': error, ':now': iso() };
      if (callback) addFields(set, names, values, callbackScheduleFields(callback));
      if (batchId === 'pending') {
        Object.assign(names, { '#path': 'path' });
        Object.assign(values, { ':queued': 'queued', ':batchPath': 'batch' });
        return update(id, `SET ${set.join(', ')}`, '#status = :queued AND #path = :batchPath', names, values);
      }
      Object.assign(names, { '#batch': 'batch', '#batchId': 'batchId' });
      Object.assign(values, { ':submitted': 'submitted', ':batchId': batchId });
      return update(id, `SET ${set.join(', ')}`, '#status = :submitted AND #batch.#batchId = :batchId', names, values);
    },
  };
}
