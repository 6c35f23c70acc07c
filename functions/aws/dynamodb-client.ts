/**
 * DynamoDB clients from the environment: `DYNAMODB_ENDPOINT` points them at a DynamoDB-compatible
 * endpoint (`npm start`'s embedded one); unset, they talk to DynamoDB in `AWS_REGION`.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Environment } from '../config/load-config.ts';
import { awsClientConfig } from './aws-client-config.ts';

export const DYNAMODB_ENDPOINT_VARIABLE = 'DYNAMODB_ENDPOINT';

export function createDynamoDbClient(env: Environment): DynamoDBClient {
  return new DynamoDBClient(awsClientConfig(env, DYNAMODB_ENDPOINT_VARIABLE));
}

/** The document client the stores use: plain JavaScript values in and out, undefined attributes left out. */
export function createDynamoDbDocumentClient(env: Environment): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createDynamoDbClient(env), {
    marshallOptions: { removeUndefinedValues: true },
  });
}
