/**
 * The worker: a BundledFunction fed by the jobs queue through an SQS event source mapping that
 * reports partial batch failures, so a batch's finished messages are deleted and only the failed
 * ones come back (after the queue's visibility timeout, to the dead-letter queue after
 * `maxReceiveCount` receives). consumeQueue grants the function what consuming the queue takes;
 * its table and secret are given by the stack through the narrow binds.
 */
import { Duration } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FUNCTIONS } from '../../functions/infrastructure/resource-definitions.ts';
import { METRICS_SERVICES } from '../../functions/observability/metrics.ts';
import { BundledFunction } from './bundled-function.ts';
import { bindBedrock } from './gateway-api.ts';
import { consumeQueue } from './queue-consumer.ts';

export interface JobWorkerProps {
  queue: IQueue;
  logRetention: RetentionDays;
}

/** Messages per invocation, run in parallel: each holds a provider call open. */
export const WORKER_BATCH_SIZE = 5;
/** How long the mapping may wait to fill a batch: jobs are not urgent, invocations cost. */
export const WORKER_BATCHING_WINDOW_SECONDS = 2;
/** Concurrent worker invocations the event source starts at most (Lambda's minimum is 2). */
export const WORKER_MAX_CONCURRENCY = 10;

export class JobWorker extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, { queue, logRetention }: JobWorkerProps) {
    super(scope, id);
    const { function: fn } = new BundledFunction(this, 'Worker', {
      definition: FUNCTIONS.worker,
      service: METRICS_SERVICES.worker,
      description: 'Switchyard worker: runs queued jobs (the jobs queue) as provider calls and stores their outcome',
      logRetention,
      environment: { NODE_ENV: 'production' },
    });
    consumeQueue(fn, queue, {
      batchSize: WORKER_BATCH_SIZE,
      maxBatchingWindow: Duration.seconds(WORKER_BATCHING_WINDOW_SECONDS),
      // Bounds how many workers call providers at once, so a burst of jobs becomes a queue, not a 429 storm.
      maxConcurrency: WORKER_MAX_CONCURRENCY,
    });
    bindBedrock(fn);
    this.function = fn;
  }
}
