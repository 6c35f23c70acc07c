/**
 * What each function may do with the results bucket, as data: the object actions its code makes
 * under each prefix (each entry says where), and no more. ResultsBucket.grant turns one into an
 * IAM statement; the tests apply the same grants in front of the embedded S3
 * (test/support/iam-checked-s3.ts).
 */
import type { BUCKETS } from '../../functions/infrastructure/resource-definitions.ts';

export type ResultsPrefix = keyof (typeof BUCKETS)['results']['prefixes'];
export type ObjectAction = 's3:GetObject' | 's3:PutObject' | 's3:DeleteObject';

export interface BucketAccess {
  prefix: ResultsPrefix;
  actions: readonly ObjectAction[];
}

export const FUNCTION_BUCKET_ACCESS = {
  /** Results too large for a job record (jobs/delivery/result-storage.ts storeResult). */
  worker: [{ prefix: 'jobResults', actions: ['s3:PutObject'] }],
  gateway: [
    // GET /v1/jobs/{id} reads a result stored in the bucket (result-storage.ts loadResult).
    { prefix: 'jobResults', actions: ['s3:GetObject'] },
    // The Responses door's bodies too large for an item (responses/dynamodb-response-store.ts).
    { prefix: 'responses', actions: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'] },
  ],
  poller: [
    // Batch answers too large for a record; a callback of such a result reads it back.
    { prefix: 'jobResults', actions: ['s3:PutObject'] },
    { prefix: 'jobResults', actions: ['s3:GetObject'] },
  ],
} as const satisfies Record<string, readonly BucketAccess[]>;
