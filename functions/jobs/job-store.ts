/**
 * The jobs table's job records, read and written through the DynamoDB document client. Every
 * write is conditional, so each state change happens once whoever races for it (dynalite, the
 * local DynamoDB, has no transactions; a condition is all either side needs):
 *
 *   queued --claim--> running --complete (same lease)--> succeeded
 *   running, lease expired --claim--> running (a new lease: the worker holding it was lost)
 *   queued | running (under the caller's lease, or a lapsed one) --fail--> failed
 *
 * Reads leave out records past their `expiresAt`: DynamoDB deletes them only some time later,
 * dynalite never.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Served } from '../chat/chat-service.ts';
import type { ChatCompletion } from '../chat/collect-chat-completion.ts';
import type { Usage } from '../chat/stream-event.ts';
import { jobKey, jobOwnerIndexKeys } from './job-keys.ts';
import { callbackScheduleFields, type CallbackSchedule } from './delivery/callback-schedule.ts';
import type { JobError, JobPath, JobRecord, JobResultRef } from './job-record.ts';

export interface JobStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** The clock, epoch ms (tests move it). */
  now?: () => number;
}

export interface JobOutcome {
  /** The completion; or, when it is too large for the record, `resultRef` (delivery/result-storage.ts's storeResult gives one). */
  result?: ChatCompletion;
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
}

export class JobExistsError extends Error {
  override name = 'JobExistsError';
  constructor(id: string) {
    super(`A job with the id '${id}' already exists.`);
  }
}

/** The attributes the table adds to a record: its keys. */
const KEY_ATTRIBUTES = ['pk', 'sk', 'gsi1pk', 'gsi1sk', 'gsi2pk', 'gsi2sk'];

export function createJobStore({ client, tableName, now = Date.now }: JobStoreOptions): JobStore {
  const nowSeconds = () => Math.floor(now() / 1000);
  const iso = () => new Date(now()).toISOString();

  return {
    async createJob(job) {
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...jobKey(job.id), ...jobOwnerIndexKeys(job.owner, job.createdAt, job.id), ...job },
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
      return toRecord(Item);
    },

    async claimJob(id, leaseMs) {
      const at = now();
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: jobKey(id),
            UpdateExpression: 'SET #status = :running, #leaseId = :leaseId, #leaseExpiresAt = :leaseExpiresAt, #updatedAt = :updatedAt, #attempts = #attempts + :one',
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
        return Attributes ? toRecord(Attributes) : undefined;
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
  };
}

export const isConditionalCheckFailed = (error: unknown): boolean => (error as Error | undefined)?.name === 'ConditionalCheckFailedException';

/** SETs each defined field as `#<name> = :<name>` (names that no other clause uses). */
function addFields(set: string[], names: Record<string, string>, values: Record<string, unknown>, fields: Record<string, unknown>): void {
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    set.push(`#${name} = :${name}`);
    names[`#${name}`] = name;
    values[`:${name}`] = value;
  }
}

async function conditional(write: () => Promise<unknown>): Promise<boolean> {
  try {
    await write();
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

function toRecord(item: Record<string, unknown>): JobRecord {
  const record = { ...item };
  for (const key of KEY_ATTRIBUTES) delete record[key];
  return record as unknown as JobRecord;
}
