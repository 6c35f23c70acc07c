/**
 * The gateway's side of the jobs queue: one message per job (the body job-message.ts defines,
 * the id only), sent ten to a SendMessageBatch call as SQS allows. Never throws: it answers with
 * the ids whose message SQS did not take, whether one entry failed or the whole call did.
 */
import type { SqsSender } from '../../aws/sqs/sqs-sender.ts';
import { jobMessageBody } from '../job-message.ts';

export interface JobSender {
  /** The ids whose message was not sent (empty when all were). */
  send(jobIds: readonly string[]): Promise<string[]>;
}

/** SQS takes at most ten entries per SendMessageBatch. */
const BATCH_SIZE = 10;

export function createSqsJobSender(sqs: SqsSender, queueUrl: string, onError: (error: unknown) => void = () => {}): JobSender {
  return {
    async send(jobIds) {
      const chunks: string[][] = [];
      for (let i = 0; i < jobIds.length; i += BATCH_SIZE) chunks.push(jobIds.slice(i, i + BATCH_SIZE));
      const unsent = await Promise.all(
        chunks.map(async (chunk) => {
          try {
            const { Failed = [] } = await sqs.sendMessageBatch({
              QueueUrl: queueUrl,
              // Entry ids are the positions: a job id is not guaranteed to fit SQS's entry-id rules.
              Entries: chunk.map((jobId, index) => ({ Id: String(index), MessageBody: jobMessageBody(jobId) })),
            });
            return Failed.flatMap((entry) => {
              const jobId = chunk[Number(entry.Id)];
              return jobId === undefined ? [] : [jobId];
            });
          } catch (error) {
            onError(error);
            return chunk;
          }
        }),
      );
      return unsent.flat();
    },
  };
}
