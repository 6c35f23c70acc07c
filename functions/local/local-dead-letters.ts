/**
 * The jobs dead-letter queue's consumer as `npm start` runs it: the Lambda's handler, built on its
 * first batch, once the topology has put the embedded table's variables into `env`.
 */
import { createDynamoDbDocumentClient } from '../aws/dynamodb/document-client.ts';
import { tableName } from '../aws/resource-names.ts';
import type { Environment } from '../config/load-config.ts';
import { QUEUES } from '../infrastructure/resource-definitions.ts';
import { createDeadLetterHandler, type DeadLetterHandler } from '../jobs/delivery/dead-letters.ts';
import { createJobStore } from '../jobs/job-store.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import type { SqsBatchHandler } from './sqs-event-source.ts';

export function localDeadLetters(env: Environment, logger: GatewayLogger, maxReceiveCount: number = QUEUES.jobs.maxReceiveCount): SqsBatchHandler {
  let handler: DeadLetterHandler | undefined;
  return (event) =>
    (handler ??= createDeadLetterHandler({
      store: createJobStore({ client: createDynamoDbDocumentClient(env), tableName: tableName(env, 'jobs') }),
      logger,
      maxReceiveCount,
    }))(event);
}
