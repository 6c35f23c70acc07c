/**
 * Idempotency keys in the jobs table: pk `idempotency#<owner>#<sha256 of the key>`, sk
 * `idempotency`, holding the ids of the jobs the first submission with that key created and a
 * hash of its body, for 24 hours (TTL). The first submission binds the key by a conditional put,
 * so of two concurrent submissions with one key exactly one binds it; the other reads the binding
 * and answers with the same jobs (or a 409 when its body differs).
 */
import { createHash, randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '../../aws/dynamodb/commands.ts';
import type { DocumentClient } from '../../aws/dynamodb/document-client.ts';
import { isConditionalCheckFailed } from '../../aws/is-conditional-check-failed.ts';
import { JOBS_PARTITIONS } from '../jobs-table-partitions.ts';

export const IDEMPOTENCY_TTL_SECONDS = 24 * 3600;
const SORT_KEY = 'idempotency';

export interface IdempotencyBinding {
  jobIds: string[];
  bodyHash: string;
  /** Names this binding, so that releasing it cannot release a later one. */
  claimId: string;
}

export type ClaimResult = { bound: true; claimId: string } | { bound: false; binding: IdempotencyBinding };

export interface IdempotencyStore {
  /** Binds the key to these jobs, unless it is bound already: then the binding in force. */
  claim(owner: string, key: string, bodyHash: string, jobIds: readonly string[]): Promise<ClaimResult>;
  /** Ends a binding none of whose jobs was accepted, so that a retry with the key starts afresh. */
  release(owner: string, key: string, claimId: string): Promise<void>;
}

export interface IdempotencyStoreOptions {
  client: DocumentClient;
  tableName: string;
  now?: () => number;
}

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

const itemKey = (owner: string, key: string) => ({ pk: `${JOBS_PARTITIONS.idempotency}${owner}#${sha256(key)}`, sk: SORT_KEY });

export function createIdempotencyStore({ client, tableName, now = Date.now }: IdempotencyStoreOptions): IdempotencyStore {
  const nowSeconds = () => Math.floor(now() / 1000);
  return {
    async claim(owner, key, bodyHash, jobIds) {
      // A binding past its TTL (or released) may still be there: DynamoDB deletes late, dynalite never.
      for (let attempt = 0; attempt < 3; attempt++) {
        const claimId = randomUUID();
        try {
          await client.send(
            new PutCommand({
              TableName: tableName,
              Item: { ...itemKey(owner, key), jobIds: [...jobIds], bodyHash, claimId, createdAt: new Date(now()).toISOString(), expiresAt: nowSeconds() + IDEMPOTENCY_TTL_SECONDS },
              ConditionExpression: 'attribute_not_exists(pk) OR #expiresAt <= :nowSeconds',
              ExpressionAttributeNames: { '#expiresAt': 'expiresAt' },
              ExpressionAttributeValues: { ':nowSeconds': nowSeconds() },
            }),
          );
          return { bound: true, claimId };
        } catch (error) {
          if (!isConditionalCheckFailed(error)) throw error;
        }
        const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: itemKey(owner, key), ConsistentRead: true }));
        if (Item && typeof Item.expiresAt === 'number' && Item.expiresAt > nowSeconds()) {
          return { bound: false, binding: { jobIds: Item.jobIds as string[], bodyHash: String(Item.bodyHash), claimId: String(Item.claimId) } };
        }
        // Released or expired between the put and the read: try to bind it again.
      }
      throw new Error('the idempotency key kept changing hands');
    },

    async release(owner, key, claimId) {
      try {
        await client.send(
          new UpdateCommand({
            TableName: tableName,
            Key: itemKey(owner, key),
            // Expired at once rather than deleted: the gateway's grant has no DeleteItem.
            UpdateExpression: 'SET #expiresAt = :zero',
            ConditionExpression: '#claimId = :claimId',
            ExpressionAttributeNames: { '#expiresAt': 'expiresAt', '#claimId': 'claimId' },
            ExpressionAttributeValues: { ':zero': 0, ':claimId': claimId },
          }),
        );
      } catch (error) {
        if (!isConditionalCheckFailed(error)) throw error;
      }
    },
  };
}
