/**
 * The jobs API's AWS side, from the environment: the jobs table (records and idempotency keys)
 * and the jobs queue's URL, as the stack binds them to the gateway (`JobQueue.bindSender` sets
 * the queue's URL only) and `npm start` sets them for its embedded endpoints.
 */
import { createDynamoDbDocumentClient } from '../../aws/dynamodb/document-client.ts';
import { MissingResourceVariableError, tableName } from '../../aws/resource-names.ts';
import { createS3Client } from '../../aws/s3/s3-client.ts';
import { createSqsSender } from '../../aws/sqs/sqs-sender.ts';
import type { Environment } from '../../config/load-config.ts';
import { BUCKETS, QUEUES } from '../../infrastructure/resource-definitions.ts';
import type { GatewayLogger } from '../../observability/logger.ts';
import { readCallbackSecret } from '../delivery/callback-settings.ts';
import { createJobStore } from '../job-store.ts';
import { createIdempotencyStore } from './idempotency-store.ts';
import { createSqsJobSender } from './job-sender.ts';
import type { JobsBackend } from './submit-jobs.ts';

/** Throws MissingResourceVariableError when the environment names no jobs table or queue. */
export function createJobsBackend(env: Environment, logger: GatewayLogger): JobsBackend {
  const table = tableName(env, 'jobs');
  const queueUrl = env[QUEUES.jobs.envVar]?.trim();
  if (!queueUrl) throw new MissingResourceVariableError(QUEUES.jobs.envVar, `${QUEUES.jobs.name} queue's URL`);
  const client = createDynamoDbDocumentClient(env);
  return {
    store: createJobStore({ client, tableName: table }),
    idempotency: createIdempotencyStore({ client, tableName: table }),
    sender: createSqsJobSender(createSqsSender(env), queueUrl, (error) => logger.error('jobs queue: SendMessageBatch failed', { error: error as Error })),
    // The stack binds the results bucket to the gateway for reading; a ref names its own bucket.
    ...(env[BUCKETS.results.envVar]?.trim() ? { results: createS3Client(env) } : {}),
    signsCallbacks: readCallbackSecret(env) !== undefined,
  };
}
