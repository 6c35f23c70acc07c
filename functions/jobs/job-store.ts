/**
 * The jobs table's job records, read and written through the DynamoDB document client. Every
 * write is conditional, so each state change happens once whoever races for it (dynalite, the
 * local DynamoDB, has no transactions; a condition is all either side needs):
 *
 *   queued --claim--> running --complete (same lease)--> succeeded
 *   running, lease expired --claim--> running (a new lease: the worker holding it was lost)
 *   queued | running (under the caller's lease, or a lapsed one) --fail--> failed
 *   queued | submitted | running --cancel (by its owner)--> cancelled
 *
 * A cancelled running job stays cancelled: its worker's completeJob and failJob need the job
 * `running` (under its lease), so an answer that comes after the cancel is not stored.
 *
 * Reads leave out records past their `expiresAt`: DynamoDB deletes them only some time later,
 * dynalite never.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '../aws/dynamodb/commands.ts';
import type { DocumentClient } from '../aws/dynamodb/document-client.ts';
import type { Served } from '../serve/chat-service.ts';
import type { JobResult } from './job-endpoints.ts';
import type { Usage } from '../core/stream-event.ts';
import { TABLES } from '../infrastructure/resource-definitions.ts';
import { dispatchKeys } from './dispatch-keys.ts';
import { jobFromItem, jobToItem } from './job-item.ts';
import { jobKey, jobOwnerIndexKeys, JOB_SORT_KEY } from './job-keys.ts';
import { callbackScheduleFields, type CallbackSchedule } from './delivery/callback-schedule.ts';
import type { JobError, JobPath, JobRecord, JobResultRef, JobStatus } from './job-record.ts';
import { isConditionalCheckFailed } from '../aws/is-conditional-check-failed.ts';

export interface JobStoreOptions {
  client: DocumentClient;
  tableName: string;
  /** The clock, epoch ms (tests move it). */
  now?: () => number;
}

export interface JobOutcome {
  /** The completion; or, when it is too large for the record, `resultRef` (delivery/result-storage.ts's storeResult gives one). */
  result?: JobResult;
  resultRef?: JobResultRef;
  /** The job's callback, due at once: given when the job has a callbackUrl (delivery/callback-schedule.ts). */
  callback?: CallbackSchedule;
  served: Served;
  usage: Usage | undefined;
  path: JobPath;
  costUsd?: number | undefined;
}

export interface JobStore {
  /** Writes a new job; throws JobExistsError when the id is taken. */
  createJob(job: JobRecord): Promise<void>;
  /** The job, or undefined when there is none or it has expired. */
  getJob(id: string): Promise<JobRecord | undefined>;
  /**
   * Takes the job for `leaseMs`: a queued job, or a running one whose lease has expired. The job
   * as claimed (its `leaseId` is the caller's from now on), or undefined when it cannot be
   * claimed (missing, expired, terminal, or held by a live lease).
   */
  claimJob(id: string, leaseMs: number): Promise<JobRecord | undefined>;
  /** Stores the answer, once: true when the job was running under `leaseId` and is now succeeded. */
  completeJob(id: string, leaseId: string, outcome: JobOutcome): Promise<boolean>;
  /**
   * Marks a job that has not ended failed, with the reason: with a `leaseId`, while the job is
   * queued or held by that lease; without, while it is queued or its lease has lapsed (a live
   * lease's holder decides itself). True when this call failed it.
   */
  failJob(id: string, error: JobError, options?: { leaseId?: string; callback?: CallbackSchedule }): Promise<boolean>;
  /**
   * One page of an owner's jobs, newest first, optionally of one status. `after` is the `next`
   * cursor of the page before (opaque; InvalidCursorError when it is not one); `next` is absent on
   * the last page.
   */
  listJobs(owner: string, options: ListJobsOptions): Promise<JobPage>;
  /**
   * Cancels the owner's job if it has not ended (queued, submitted or running): `cancelled` with the
   * job as it is now, `ended` with the job as it ended, `missing` when the owner has no such job.
   */
  cancelJob(id: string, owner: string): Promise<CancelOutcome>;
}

export interface ListJobsOptions {
  /** Jobs per page, at most MAX_LIST_LIMIT. */
  limit: number;
  after?: string | undefined;
  status?: JobStatus | undefined;
}

export interface JobPage {
  jobs: JobRecord[];
  next?: string;
}

export type CancelOutcome = { outcome: 'cancelled'; job: JobRecord } | { outcome: 'ended'; job: JobRecord } | { outcome: 'missing' };

export const MAX_LIST_LIMIT = 100;

export class InvalidCursorError extends Error {
  override name = 'InvalidCursorError';
  constructor() {
    super('The cursor is not one this API returned.');
  }
}

export class JobExistsError extends Error {
  override name = 'JobExistsError';
  constructor(id: string) {
    super(`A job with the id '${id}' already exists.`);
  }
}

const OWNER_INDEX = TABLES.jobs.globalSecondaryIndexes[0].name;

/** Queries per page at most: a status filter that matches little reads on, but not without end. */
const MAX_QUERIES_PER_PAGE = 10;

export function createJobStore({ client, tableName, now = Date.now }: JobStoreOptions): JobStore {
  const nowSeconds = () => Math.floor(now() / 1000);
  const iso = () => new Date(now()).toISOString();

  return {
    async createJob(job) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...jobKey(job.id), ...jobOwnerIndexKeys(job.owner, job.createdAt, job.id), ...dispatchKeys(job.id, Date.parse(job.createdAt)), ...jobToItem(job) },
            ConditionExpression: 'attribute_not_exists(pk)',
          }),
        );
      } catch (error) {
        if (isConditionalCheckFailed(error)) throw new JobExistsError(job.id);
        throw error;
      }
    },

    async getJob(id) {
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: jobKey(id), ConsistentRead: true }));
      if (!Item || (typeof Item.expiresAt === 'number' && Item.expiresAt <= nowSeconds())) return undefined;
      return jobFromItem(Item);
    },

    async claimJob(id, leaseMs) {
      const at = now();
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: jobKey(id),
            // Claimed: a worker has it, so no message is missing any more.
            UpdateExpression: 'SET #status = :running, #leaseId = :leaseId, #leaseExpiresAt = :leaseExpiresAt, #updatedAt = :updatedAt, #attempts = #attempts + :one REMOVE #gsi3pk, #gsi3sk',
            ConditionExpression:
              // A job waiting for a provider batch is the poller's, whatever message comes for it.
              'attribute_exists(pk) AND #expiresAt > :nowSeconds AND ((#status = :queued AND (attribute_not_exists(#path) OR #path <> :batch)) OR (#status = :running AND #leaseExpiresAt < :now))',
            ExpressionAttributeNames: {
              '#status': 'status',
              '#leaseId': 'leaseId',
              '#leaseExpiresAt': 'leaseExpiresAt',
              '#updatedAt': 'updatedAt',
              '#attempts': 'attempts',
              '#expiresAt': 'expiresAt',
              '#path': 'path',
              '#gsi3pk': 'gsi3pk',
              '#gsi3sk': 'gsi3sk',
            },
            ExpressionAttributeValues: {
              ':running': 'running',
              ':queued': 'queued',
              ':batch': 'batch',
              ':leaseId': randomUUID(),
              ':leaseExpiresAt': at + leaseMs,
              ':updatedAt': new Date(at).toISOString(),
              ':one': 1,
              ':now': at,
              ':nowSeconds': Math.floor(at / 1000),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return Attributes ? jobFromItem(Attributes) : undefined;
      } catch (error) {
        if (isConditionalCheckFailed(error)) return undefined;
        throw error;
      }
    },

    async completeJob(id, leaseId, { result, resultRef, served, usage, path, costUsd, callback }) {
      const set = ['#status = :succeeded', '#served = :served', '#path = :path', '#updatedAt = :updatedAt', '#completedAt = :updatedAt'];
      const names: Record<string, string> = {
        '#status': 'status',
        '#served': 'served',
        '#path': 'path',
        '#updatedAt': 'updatedAt',
        '#completedAt': 'completedAt',
        '#leaseId': 'leaseId',
        '#leaseExpiresAt': 'leaseExpiresAt',
      };
      const values: Record<string, unknown> = { ':succeeded': 'succeeded', ':running': 'running', ':served': served, ':path': path, ':updatedAt': iso(), ':leaseId': leaseId };
      if (usage) {
        set.push('#usage = :usage');
        names['#usage'] = 'usage';
        values[':usage'] = usage;
      }
      if (costUsd !== undefined) {
        set.push('#costUsd = :costUsd');
        names['#costUsd'] = 'costUsd';
        values[':costUsd'] = costUsd;
      }
      // Delivery (functions/jobs/delivery/): the result or its reference, and the callback's schedule.
      addFields(set, names, values, { ...(resultRef ? { resultRef } : { result }), ...(callback ? callbackScheduleFields(callback) : {}) });
      return conditional(() =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: jobKey(id),
            UpdateExpression: `SET ${set.join(', ')} REMOVE #leaseId, #leaseExpiresAt`,
            ConditionExpression: '#status = :running AND #leaseId = :leaseId',
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        ),
      );
    },

    async failJob(id, error, { leaseId, callback } = {}) {
      const at = now();
      const values: Record<string, unknown> = { ':failed': 'failed', ':queued': 'queued', ':running': 'running', ':error': error, ':updatedAt': new Date(at).toISOString() };
      const names: Record<string, string> = { '#status': 'status', '#error': 'error', '#updatedAt': 'updatedAt', '#leaseId': 'leaseId', '#leaseExpiresAt': 'leaseExpiresAt' };
      const set = ['#status = :failed', '#error = :error', '#updatedAt = :updatedAt'];
      // Delivery (functions/jobs/delivery/): the callback's schedule.
      if (callback) addFields(set, names, values, callbackScheduleFields(callback));
      let condition = '(#status = :queued OR #status = :running)';
      if (leaseId !== undefined) {
        condition += ' AND (#status = :queued OR #leaseId = :leaseId)';
        values[':leaseId'] = leaseId;
      } else {
        condition += ' AND (#status = :queued OR #leaseExpiresAt < :now)';
        values[':now'] = at;
      }
      return conditional(() =>
        client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: jobKey(id),
            UpdateExpression: `SET ${set.join(', ')} REMOVE #leaseId, #leaseExpiresAt`,
            ConditionExpression: `attribute_exists(pk) AND ${condition}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        ),
      );
    },

    async listJobs(owner, { limit, after, status }) {
      const size = Math.min(Math.max(Math.trunc(limit), 1), MAX_LIST_LIMIT);
      const ownerKey = jobOwnerIndexKeys(owner, '', '').gsi1pk;
      // The cursor carries the index sort key only; the owner comes from the caller, so a cursor
      // cannot reach another owner's jobs.
      let start: Record<string, unknown> | undefined = after === undefined ? undefined : decodeCursor(after, ownerKey);
      const names: Record<string, string> = { '#gsi1pk': 'gsi1pk', '#expiresAt': 'expiresAt' };
      const values: Record<string, unknown> = { ':owner': ownerKey, ':nowSeconds': nowSeconds() };
      let filter = '#expiresAt > :nowSeconds';
      if (status) {
        names['#status'] = 'status';
        values[':status'] = status;
        filter += ' AND #status = :status';
      }
      const items: Array<Record<string, unknown>> = [];
      // One more than a page, to know whether another follows without a query that finds nothing.
      for (let round = 0; round < MAX_QUERIES_PER_PAGE && items.length <= size; round++) {
        const page = await client.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: OWNER_INDEX,
            KeyConditionExpression: '#gsi1pk = :owner',
            FilterExpression: filter,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
            ScanIndexForward: false,
            // Filtered reads evaluate more per query: a status is usually a small share of the jobs.
            Limit: status ? 200 : size + 1 - items.length,
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        items.push(...(page.Items ?? []));
        start = page.LastEvaluatedKey;
        if (!start) break;
      }
      if (items.length > size) {
        const jobs = items.slice(0, size);
        return { jobs: jobs.map(jobFromItem), next: encodeCursor(String(jobs[jobs.length - 1]!.gsi1sk)) };
      }
      // Short of a page with more to read (a filter that matched little): the reader goes on from there.
      return { jobs: items.map(jobFromItem), ...(start ? { next: encodeCursor(String(start.gsi1sk)) } : {}) };
    },

    async cancelJob(id, owner) {
      const at = now();
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: jobKey(id),
            UpdateExpression: 'SET #status = :cancelled, #updatedAt = :at, #completedAt = :at REMOVE #leaseId, #leaseExpiresAt, #gsi3pk, #gsi3sk',
            ConditionExpression:
              'attribute_exists(pk) AND #owner = :owner AND #expiresAt > :nowSeconds AND (#status = :queued OR #status = :submitted OR #status = :running)',
            ExpressionAttributeNames: {
              '#status': 'status',
              '#updatedAt': 'updatedAt',
              '#completedAt': 'completedAt',
              '#leaseId': 'leaseId',
              '#leaseExpiresAt': 'leaseExpiresAt',
              '#owner': 'owner',
              '#expiresAt': 'expiresAt',
              '#gsi3pk': 'gsi3pk',
              '#gsi3sk': 'gsi3sk',
            },
            ExpressionAttributeValues: {
              ':cancelled': 'cancelled',
              ':queued': 'queued',
              ':submitted': 'submitted',
              ':running': 'running',
              ':owner': owner,
              ':at': new Date(at).toISOString(),
              ':nowSeconds': Math.floor(at / 1000),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        if (Attributes) return { outcome: 'cancelled', job: jobFromItem(Attributes) };
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
      // Not cancelled: say why, to the job's owner only.
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: jobKey(id), ConsistentRead: true }));
      if (!Item || Item.owner !== owner || (typeof Item.expiresAt === 'number' && Item.expiresAt <= nowSeconds())) return { outcome: 'missing' };
      return { outcome: 'ended', job: jobFromItem(Item) };
    },
  };
}

/** The index sort key (`<created ISO>#<id>`) of the last job read, as an opaque URL-safe string. */
const encodeCursor = (gsi1sk: string): string => Buffer.from(gsi1sk, 'utf8').toString('base64url');

const CURSOR_SORT_KEY = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)#([^#]+)$/;

function decodeCursor(cursor: string, gsi1pk: string): Record<string, unknown> {
  const gsi1sk = /^[A-Za-z0-9_-]{1,400}$/.test(cursor) ? Buffer.from(cursor, 'base64url').toString('utf8') : '';
  const id = CURSOR_SORT_KEY.exec(gsi1sk)?.[2];
  if (id === undefined) throw new InvalidCursorError();
  return { ...jobKey(id), sk: JOB_SORT_KEY, gsi1pk, gsi1sk };
}


/** SETs each defined field as `#<name> = :<name>` (names that no other clause uses). */
/** Adds `SET #name = :name` for each defined field (the update expressions of the job writes). */
export function addFields(set: string[], names: Record<string, string>, values: Record<string, unknown>, fields: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    set.push(`#${name} = :${name}`);
    names[`#${name}`] = name;
    values[`:${name}`] = value;
  }
}

/** True when the conditional write happened, false when its condition did not hold. */
export async function conditional(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}
