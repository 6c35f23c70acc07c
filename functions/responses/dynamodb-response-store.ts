/**
 * Stored responses in the responses table: pk `response#<id>`, sk `response`, the owner, times, and
 * the body (the Response, its input items, the conversation) as JSON text, so whatever a client
 * sent is kept as sent (as a job's request is: jobs/job-item.ts says why not as maps). A body that
 * would take the item past RESPONSE_INLINE_LIMIT_BYTES is written to the results bucket
 * (`responses/<id>/<uuid>.json`, aws/json-objects.ts) first, and the item keeps its reference, so
 * an item never names an object that is not there; a key of its own for each write, so a write the
 * item then refuses (another owner's id) overwrites no object an item names. Deleting removes the
 * item, then the object.
 *
 * Reads leave out items past their `expiresAt` (DynamoDB deletes them some time later, dynalite
 * never), another owner's, and one whose body's object is gone or not what was written, alike: a
 * response that cannot be read whole is not found, never half a response or a failure.
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand } from '../aws/dynamodb/commands.ts';
import type { DocumentClient } from '../aws/dynamodb/document-client.ts';
import { deleteJsonObject, JsonObjectUnavailableError, putJsonObject, readJsonObject, type JsonObjectRef, type ObjectClient } from '../aws/json-objects.ts';
import { BUCKETS } from '../infrastructure/resource-definitions.ts';
import { isConditionalCheckFailed } from '../aws/is-conditional-check-failed.ts';
import { RESPONSE_TTL_SECONDS, type ResponseStore, type StoredResponse } from './response-store.ts';

/** 50 KB short of DynamoDB's 400 KB item, for the other attributes and DynamoDB's own accounting. */
export const RESPONSE_INLINE_LIMIT_BYTES = 350 * 1024;

/** Ids the gateway makes (`resp_…`); any other is absent without a read, and cannot be stored. */
const RESPONSE_ID = /^[A-Za-z0-9_-]{1,128}$/;

export interface ResponseStoreOptions {
  client: DocumentClient;
  tableName: string;
  /** The results bucket, for bodies too large for an item. */
  objects: { s3: ObjectClient; bucket: string };
  /** The clock, epoch ms (tests move it). */
  now?: () => number;
}

type Body = Pick<StoredResponse, 'response' | 'inputItems' | 'conversation'>;

const itemKey = (id: string) => ({ pk: `response#${id}`, sk: 'response' });

const newBodyKey = (id: string): string => `${BUCKETS.results.prefixes.responses.prefix}${id}/${randomUUID()}.json`;

export class ResponseIdError extends Error {
  override name = 'ResponseIdError';
  constructor(id: string) {
    super(`'${id}' is not a response id this gateway makes, so it cannot be stored.`);
  }
}

export function createResponseStore({ client, tableName, objects, now = Date.now }: ResponseStoreOptions): ResponseStore {
  const nowSeconds = () => Math.floor(now() / 1000);
  /** The body's JSON from the bucket; undefined when its object is gone or not what was written. */
  const readBody = async (ref: JsonObjectRef, id: string): Promise<string | undefined> => {
    try {
      return await readJsonObject(objects.s3, ref, `The stored response ${id}`);
    } catch (error) {
      if (error instanceof JsonObjectUnavailableError) return undefined;
      throw error;
    }
  };

  return {
    async put({ id, owner, createdAt, response, inputItems, conversation }) {
      if (!RESPONSE_ID.test(id)) throw new ResponseIdError(id);
      const body = JSON.stringify({ response, inputItems, conversation } satisfies Body);
      const stored =
        Buffer.byteLength(body) <= RESPONSE_INLINE_LIMIT_BYTES ? { body } : { bodyRef: await putJsonObject(objects.s3, objects.bucket, newBodyKey(id), body) };
      try {
        await client.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...itemKey(id), id, owner, createdAt, expiresAt: nowSeconds() + RESPONSE_TTL_SECONDS, ...stored },
            // An id is made once; another owner's record is never overwritten, whatever happens.
            ConditionExpression: 'attribute_not_exists(pk) OR #owner = :owner',
            ExpressionAttributeNames: { '#owner': 'owner' },
            ExpressionAttributeValues: { ':owner': owner },
          }),
        );
      } catch (error) {
        if (isConditionalCheckFailed(error)) throw new Error(`The response id '${id}' is another owner's.`);
        throw error;
      }
    },

    async get(id, owner) {
      if (!RESPONSE_ID.test(id)) return undefined;
      const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: itemKey(id), ConsistentRead: true }));
      if (!Item || Item.owner !== owner || !(Number(Item.expiresAt) > nowSeconds())) return undefined;
      const text = typeof Item.body === 'string' ? Item.body : await readBody(Item.bodyRef as JsonObjectRef, id);
      if (text === undefined) return undefined;
      const { response, inputItems, conversation } = JSON.parse(text) as Body;
      return { id, owner, createdAt: Number(Item.createdAt), response, inputItems, conversation };
    },

    async delete(id, owner) {
      if (!RESPONSE_ID.test(id)) return false;
      let removed: Record<string, unknown> | undefined;
      try {
        ({ Attributes: removed } = await client.send(
          new DeleteCommand({
            TableName: tableName,
            Key: itemKey(id),
            ConditionExpression: '#owner = :owner AND #expiresAt > :nowSeconds',
            ExpressionAttributeNames: { '#owner': 'owner', '#expiresAt': 'expiresAt' },
            ExpressionAttributeValues: { ':owner': owner, ':nowSeconds': nowSeconds() },
            ReturnValues: 'ALL_OLD',
          }),
        ));
      } catch (error) {
        if (isConditionalCheckFailed(error)) return false;
        throw error;
      }
      // The item first: an object left by a failure here is named by nothing, and expires with its prefix.
      if (removed?.bodyRef) await deleteJsonObject(objects.s3, removed.bodyRef as JsonObjectRef);
      return true;
    },
  };
}
