/**
 * Lambda entry for the batch poller, on an EventBridge schedule (every minute): its dependencies
 * are made once per cold start, provider keys from the deployment's secret (`SWITCHYARD_SECRET_ARN`)
 * over the environment; each invocation submits the batches due, collects the batches that ended,
 * and runs the sweeps (see functions/jobs/poller/run-poller.ts).
 */
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { loadSecretEnvironment } from './config/load-secret-environment.ts';
import { pollerDependencies } from './jobs/poller/poller-dependencies.ts';
import { runPoller, type PollerSummary } from './jobs/poller/run-poller.ts';
import { createLogger } from './observability/logger.ts';

const logger = createLogger();

const env = await loadSecretEnvironment(process.env);

const poller = pollerDependencies(env, logger);
await poller.ready;

export const handler = middy<ScheduledEvent, PollerSummary>().handler(() => runPoller(poller.deps));
