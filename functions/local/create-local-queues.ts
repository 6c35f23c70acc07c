/**
 * Creates a queue and its dead-letter queue on an SQS-compatible endpoint from
 * resource-definitions.ts: retention, visibility timeout, and the redrive policy that moves a
 * message to the dead-letter queue after `maxReceiveCount` receives. Idempotent: existing queues
 * keep their messages and get the defined attributes again.
 */
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  QueueNameExists,
  SetQueueAttributesCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { QueueDefinition } from '../infrastructure/resource-definitions.ts';

/** Local departures from the definitions, for tests that cannot wait 30 minutes for a retry. */
export interface QueueOverrides {
  visibilityTimeoutSeconds?: number;
  maxReceiveCount?: number;
}

export interface LocalQueue {
  url: string;
  arn: string;
  visibilityTimeoutSeconds: number;
  maxReceiveCount: number;
  deadLetterQueue: { url: string; arn: string };
}

export async function ensureQueue(sqs: SQSClient, definition: QueueDefinition, overrides: QueueOverrides = {}): Promise<LocalQueue> {
  const dlq = definition.deadLetterQueue;
  const deadLetterQueue = await createOrUpdate(sqs, dlq.name, { MessageRetentionPeriod: String(dlq.retentionSeconds) });
  const visibilityTimeoutSeconds = overrides.visibilityTimeoutSeconds ?? definition.visibilityTimeoutSeconds;
  const maxReceiveCount = overrides.maxReceiveCount ?? definition.maxReceiveCount;
  const queue = await createOrUpdate(sqs, definition.name, {
    VisibilityTimeout: String(visibilityTimeoutSeconds),
    MessageRetentionPeriod: String(definition.retentionSeconds),
    RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetterQueue.arn, maxReceiveCount }),
  });
  return { ...queue, visibilityTimeoutSeconds, maxReceiveCount, deadLetterQueue };
}

async function createOrUpdate(sqs: SQSClient, name: string, attributes: Record<string, string>): Promise<{ url: string; arn: string }> {
  let url: string | undefined;
  try {
    url = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl;
  } catch (error) {
    // The queue exists with other attributes (the definitions changed since it was created).
    // (fauxqs answers with the legacy code `AWS.SimpleQueueService.QueueNameExists`, which the SDK does not map to the class.)
    if (!(error instanceof QueueNameExists) && !(error as Error).name.endsWith('QueueNameExists')) throw error;
    url = (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl;
    await sqs.send(new SetQueueAttributesCommand({ QueueUrl: url, Attributes: attributes }));
  }
  if (!url) throw new Error(`creating queue ${name} returned no URL`);
  return { url, arn: await readQueueArn(sqs, url) };
}

export async function readQueueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  if (!Attributes?.QueueArn) throw new Error(`queue ${queueUrl} has no QueueArn attribute`);
  return Attributes.QueueArn;
}
