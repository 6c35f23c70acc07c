/**
 * The S3 client from the environment: `S3_ENDPOINT` points it at an S3-compatible endpoint
 * (`npm start`'s embedded one, fauxqs); unset, it talks to S3 in `AWS_REGION`.
 */
import { S3Client } from '@aws-sdk/client-s3';
import type { Environment } from '../config/load-config.ts';
import { awsClientConfig } from './aws-client-config.ts';

export const S3_ENDPOINT_VARIABLE = 'S3_ENDPOINT';

export function createS3Client(env: Environment): S3Client {
  const config = awsClientConfig(env, S3_ENDPOINT_VARIABLE);
  // A local endpoint has no per-bucket host names: the bucket goes in the path.
  return new S3Client({ ...config, ...(config.endpoint ? { forcePathStyle: true } : {}) });
}
