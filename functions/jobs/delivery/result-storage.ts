/**
 * Job results of any size. A DynamoDB item holds 400 KB, the whole job record included (its
 * request too): a completion that would take the record past RESULT_INLINE_LIMIT_BYTES is
 * written whole to the results bucket (`results/<job id>.json`, SSE-S3), and the record keeps
 * a JobResultRef instead: where it is, its size and its SHA-256, checked when it is read back.
 */
import type { ObjectClient } from '../../aws/s3/s3-client.ts';
import { JsonObjectUnavailableError, putJsonObject, readJsonObject } from '../../aws/json-objects.ts';
import type { JobResult } from '../job-endpoints.ts';
import { BUCKETS } from '../../infrastructure/resource-definitions.ts';
import type { JobRecord, JobResultRef } from '../job-record.ts';

/**
 * The record with its result stays below this: 100 KB short of DynamoDB's 400 KB, for what the
 * completion's write adds (served, usage, callback, index keys) and DynamoDB's own encoding,
 * which counts attribute names and numbers differently from JSON.
 */
export const RESULT_INLINE_LIMIT_BYTES = 300 * 1024;

export interface ResultStorage {
  s3: ObjectClient;
  /** The results bucket's name (BUCKETS.results.envVar). */
  bucket: string;
}

/** What completeJob stores: the result itself, or where it was written. */
export type StoredResult = { result: JobResult; resultRef?: undefined } | { resultRef: JobResultRef; result?: undefined };

/** The stored result is gone (past its lifecycle) or not what was written. */
export { JsonObjectUnavailableError as ResultUnavailableError };

export const resultKey = (jobId: string): string => `${BUCKETS.results.prefixes.jobResults.prefix}${jobId}.json`;

/**
 * The result as the completion should store it: inline when the record stays small enough,
 * otherwise uploaded first (so a record never names an object that is not there). Uploading
 * again for the same job (a retried completion) overwrites the same key with the same content.
 */
export async function storeResult(job: Pick<JobRecord, 'id'>, result: JobResult, { s3, bucket }: ResultStorage): Promise<StoredResult> {
  const body = JSON.stringify(result);
  if (Buffer.byteLength(body) + Buffer.byteLength(JSON.stringify(job)) <= RESULT_INLINE_LIMIT_BYTES) return { result };
  return { resultRef: await putJsonObject(s3, bucket, resultKey(job.id), body) };
}

/** The stored answer; ResultUnavailableError when it is gone (past its lifecycle) or not what was written. */
export async function loadResult(ref: JobResultRef, s3: ObjectClient): Promise<JobResult> {
  return JSON.parse(await readJsonObject(s3, ref, "The job's result")) as JobResult;
}

/**
 * The job's answer for the API (GET /v1/jobs/{id}) and callbacks: inline, loaded from the
 * bucket, or undefined when the job has none (not succeeded).
 */
export async function readJobResult(job: Pick<JobRecord, 'result' | 'resultRef'>, s3: ObjectClient): Promise<JobResult | undefined> {
  if (job.result) return job.result;
  return job.resultRef ? loadResult(job.resultRef, s3) : undefined;
}
