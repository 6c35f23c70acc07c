/** The gateway's job messages on the embedded SQS: ten per SendMessageBatch, each body the job's id only. */
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSqsClient } from '../../../functions/aws/sqs-client.ts';
import { createSqsSender, type SqsSender } from '../../../functions/aws/sqs/sqs-sender.ts';
import { createSqsJobSender } from '../../../functions/jobs/api/job-sender.ts';
import { parseJobMessage } from '../../../functions/jobs/job-message.ts';
import { startEmbeddedAws, type EmbeddedAws } from '../../../functions/local/embedded-aws.ts';

let aws: EmbeddedAws;
let sqs: SQSClient;
let sender: SqsSender;

beforeAll(async () => {
  aws = await startEmbeddedAws();
  sqs = createSqsClient(aws.env);
  sender = createSqsSender(aws.env);
});
afterAll(async () => {
  sqs?.destroy();
  sender?.destroy();
  await aws?.close();
});

describe('createSqsJobSender', () => {
  it('sends one message per job, in batches of ten, and reports none unsent', async () => {
    const ids = Array.from({ length: 23 }, (_, i) => `job_${i}`);
    expect(await createSqsJobSender(sender, aws.env.JOBS_QUEUE_URL!).send(ids)).toEqual([]);
    const received: string[] = [];
    for (let round = 0; round < 20 && received.length < ids.length; round++) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: aws.env.JOBS_QUEUE_URL, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      received.push(...Messages.map((message) => parseJobMessage(message.Body ?? '')?.jobId ?? 'not a job message'));
    }
    expect(received.sort()).toEqual([...ids].sort());
  });

  it('reports every id of a call SQS refused as unsent, without throwing', async () => {
    const errors: unknown[] = [];
    const jobs = createSqsJobSender(sender, `${aws.env.JOBS_QUEUE_URL!}-missing`, (error) => errors.push(error));
    expect(await jobs.send(['job_a', 'job_b'])).toEqual(['job_a', 'job_b']);
    expect(errors).toMatchObject([{ name: 'QueueDoesNotExist' }]);
  });
});
