/**
 * Puts a job's message on the jobs queue, now or after a delay (SQS allows at most 15 minutes: a
 * job waiting longer for a cheaper price window hops, its worker sending it again each time).
 */
import type { SqsSender } from '../aws/sqs/sqs-sender.ts';
import { jobMessageBody } from './job-message.ts';

export type JobMessageSender = (jobId: string, delayMs?: number) => Promise<void>;

/** SQS's longest message delay. */
export const MAX_DELAY_SECONDS = 900;

export function createJobMessageSender(sqs: SqsSender, queueUrl: string): JobMessageSender {
  return async (jobId, delayMs = 0) => {
    const delaySeconds = Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(delayMs / 1000)));
    await sqs.sendMessage({ QueueUrl: queueUrl, MessageBody: jobMessageBody(jobId), DelaySeconds: delaySeconds });
  };
}
