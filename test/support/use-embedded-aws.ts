/**
 * The embedded DynamoDB and SQS (dynalite, fauxqs) for one test file: started before its tests,
 * closed after, with a document client on it. Read the fields inside tests, not at import.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll } from 'vitest';
import { createDynamoDbDocumentClient } from '../../functions/aws/dynamodb-client.ts';
import { startEmbeddedAws, type EmbeddedAws } from '../../functions/local/embedded-aws.ts';

export interface EmbeddedAwsFixture {
  aws: EmbeddedAws;
  client: DynamoDBDocumentClient;
}

export function useEmbeddedAws(): EmbeddedAwsFixture {
  const fixture = {} as EmbeddedAwsFixture;
  beforeAll(async () => {
    fixture.aws = await startEmbeddedAws();
    fixture.client = createDynamoDbDocumentClient(fixture.aws.env);
  });
  afterAll(async () => {
    fixture.client?.destroy();
    await fixture.aws?.close();
  });
  return fixture;
}
