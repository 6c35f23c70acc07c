import { ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqsClient } from '../../functions/aws/sqs-client.ts';
import { startEmbeddedAws, type EmbeddedAws } from '../../functions/local/embedded-aws.ts';
import { failedMessageIds, startSqsEventSource, type SqsBatchHandler, type SqsEventSource } from '../../functions/local/sqs-event-source.ts';
import { queueDepth, waitFor } from './local-test-helpers.ts';

// A 1-second visibility timeout and 2 receives before the dead-letter queue, so retries show in a test.
const VISIBILITY_TIMEOUT_SECONDS = 1;
const MAX_RECEIVE_COUNT = 2;

let aws: EmbeddedAws;
let sqs: SQSClient;
let queueUrl: string;
const running: SqsEventSource[] = [];

beforeEach(async () => {
  aws = await startEmbeddedAws({ env: {}, queueOverrides: { visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS, maxReceiveCount: MAX_RECEIVE_COUNT } });
  sqs = createSqsClient(aws.env);
  queueUrl = aws.queues.jobs.url;
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((source) => source.stop()));
  sqs.destroy();
  await aws.close();
});

async function consume(handler: SqsBatchHandler, options: { batchSize?: number } = {}): Promise<SqsEventSource> {
  const source = await startSqsEventSource({ sqs, queueUrl, handler, waitTimeSeconds: 1, ...options });
  running.push(source);
  return source;
}

const send = async (body: string) => (await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }))).MessageId!;

describe('startSqsEventSource', () => {
  it('hands a message to the handler as an SQSEvent and deletes it when the handler succeeds', async () => {
    const events: SQSEvent[] = [];
    await consume(async (event) => {
      events.push(event);
    });
    const sentFrom = Date.now();
    const { MessageId } = await sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: '{"jobId":"job-1"}',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'batch' } },
      }),
    );

    const [event] = await waitFor(() => (events.length > 0 ? events : undefined), 5_000, 'the event');
    expect(event?.Records).toHaveLength(1);
    const record = event!.Records[0]!;
    expect(record).toMatchObject({
      messageId: MessageId,
      body: '{"jobId":"job-1"}',
      eventSource: 'aws:sqs',
      eventSourceARN: aws.queues.jobs.arn,
      awsRegion: 'us-east-1',
      messageAttributes: { kind: { dataType: 'String', stringValue: 'batch', stringListValues: [], binaryListValues: [] } },
      attributes: { ApproximateReceiveCount: '1', SenderId: expect.any(String) },
    } satisfies Partial<Record<keyof SQSRecord, unknown>>);
    expect(record.receiptHandle).toEqual(expect.any(String));
    expect(record.md5OfBody).toMatch(/^[0-9a-f]{32}$/);
    // The queue's own times (the embedded queue shares this process's clock), not the event source's.
    expect(Number(record.attributes.SentTimestamp)).toBeGreaterThanOrEqual(sentFrom);
    expect(Number(record.attributes.ApproximateFirstReceiveTimestamp)).toBeGreaterThanOrEqual(Number(record.attributes.SentTimestamp));

    await waitFor(async () => {
      const depth = await queueDepth(sqs, queueUrl);
      return depth.visible === 0 && depth.inFlight === 0 ? true : undefined;
    }, 5_000, 'the message to be deleted');
  });

  it('delivers messages in batches up to the batch size', async () => {
    const sizes: number[] = [];
    for (let i = 0; i < 5; i++) await send(`m${i}`);
    await consume(async (event) => {
      sizes.push(event.Records.length);
    }, { batchSize: 3 });
    await waitFor(() => (sizes.reduce((a, b) => a + b, 0) === 5 ? true : undefined), 5_000, 'all five messages');
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
  });

  it('re-delivers a reported batch item failure after the visibility timeout and deletes the rest', async () => {
    const ok = await send('ok');
    const flaky = await send('flaky');
    const seen: Array<{ id: string; receiveCount: string; at: number; firstReceivedAt: number }> = [];
    await consume(async (event): Promise<SQSBatchResponse> => {
      for (const record of event.Records) {
        const { ApproximateReceiveCount: receiveCount, ApproximateFirstReceiveTimestamp: firstReceivedAt } = record.attributes;
        seen.push({ id: record.messageId, receiveCount, at: Date.now(), firstReceivedAt: Number(firstReceivedAt) });
      }
      const failFlaky = event.Records.some((record) => record.messageId === flaky && record.attributes.ApproximateReceiveCount === '1');
      return { batchItemFailures: failFlaky ? [{ itemIdentifier: flaky }] : [] };
    });

    const retry = await waitFor(() => seen.find((s) => s.id === flaky && s.receiveCount === '2'), 5_000, 'the retry');
    // Handled no sooner than the visibility timeout after the queue first handed it out (its own
    // timestamp), whenever the first handler happened to run.
    expect(retry.at - retry.firstReceivedAt).toBeGreaterThanOrEqual(VISIBILITY_TIMEOUT_SECONDS * 1000);
    expect(seen.filter((s) => s.id === ok)).toHaveLength(1);
    await waitFor(async () => ((await queueDepth(sqs, queueUrl)).inFlight === 0 ? true : undefined), 5_000, 'the retry to be deleted');
    expect(await queueDepth(sqs, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('leaves the whole batch on the queue when the handler throws', async () => {
    const ids = [await send('a'), await send('b')];
    const receives = new Map<string, number>();
    const errors: unknown[] = [];
    await startSqsEventSource({
      sqs,
      queueUrl,
      waitTimeSeconds: 1,
      onError: (error) => errors.push(error),
      handler: async (event) => {
        for (const record of event.Records) receives.set(record.messageId, (receives.get(record.messageId) ?? 0) + 1);
        if (event.Records.some((record) => record.attributes.ApproximateReceiveCount === '1')) throw new Error('worker failed');
      },
    }).then((source) => running.push(source));

    await waitFor(() => (ids.every((id) => receives.get(id) === 2) ? true : undefined), 5_000, 'both messages twice');
    expect(errors).toContainEqual(new Error('worker failed'));
  });

  it('moves a message that keeps failing to the dead-letter queue after maxReceiveCount receives', async () => {
    const poison = await send('poison');
    let receives = 0;
    await consume(async (event) => {
      receives += event.Records.length;
      return { batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })) };
    });

    const dlqUrl = aws.queues.jobs.deadLetterQueue.url;
    const dead = await waitFor(async () => {
      const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MessageSystemAttributeNames: ['All'] }));
      return Messages?.[0];
    }, 8_000, 'the message in the dead-letter queue');
    expect(dead.MessageId).toBe(poison);
    expect(dead.Body).toBe('poison');
    expect(receives).toBe(MAX_RECEIVE_COUNT);
    expect(await queueDepth(sqs, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('stops after the batch in hand is handled and deleted', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let started = false;
    const source = await startSqsEventSource({
      sqs,
      queueUrl,
      waitTimeSeconds: 20,
      handler: async () => {
        started = true;
        await released;
      },
    });
    await send('slow');
    await waitFor(() => started || undefined, 5_000, 'the handler to start');

    let stopped = false;
    const stopping = source.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await queueDepth(sqs, queueUrl)).toEqual({ visible: 0, inFlight: 0 });
  });

  it('stops at once while waiting on an empty queue: the long poll in flight is aborted, not waited out', async () => {
    const receives: Array<{ sent: Promise<unknown> }> = [];
    sqs.middlewareStack.add(
      (next, context) => (args) => {
        const sent = next(args);
        if (context.commandName === 'ReceiveMessageCommand') receives.push({ sent });
        return sent;
      },
      { step: 'initialize', name: 'watchReceives' },
    );
    const source = await startSqsEventSource({ sqs, queueUrl, waitTimeSeconds: 20, handler: async () => {} });
    const poll = await waitFor(() => receives[0], 5_000, 'the long poll');
    await source.stop();
    await expect(poll.sent).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('failedMessageIds', () => {
  const records = [{ messageId: 'a' }, { messageId: 'b' }] as SQSRecord[];

  it('reads an SQSBatchResponse as Lambda does', () => {
    expect(failedMessageIds(undefined, records, true)).toEqual(new Set());
    expect(failedMessageIds({ batchItemFailures: [] }, records, true)).toEqual(new Set());
    expect(failedMessageIds({ batchItemFailures: null } as unknown as SQSBatchResponse, records, true)).toEqual(new Set());
    expect(failedMessageIds({ batchItemFailures: [{ itemIdentifier: 'b' }] }, records, true)).toEqual(new Set(['b']));
    // An identifier that names no message of the batch (or none at all) fails the whole batch.
    expect(failedMessageIds({ batchItemFailures: [{ itemIdentifier: 'zzz' }] }, records, true)).toEqual(new Set(['a', 'b']));
    expect(failedMessageIds({ batchItemFailures: [{ itemIdentifier: '' }] }, records, true)).toEqual(new Set(['a', 'b']));
    // Without ReportBatchItemFailures the response is ignored.
    expect(failedMessageIds({ batchItemFailures: [{ itemIdentifier: 'b' }] }, records, false)).toEqual(new Set());
  });
});
