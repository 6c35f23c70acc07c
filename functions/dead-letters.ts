/**
 * Lambda entry for the jobs dead-letter queue's consumer (functions/jobs/delivery/dead-letters.ts),
 * fed by an SQS event source mapping with `ReportBatchItemFailures`: each dead job is marked
 * failed with the reason. It reads and updates the jobs table only: no secret, no provider.
 */
import middy from '@middy/core';
import { executionModeStandard } from '@middy/core/executionModeStandard';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { createDynamoDbDocumentClient } from './aws/dynamodb/document-client.ts';
import { tableName } from './aws/resource-names.ts';
import { QUEUES } from './infrastructure/resource-definitions.ts';
import { createDeadLetterHandler } from './jobs/delivery/dead-letters.ts';
import { createJobStore } from './jobs/job-store.ts';
import { createLogger } from './observability/logger.ts';

const logger = createLogger();

const deadLetters = createDeadLetterHandler({
  store: createJobStore({ client: createDynamoDbDocumentClient(process.env), tableName: tableName(process.env, 'jobs') }),
  logger,
  maxReceiveCount: QUEUES.jobs.maxReceiveCount,
});

export const handler = middy<SQSEvent, SQSBatchResponse>({ executionMode: executionModeStandard }).handler((event) => deadLetters(event));
