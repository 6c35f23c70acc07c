/**
 * The SQS client from the environment: `SQS_ENDPOINT` points it at an SQS-compatible endpoint
 * (`npm start`'s embedded one); unset, it talks to SQS in `AWS_REGION`.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Environment } from '../config/load-config.ts';
import { awsClientConfig } from './aws-client-config.ts';

export const SQS_ENDPOINT_VARIABLE = 'SQS_ENDPOINT';

export function createSqsClient(env: Environment): SQSClient {
  // With an endpoint set, requests go to it whatever host the queue URL names.
  return new SQSClient(awsClientConfig(env, SQS_ENDPOINT_VARIABLE));
}
