/**
 * The worker's SQS batch handler: each message of the batch through runJob, in parallel, with
 * Powertools' batch processor turning each thrown error into that message's entry in
 * `batchItemFailures` (the event source mapping's `ReportBatchItemFailures`), so only those
 * messages come back; a batch in which every message failed is answered the same way, as a
 * list, not a throw (the dead-letter queue's alarm, not the Errors alarm, says when jobs fail).
 * Each message publishes `Jobs` (Count) and `JobLatency` (Milliseconds) by `outcome`: runJob's,
 * or `retried` for a failure that brings the message back (`failed` on its last receive).
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createMetrics, METRICS_SERVICES, MetricUnit, type MetricsPublisher } from '../observability/metrics.ts';
import { runJob, type RunJobDeps, type RunJobOutcome } from './run-job.ts';

export interface WorkerDeps extends RunJobDeps {
  /** Where job metrics go; by default EMF through Powertools, on in Lambda only. */
  metrics?: MetricsPublisher;
  /** Writes the health samples the batch's calls recorded; never rejects. */
  flushHealth?: () => Promise<void>;
  /** Settles once prices and health are loaded (the first batch of a cold start waits for it). */
  ready?: () => Promise<void>;
}

export type JobMetricOutcome = RunJobOutcome | 'retried';

export type WorkerHandler = (event: SQSEvent, context?: Context) => Promise<SQSBatchResponse>;

class JobStillRunning extends Error {
  override name = 'JobStillRunning';
}

export function createWorkerHandler(deps: WorkerDeps): WorkerHandler {
  const metrics = deps.metrics ?? createMetrics({ service: METRICS_SERVICES.worker, logger: deps.logger });
  const publish = (outcome: JobMetricOutcome, startedAt: number) =>
    metrics.publish((emf) => {
      emf.addDimensions({ outcome });
      emf.addMetric('Jobs', MetricUnit.Count, 1);
      emf.addMetric('JobLatency', MetricUnit.Milliseconds, Math.round(performance.now() - startedAt));
    });
  const handleRecord = async (record: SQSRecord, context?: Context) => {
    const startedAt = performance.now();
    try {
      const outcome = await runJob(record, deps, context?.getRemainingTimeInMillis());
      publish(outcome, startedAt);
      // Another delivery holds the job: this message comes back after the visibility timeout, by
      // when that one has ended it (and this is a no-op) or died (and this one takes it over).
      if (outcome === 'held' || outcome === 'lease-lost') throw new JobStillRunning(record.messageId);
      return outcome;
    } catch (error) {
      if (error instanceof JobStillRunning) throw error;
      const lastReceive = (Number(record.attributes.ApproximateReceiveCount) || 1) >= deps.maxReceiveCount;
      publish(lastReceive ? 'failed' : 'retried', startedAt);
      throw error;
    }
  };
  return async (event, context) => {
    await deps.ready?.();
    // A processor keeps the batch's results while it runs: one per batch, so batches never share one.
    const processor = new BatchProcessor(EventType.SQS);
    const { batchItemFailures } = await processPartialResponse(event, handleRecord, processor, {
      ...(context ? { context } : {}),
      throwOnFullBatchFailure: false,
    });
    // Once per batch, after its calls: the jobs' calls count in the health matrix too.
    await deps.flushHealth?.();
    return { batchItemFailures };
  };
}
