/**
 * The jobs dead-letter queue's consumer (functions/dead-letters.ts): a BundledFunction fed by the
 * DLQ through an SQS event source mapping that reports partial batch failures, so a message whose
 * job a live worker still holds comes back after the DLQ's visibility timeout and the rest are
 * deleted. consumeQueue grants what consuming the queue takes; the stack binds the jobs table.
 * Why a function rather than the poller: see functions/jobs/delivery/dead-letters.ts.
 */
import { Duration } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FUNCTIONS } from '../../functions/infrastructure/resource-definitions.ts';
import { METRICS_SERVICES } from '../../functions/observability/metrics.ts';
import { BundledFunction } from './bundled-function.ts';
import { consumeQueue } from './queue-consumer.ts';

/** Dead letters are rare and each is a read and a write: a batch of 10, two invocations at most. */
export const DEAD_LETTER_BATCH_SIZE = 10;
export const DEAD_LETTER_MAX_CONCURRENCY = 2;

export class DeadLetterConsumer extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, { deadLetterQueue, logRetention }: { deadLetterQueue: IQueue; logRetention: RetentionDays }) {
    super(scope, id);
    const { function: fn } = new BundledFunction(this, 'DeadLetters', {
      definition: FUNCTIONS.deadLetters,
      service: METRICS_SERVICES.deadLetters,
      description: 'Switchyard dead letters: marks each job whose message reached the jobs dead-letter queue failed, with the reason',
      logRetention,
      environment: { NODE_ENV: 'production' },
    });
    consumeQueue(fn, deadLetterQueue, { batchSize: DEAD_LETTER_BATCH_SIZE, maxBatchingWindow: Duration.seconds(1), maxConcurrency: DEAD_LETTER_MAX_CONCURRENCY });
    this.function = fn;
  }
}
