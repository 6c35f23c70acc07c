/**
 * JSON documents too large for a DynamoDB item, stored whole in a bucket (SSE-S3) and named by a
 * reference the item keeps instead: where the object is, its size and its SHA-256, checked when
 * it is read back, so what is read is what was written. The job results
 * (jobs/delivery/result-storage.ts) and the stored responses (responses/) share these.
 */
import { createHash } from 'node:crypto';
import type { ObjectClient } from './s3/s3-client.ts';

export interface JsonObjectRef {
  bucket: string;
  key: string;
  /** Size of the stored JSON, and its SHA-256 (hex), checked when it is read back. */
  bytes: number;
  sha256: string;
}

export type { ObjectClient };

/** The SDK's S3 commands, loaded with the client on the first object read or written. */
const s3Commands = () => import('#aws-s3');

/** The object is gone (past its lifecycle) or not what was written. */
export class JsonObjectUnavailableError extends Error {
  override name = 'JsonObjectUnavailableError';
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Writes `json` (JSON text) under `key`, overwriting what is there; its reference. */
export async function putJsonObject(s3: ObjectClient, bucket: string, key: string, json: string): Promise<JsonObjectRef> {
  const { PutObjectCommand } = await s3Commands();
  await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: json, ContentType: 'application/json', ServerSideEncryption: 'AES256' }));
  return { bucket, key, bytes: Buffer.byteLength(json), sha256: sha256(json) };
}

/** The JSON text written; JsonObjectUnavailableError, saying `what` it was, when it is gone or differs. */
export async function readJsonObject(s3: ObjectClient, ref: JsonObjectRef, what: string): Promise<string> {
  const { GetObjectCommand } = await s3Commands();
  let body: string;
  try {
    const object = await s3.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
    body = (await object.Body?.transformToString('utf8')) ?? '';
  } catch (error) {
    const { name } = error as Error;
    if (name === 'NoSuchKey') throw new JsonObjectUnavailableError(`${what} (${ref.key}) is no longer stored.`);
    // S3 answers a read of a missing object with 403, not 404, to a role that may not list the
    // bucket, as none of the functions may (lib/constructs/bucket-access.ts): from a reference
    // this gateway wrote, that is the object gone past its lifecycle (the tests check the grants).
    if (name === 'AccessDenied') throw new JsonObjectUnavailableError(`${what} (${ref.key}) is no longer stored, or may not be read.`);
    throw error;
  }
  if (Buffer.byteLength(body) !== ref.bytes || sha256(body) !== ref.sha256) throw new JsonObjectUnavailableError(`${what} (${ref.key}) does not match what was stored.`);
  return body;
}

/** Deletes the object; one already gone is no error (S3 answers a delete of a missing key with success). */
export async function deleteJsonObject(s3: ObjectClient, ref: Pick<JsonObjectRef, 'bucket' | 'key'>): Promise<void> {
  const { DeleteObjectCommand } = await s3Commands();
  await s3.send(new DeleteObjectCommand({ Bucket: ref.bucket, Key: ref.key }));
}
