/**
 * A job's callback state in the jobs table (JobRecord.callback and the sparse `callbacksDue`
 * index keys), moved by conditional writes only. `attempts` is the fence: an attempt is claimed
 * by raising it, only from the value the claimer read and only while the callback is due, so of
 * any number of sweeps that find the same due callback one sends it; the outcome is written only
 * by the holder of that attempt number.
 *
 *   pending, due --claim (attempts + 1, due again at the claim's end)--> pending, in flight
 *   in flight --2xx--> delivered  |  --failure--> pending, due after a back-off  |  --last failure--> failed
 *
 * A claimer that dies leaves the callback due again when its claim ends: delivery is at least
 * once (a receiver deduplicates by job id), never lost.
 */
import { QueryCommand, UpdateCommand } from '../../aws/dynamodb/commands.ts';
import type { DocumentClient } from '../../aws/dynamodb/document-client.ts';
import { jobFromItem } from '../job-item.ts';
import { jobKey } from '../job-keys.ts';
import type { JobRecord } from '../job-record.ts';
import { isConditionalCheckFailed } from '../../aws/is-conditional-check-failed.ts';
import { CALLBACK_DUE_PARTITION, callbackDueKeys } from './callback-schedule.ts';

export const CALLBACKS_DUE_INDEX = 'callbacksDue';

const NAMES: Record<string, string> = {
  '#cb': 'callback',
  '#status': 'status',
  '#attempts': 'attempts',
  '#next': 'nextAttemptAt',
  '#lastError': 'lastError',
  '#deliveredAt': 'deliveredAt',
  '#gsi2pk': 'gsi2pk',
  '#gsi2sk': 'gsi2sk',
};

export interface CallbackStore {
  /** Ids of jobs whose callback is due by `now`, the longest overdue first. */
  listDue(now: number, limit: number): Promise<string[]>;
  /** Claims the next attempt until `until`: the job as claimed, or undefined when it is not due or another took it. */
  claim(jobId: string, now: number, until: number): Promise<JobRecord | undefined>;
  /** Records the outcome of attempt `attempt`; false when that attempt is no longer the job's latest. */
  delivered(jobId: string, attempt: number, now: number): Promise<boolean>;
  retryAt(jobId: string, attempt: number, nextAttemptAt: number, lastError: string): Promise<boolean>;
  giveUp(jobId: string, attempt: number, lastError: string): Promise<boolean>;
}

export function createCallbackStore({ client, tableName }: { client: DocumentClient; tableName: string }): CallbackStore {
  /** One conditional update of a pending callback; false when the condition does not hold. */
  const update = async (jobId: string, input: { set: string; remove?: string; condition: string; values: Record<string, unknown> }): Promise<boolean> => {
    const updateExpression = `SET ${input.set}${input.remove ? ` REMOVE ${input.remove}` : ''}`;
    const conditionExpression = `attribute_exists(pk) AND #cb.#status = :pending AND ${input.condition}`;
    // DynamoDB refuses a name placeholder that no expression uses: pass only those that appear.
    const names = Object.fromEntries(Object.entries(NAMES).filter(([placeholder]) => new RegExp(`${placeholder}\\b`).test(`${updateExpression} ${conditionExpression}`)));
    try {
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: jobKey(jobId),
          UpdateExpression: updateExpression,
          ConditionExpression: conditionExpression,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':pending': 'pending', ...input.values },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  };
  /** An ended callback leaves the index: nothing left to find. */
  const ended = '#cb.#next, #gsi2pk, #gsi2sk';

  return {
    async listDue(now, limit) {
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: CALLBACKS_DUE_INDEX,
          KeyConditionExpression: 'gsi2pk = :pk AND gsi2sk <= :due',
          ExpressionAttributeValues: { ':pk': CALLBACK_DUE_PARTITION, ':due': `${new Date(now).toISOString()}#\uffff` },
          ProjectionExpression: 'id',
          Limit: limit,
        }),
      );
      return Items.map((item) => item.id as string);
    },

    async claim(jobId, now, until) {
      const { gsi2sk } = callbackDueKeys(jobId, until);
      // Read-free: the condition is on the stored values, and the new attempt number comes back.
      try {
        const { Attributes } = await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: jobKey(jobId),
            UpdateExpression: 'SET #cb.#attempts = #cb.#attempts + :one, #cb.#next = :until, #gsi2sk = :sk',
            ConditionExpression: 'attribute_exists(pk) AND #cb.#status = :pending AND #cb.#next <= :now',
            ExpressionAttributeNames: { '#cb': 'callback', '#status': 'status', '#attempts': 'attempts', '#next': 'nextAttemptAt', '#gsi2sk': 'gsi2sk' },
            ExpressionAttributeValues: { ':pending': 'pending', ':one': 1, ':until': until, ':sk': gsi2sk, ':now': now },
            ReturnValues: 'ALL_NEW',
          }),
        );
        if (!Attributes) return undefined;
        return jobFromItem(Attributes);
      } catch (error) {
        if (isConditionalCheckFailed(error)) return undefined;
        throw error;
      }
    },

    async delivered(jobId, attempt, now) {
      return update(jobId, {
        set: '#cb.#status = :delivered, #cb.#deliveredAt = :at',
        remove: ended,
        condition: '#cb.#attempts = :attempt',
        values: { ':delivered': 'delivered', ':at': new Date(now).toISOString(), ':attempt': attempt },
      });
    },

    async retryAt(jobId, attempt, nextAttemptAt, lastError) {
      return update(jobId, {
        set: '#cb.#next = :next, #cb.#lastError = :error, #gsi2sk = :sk',
        condition: '#cb.#attempts = :attempt',
        values: { ':next': nextAttemptAt, ':error': lastError, ':sk': callbackDueKeys(jobId, nextAttemptAt).gsi2sk, ':attempt': attempt },
      });
    },

    async giveUp(jobId, attempt, lastError) {
      return update(jobId, {
        set: '#cb.#status = :failed, #cb.#lastError = :error',
        remove: ended,
        condition: '#cb.#attempts = :attempt',
        values: { ':failed': 'failed', ':error': lastError, ':attempt': attempt },
      });
    },
  };
}
