/**
 * What Lambda's SQS event source mapping does for a function, for `npm start`: long-polls the
 * queue, hands each batch to the handler as an `SQSEvent`, deletes what succeeded, and leaves the
 * rest to the queue. As on Lambda (with `ReportBatchItemFailures`):
 * - the handler resolves with nothing or an empty `batchItemFailures`: the whole batch is deleted;
 * - it lists failures: all other messages are deleted, the listed ones reappear after the visibility
 *   timeout; a failure naming no message of the batch fails the whole batch;
 * - it throws: nothing is deleted, the whole batch reappears after the visibility timeout.
 * Moving a message to the dead-letter queue after `maxReceiveCount` receives is the queue's job
 * (its redrive policy), as on AWS; fauxqs does it on the receive after the last allowed one.
 *
 * One poller handles one batch at a time (Lambda runs several in parallel).
 */
import { readQueueArn } from './create-local-queues.ts';
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSMessageAttributes, SQSRecord, SQSRecordAttributes } from 'aws-lambda';

export type SqsBatchHandler = (event: SQSEvent) => Promise<SQSBatchResponse | void>;

export interface SqsEventSourceOptions {
  sqs: SQSClient;
  queueUrl: string;
  handler: SqsBatchHandler;
  /** Messages per event, 1 to 10 (one ReceiveMessage). */
  batchSize?: number;
  /** Long-poll wait, 0 to 20 seconds. */
  waitTimeSeconds?: number;
  /**
   * As the mapping's `ReportBatchItemFailures` (default on): off, `batchItemFailures` is ignored and
   * only a throw leaves the batch on the queue.
   */
  reportBatchItemFailures?: boolean;
  /** Pause after a failed ReceiveMessage before polling again. */
  errorBackoffMs?: number;
  onError?: (error: unknown, context: 'receive' | 'handler' | 'delete') => void;
}

export interface SqsEventSource {
  /**
   * Stops polling; resolves once the batch in hand (if any) has been handled and deleted. A
   * long poll in progress is abandoned: a message the queue hands to it in its last moments
   * stays invisible for the visibility timeout, as after a dropped connection on AWS.
   */
  stop(): Promise<void>;
}

export async function startSqsEventSource(options: SqsEventSourceOptions): Promise<SqsEventSource> {
  const { sqs, queueUrl, handler } = options;
  const batchSize = options.batchSize ?? 10;
  const waitTimeSeconds = options.waitTimeSeconds ?? 20;
  const reportBatchItemFailures = options.reportBatchItemFailures ?? true;
  const errorBackoffMs = options.errorBackoffMs ?? 1000;
  const onError = options.onError ?? (() => {});
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10) throw new RangeError(`batchSize must be 1 to 10, not ${batchSize}`);
  if (!Number.isInteger(waitTimeSeconds) || waitTimeSeconds < 0 || waitTimeSeconds > 20) {
    throw new RangeError(`waitTimeSeconds must be 0 to 20, not ${waitTimeSeconds}`);
  }

  const queueArn = await readQueueArn(sqs, queueUrl);
  const region = queueArn.split(':')[3] ?? '';
  // Aborts a waiting ReceiveMessage or back-off on stop(); never a handler or a delete.
  const stopping = new AbortController();

  const handleBatch = async (messages: Message[]) => {
    const records = messages.map((message) => toSqsRecord(message, queueArn, region));
    let failed: Set<string>;
    try {
      const response = await handler({ Records: records });
      failed = failedMessageIds(response, records, reportBatchItemFailures);
    } catch (error) {
      onError(error, 'handler');
      failed = new Set(records.map((record) => record.messageId));
    }
    const done = records.filter((record) => !failed.has(record.messageId));
    if (done.length === 0) return;
    try {
      const result = await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: done.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
        }),
      );
      if (result.Failed?.length) onError(new Error(`could not delete ${result.Failed.length} message(s): ${result.Failed.map((f) => f.Message).join('; ')}`), 'delete');
    } catch (error) {
      onError(error, 'delete');
    }
  };

  const poll = async () => {
    while (!stopping.signal.aborted) {
      let messages: Message[];
      try {
        const received = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: batchSize,
            WaitTimeSeconds: waitTimeSeconds,
            MessageSystemAttributeNames: ['All'],
            MessageAttributeNames: ['All'],
          }),
          { abortSignal: stopping.signal },
        );
        messages = received.Messages ?? [];
      } catch (error) {
        if (stopping.signal.aborted) return;
        onError(error, 'receive');
        await sleep(errorBackoffMs, stopping.signal);
        continue;
      }
      if (messages.length > 0) await handleBatch(messages);
    }
  };

  const loop = poll();
  return {
    stop: async () => {
      stopping.abort();
      await loop;
    },
  };
}

/** The ids the event source must leave on the queue, as Lambda reads an `SQSBatchResponse`. */
export function failedMessageIds(response: SQSBatchResponse | void, records: readonly SQSRecord[], reportBatchItemFailures: boolean): Set<string> {
  const all = new Set(records.map((record) => record.messageId));
  if (!reportBatchItemFailures || !response || !Array.isArray(response.batchItemFailures)) return new Set();
  const failed = new Set<string>();
  for (const failure of response.batchItemFailures) {
    const id = failure?.itemIdentifier;
    // An empty, missing or unknown identifier: Lambda treats the whole batch as failed.
    if (typeof id !== 'string' || !all.has(id)) return all;
    failed.add(id);
  }
  return failed;
}

export function toSqsRecord(message: Message, queueArn: string, region: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  const recordAttributes: SQSRecordAttributes = {
    ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
    SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
    SenderId: attributes.SenderId ?? '',
    ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    ...(attributes.AWSTraceHeader ? { AWSTraceHeader: attributes.AWSTraceHeader } : {}),
    ...(attributes.SequenceNumber ? { SequenceNumber: attributes.SequenceNumber } : {}),
    ...(attributes.MessageGroupId ? { MessageGroupId: attributes.MessageGroupId } : {}),
    ...(attributes.MessageDeduplicationId ? { MessageDeduplicationId: attributes.MessageDeduplicationId } : {}),
    ...(attributes.DeadLetterQueueSourceArn ? { DeadLetterQueueSourceArn: attributes.DeadLetterQueueSourceArn } : {}),
  };
  const messageAttributes: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    messageAttributes[name] = {
      dataType: value.DataType ?? 'String',
      ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
      ...(value.BinaryValue !== undefined ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') } : {}),
      stringListValues: value.StringListValues ?? [],
      binaryListValues: (value.BinaryListValues ?? []).map((bytes) => Buffer.from(bytes).toString('base64')),
    };
  }
  return {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: recordAttributes,
    messageAttributes,
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes ? { md5OfMessageAttributes: message.MD5OfMessageAttributes } : {}),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  };
}


function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
