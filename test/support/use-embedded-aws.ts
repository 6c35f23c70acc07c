/**
 * The embedded DynamoDB and SQS (dynalite, fauxqs) for one test file: started before its tests,
 * closed after, with a document client on it. Read the fields inside tests, not at import.
 */
import type { DocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { afterAll, beforeAll } from 'vitest';
import { createDynamoDbDocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { startEmbeddedAws, type EmbeddedAws } from '../../functions/local/embedded-aws.ts';

export interface EmbeddedAwsFixture {
  aws: EmbeddedAws;
  client: DocumentClient;
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
