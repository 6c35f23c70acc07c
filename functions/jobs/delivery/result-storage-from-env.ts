/**
 * The results bucket from the environment (`RESULTS_BUCKET_NAME`, and `S3_ENDPOINT` locally), for
 * the worker and the poller; undefined where the bucket is not configured, so a result too large
 * for a job record fails its job with the reason instead.
 */
import { createS3Client } from '../../aws/s3/s3-client.ts';
import type { Environment } from '../../config/load-config.ts';
import { BUCKETS } from '../../infrastructure/resource-definitions.ts';
import type { ResultStorage } from './result-storage.ts';

export function resultStorageFromEnv(env: Environment): ResultStorage | undefined {
  const bucket = env[BUCKETS.results.envVar]?.trim();
  return bucket ? { s3: createS3Client(env), bucket } : undefined;
}
