/**
 * The AWS SDK's SQS client from the environment, for what receives and administers queues: `npm
 * start`'s event source and embedded queues, the tests and benchmarks. The functions send with
 * aws/sqs/sqs-sender.ts. `SQS_ENDPOINT` points it at an SQS-compatible endpoint; unset, it talks
 * to SQS in `AWS_REGION`.
 */
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Environment } from '../config/load-config.ts';
import { awsClientConfig } from './aws-client-config.ts';
import { SQS_ENDPOINT_VARIABLE } from './sqs/sqs-sender.ts';

export { SQS_ENDPOINT_VARIABLE };

export function createSqsClient(env: Environment): SQSClient {
  // With an endpoint set, requests go to it whatever host the queue URL names.
  return new SQSClient(awsClientConfig(env, SQS_ENDPOINT_VARIABLE));
}
