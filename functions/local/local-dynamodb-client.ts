/**
 * The AWS SDK's DynamoDB client, for what only `npm start` and the tests do: creating and
 * describing the embedded tables. The functions read and write with aws/dynamodb/document-client.ts.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { awsClientConfig } from '../aws/aws-client-config.ts';
import { DYNAMODB_ENDPOINT_VARIABLE } from '../aws/dynamodb/document-client.ts';
import type { Environment } from '../config/load-config.ts';

export function createDynamoDbClient(env: Environment): DynamoDBClient {
  return new DynamoDBClient(awsClientConfig(env, DYNAMODB_ENDPOINT_VARIABLE));
}
