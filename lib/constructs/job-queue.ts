/**
 * The asynchronous path's queue (`QUEUES.jobs`): job ids for the worker, redriven to a
 * dead-letter queue after `maxReceiveCount` receives. Both queues use SQS-managed encryption and
 * refuse requests not made over TLS.
 */
import { Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueDefinition } from '../../functions/infrastructure/resource-definitions.ts';

export interface JobQueueProps {
  definition: QueueDefinition;
}

export class JobQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  private readonly definition: QueueDefinition;

  constructor(scope: Construct, id: string, { definition }: JobQueueProps) {
    super(scope, id);
    this.definition = definition;
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      retentionPeriod: Duration.seconds(definition.deadLetterQueue.retentionSeconds),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    // cdk-nag 3 reads CDK's own acknowledgements (it has no NagSuppressions).
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter queue of the jobs queue; a DLQ for the DLQ would only move the same messages again. Messages here raise the DLQ alarm and are kept 14 days for inspection and redrive.',
    });
    this.queue = new Queue(this, 'Queue', {
      visibilityTimeout: Duration.seconds(definition.visibilityTimeoutSeconds),
      retentionPeriod: Duration.seconds(definition.retentionSeconds),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: definition.maxReceiveCount },
    });
  }

  /**
   * A producer (the gateway's POST /v1/jobs, the worker's and the poller's re-sends): the queue's
   * URL and SendMessage, which also authorizes SendMessageBatch; not grantSendMessages, which adds
   * GetQueueAttributes and GetQueueUrl that no producer calls (each has the URL).
   */
  bindSender(fn: LambdaFunction): void {
    fn.addEnvironment(this.definition.envVar, this.queue.queueUrl);
    fn.addToRolePolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.queue.queueArn] }));
  }
}
