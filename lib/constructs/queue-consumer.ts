/**
 * A function fed by an SQS queue through an event source mapping that reports partial batch
 * failures, its role allowed what Lambda's poller calls on the queue with it and nothing more:
 * ReceiveMessage, DeleteMessage and GetQueueAttributes, the actions of AWS's own
 * AWSLambdaSQSQueueExecutionRole. (CDK's SqsEventSource also grants ChangeMessageVisibility and
 * GetQueueUrl, which neither the poller nor the functions call.) The queues use SQS-managed
 * encryption, so no KMS grant is needed.
 */
import { Names, type Duration } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';

export const QUEUE_CONSUMER_ACTIONS = ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'] as const;

export interface QueueConsumerOptions {
  batchSize: number;
  maxBatchingWindow: Duration;
  /** Concurrent invocations the mapping starts at most (Lambda's minimum is 2). */
  maxConcurrency: number;
}

export function consumeQueue(fn: LambdaFunction, queue: IQueue, { batchSize, maxBatchingWindow, maxConcurrency }: QueueConsumerOptions): void {
  // SqsEventSource's id: a stack that had one keeps its mapping rather than replacing it.
  fn.addEventSourceMapping(`SqsEventSource:${Names.nodeUniqueId(queue.node)}`, {
    eventSourceArn: queue.queueArn,
    batchSize,
    maxBatchingWindow,
    maxConcurrency,
    reportBatchItemFailures: true,
  });
  // On the role's default policy, which the function (and so the mapping) waits for: the mapping is
  // checked against these rights when it is created.
  fn.addToRolePolicy(new PolicyStatement({ actions: [...QUEUE_CONSUMER_ACTIONS], resources: [queue.queueArn] }));
}
