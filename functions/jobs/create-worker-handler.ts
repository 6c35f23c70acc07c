/**
 * The worker's SQS batch handler: each message of the batch through runJob, in parallel, with
 * Powertools' batch processor turning each thrown error into that message's entry in
 * `batchItemFailures` (the event source mapping's `ReportBatchItemFailures`), so only those
 * messages come back; a batch in which every message failed is answered the same way, as a
 * list, not a throw (the dead-letter queue's alarm, not the Errors alarm, says when jobs fail).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { runJob, type RunJobDeps } from './run-job.ts';

export type WorkerDeps = RunJobDeps;

export type WorkerHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

export function createWorkerHandler(deps: WorkerDeps): WorkerHandler {
  const handleRecord = (record: SQSRecord) => runJob(record, deps);
  return async (event, context) => {
    // A processor keeps the batch's results while it runs: one per batch, so batches never share one.
    const processor = new BatchProcessor(EventType.SQS);
    const { batchItemFailures } = await processPartialResponse(event, handleRecord, processor, {
      ...(context ? { context } : {}),
      throwOnFullBatchFailure: false,
    });
    return { batchItemFailures };
  };
}
