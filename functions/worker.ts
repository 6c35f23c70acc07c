/**
 * Lambda entry for the worker, fed by the jobs queue's event source mapping (with
 * `ReportBatchItemFailures`): each message names a job in the jobs table, which is run and its
 * outcome stored (functions/jobs/). Provider keys come from the deployment's secret, read once per
 * cold start with the rest of the configuration; the handler is the same one `npm start` polls with.
 */
import middy from '@middy/core';
import { executionModeStandard } from '@middy/core/executionModeStandard';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { loadSecretEnvironment } from './config/load-secret-environment.ts';
import { createWorkerHandler } from './jobs/create-worker-handler.ts';
import { workerDependencies } from './jobs/worker-dependencies.ts';
import { createLogger } from './observability/logger.ts';
import { readPricesEarly } from './pricing/read-prices-early.ts';
import { loadExactTokenCounterIfWanted } from './routing/exact-token-counter.ts';

const logger = createLogger();

const early = readPricesEarly(process.env, logger);

const env = await loadSecretEnvironment(process.env);

const worker = createWorkerHandler(workerDependencies(env, logger, {}, early));

export const handler = middy<SQSEvent, SQSBatchResponse>({ executionMode: executionModeStandard }).handler(async (event, context) => {
  const response = await worker(event, context);
  // Once, after the first batch with a prompt long enough to need it, rather than at cold start.
  await loadExactTokenCounterIfWanted(logger);
  return response;
});
