import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '../../functions/aws/dynamodb/commands.ts';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { createDynamoDbDocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { createDynamoDbClient } from '../../functions/local/local-dynamodb-client.ts';
import { resourceNames } from '../../functions/aws/resource-names.ts';
import { createSqsClient } from '../../functions/aws/sqs-client.ts';
import { QUEUES, TABLES } from '../../functions/infrastructure/resource-definitions.ts';
import { DataDirLockedError } from '../../functions/local/data-dir-lock.ts';
import { startEmbeddedAws, type EmbeddedAws } from '../../functions/local/embedded-aws.ts';
import { queueDepth } from './local-test-helpers.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(options: Parameters<typeof startEmbeddedAws>[0]): Promise<EmbeddedAws> {
  const aws = await startEmbeddedAws(options);
  cleanups.push(aws.close);
  return aws;
}

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'switchyard-local-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('startEmbeddedAws', () => {
  it('creates the tables from the definitions, with their keys and indexes', async () => {
    const aws = await start({ env: {} });
    const dynamoDb = createDynamoDbClient(aws.env);
    cleanups.push(async () => dynamoDb.destroy());

    for (const definition of Object.values(TABLES)) {
      const { Table } = await dynamoDb.send(new DescribeTableCommand({ TableName: aws.env[definition.envVar] }));
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect(Table?.KeySchema).toEqual([
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ]);
      expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
      expect((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName)).toEqual(definition.globalSecondaryIndexes.map((index) => index.name));
    }
    const { Table: jobs } = await dynamoDb.send(new DescribeTableCommand({ TableName: 'jobs' }));
    expect(jobs?.GlobalSecondaryIndexes?.[0]).toMatchObject({
      IndexName: 'byOwner',
      KeySchema: [
        { AttributeName: 'gsi1pk', KeyType: 'HASH' },
        { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    });
  });

  it('creates the queue with its visibility timeout and a redrive policy to its dead-letter queue', async () => {
    const aws = await start({ env: {} });
    const sqs = createSqsClient(aws.env);
    cleanups.push(async () => sqs.destroy());
    const names = resourceNames(aws.env);

    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: names.queues.jobs.url, AttributeNames: ['All'] }));
    expect(Attributes?.VisibilityTimeout).toBe(String(QUEUES.jobs.visibilityTimeoutSeconds));
    expect(Attributes?.MessageRetentionPeriod).toBe(String(QUEUES.jobs.retentionSeconds));
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: aws.queues.jobs.deadLetterQueue.arn,
      maxReceiveCount: QUEUES.jobs.maxReceiveCount,
    });
    const dlq = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: names.queues.jobs.deadLetterQueueUrl, AttributeNames: ['QueueArn', 'MessageRetentionPeriod'] }));
    expect(dlq.Attributes).toEqual({ QueueArn: aws.queues.jobs.deadLetterQueue.arn, MessageRetentionPeriod: String(QUEUES.jobs.deadLetterQueue.retentionSeconds) });
  });

  it('gives the variables for the clients, with local credentials and region only where the environment has none', async () => {
    const bare = await start({ env: {} });
    expect(bare.env).toMatchObject({
      DYNAMODB_ENDPOINT: bare.dynamoDbEndpoint,
      SQS_ENDPOINT: bare.sqsEndpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: expect.any(String),
      AWS_SECRET_ACCESS_KEY: expect.any(String),
      HEALTH_TABLE_NAME: 'health',
      PRICING_TABLE_NAME: 'pricing',
      JOBS_TABLE_NAME: 'jobs',
      RESPONSES_TABLE_NAME: 'responses',
    });
    expect(bare.dynamoDbEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(bare.sqsEndpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    const configured = await start({ env: { AWS_REGION: 'eu-west-1', AWS_ACCESS_KEY_ID: 'mine', AWS_SECRET_ACCESS_KEY: 'mine' } });
    expect(configured.env).not.toHaveProperty('AWS_REGION');
    expect(configured.env).not.toHaveProperty('AWS_ACCESS_KEY_ID');
    expect(configured.env).not.toHaveProperty('AWS_SECRET_ACCESS_KEY');
    expect(configured.queues.jobs.arn).toBe('arn:aws:sqs:eu-west-1:000000000000:jobs');
  });

  it('keeps tables, items and messages in its data folder across a restart', async () => {
    const dataDir = await tempDir();
    const first = await start({ dataDir, env: {} });
    expect(Object.values(first.tables).map((table) => table.status)).toEqual(Object.keys(TABLES).map(() => 'created'));
    let documents = createDynamoDbDocumentClient(first.env);
    let sqs = createSqsClient(first.env);
    await documents.send(new PutCommand({ TableName: first.env.JOBS_TABLE_NAME!, Item: { pk: 'job#1', sk: 'job', status: 'QUEUED' } }));
    await sqs.send(new SendMessageCommand({ QueueUrl: first.env.JOBS_QUEUE_URL, MessageBody: '{"jobId":"1"}' }));
    documents.destroy();
    sqs.destroy();
    await first.close();

    const second = await start({ dataDir, env: {} });
    expect(Object.values(second.tables).map((table) => table.status)).toEqual(Object.keys(TABLES).map(() => 'existing'));
    documents = createDynamoDbDocumentClient(second.env);
    sqs = createSqsClient(second.env);
    cleanups.push(async () => documents.destroy(), async () => sqs.destroy());
    const { Item } = await documents.send(new GetCommand({ TableName: second.env.JOBS_TABLE_NAME!, Key: { pk: 'job#1', sk: 'job' } }));
    expect(Item).toEqual({ pk: 'job#1', sk: 'job', status: 'QUEUED' });
    expect(await queueDepth(sqs, second.env.JOBS_QUEUE_URL!)).toEqual({ visible: 1, inFlight: 0 });
    // The queue's URL names the port it is served on now.
    expect(new URL(second.env.JOBS_QUEUE_URL!).port).toBe(new URL(second.sqsEndpoint).port);
  });

  it('takes changed queue settings on a restart over existing data', async () => {
    const dataDir = await tempDir();
    await (await startEmbeddedAws({ dataDir, env: {} })).close();
    const restarted = await start({ dataDir, env: {}, queueOverrides: { visibilityTimeoutSeconds: 7, maxReceiveCount: 2 } });
    const sqs = createSqsClient(restarted.env);
    cleanups.push(async () => sqs.destroy());
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: restarted.env.JOBS_QUEUE_URL, AttributeNames: ['VisibilityTimeout', 'RedrivePolicy'] }));
    expect(Attributes?.VisibilityTimeout).toBe('7');
    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toMatchObject({ maxReceiveCount: 2 });
  });

  it('refuses a data folder another running instance holds', async () => {
    const dataDir = await tempDir();
    await start({ dataDir, env: {} });
    await expect(startEmbeddedAws({ dataDir, env: {} })).rejects.toThrow(DataDirLockedError);
  });
});
