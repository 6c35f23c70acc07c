/**
 * The jobs dead-letter queue's consumer. A message lands there after the queue's
 * `maxReceiveCount` receives; runJob marks its job failed on the last receive, but a worker that
 * died (timeout, crash, out of memory) on that receive could not, and the job would sit `running`
 * for ever. Each dead letter's job is failed here, unless it has ended (then its own, more exact
 * reason stands), with a conditional write without a lease: only a queued job, or a running one
 * whose lease has lapsed (its worker is gone). A job held by a live lease is left to its holder,
 * and the message comes back to look again; a job in a provider batch is the poller's.
 *
 * Why a Lambda on the dead-letter queue rather than the poller draining it each minute: a dead
 * job is failed (and its callback made due) within seconds, the consumer needs none of the
 * poller's rights, and a message it cannot handle stays on the queue, where the DLQ's age alarm
 * sees it (observability.ts). `npm start` feeds the same handler from the local DLQ.
 */
import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { createMetrics, METRICS_SERVICES, MetricUnit, type MetricsPublisher } from '../../observability/metrics.ts';
import type { GatewayLogger } from '../../observability/logger.ts';
import { parseJobMessage } from '../job-message.ts';
import { isTerminal, type JobError } from '../job-record.ts';
import type { JobStore } from '../job-store.ts';
import { scheduleCallback } from './callback-schedule.ts';

export interface DeadLetterDeps {
  store: JobStore;
  logger: GatewayLogger;
  /** The jobs queue's maxReceiveCount, for the reason. */
  maxReceiveCount: number;
  metrics?: MetricsPublisher;
  now?: () => number;
}

export type DeadLetterOutcome = 'discarded' | 'missing' | 'already-ended' | 'in-batch' | 'failed';

export const deadLetterError = (maxReceiveCount: number): JobError => ({
  status: 500,
  code: 'worker_failed',
  message: `The worker failed on every one of its ${maxReceiveCount} receives.`,
});

/** A job a live worker still holds: the message comes back after the DLQ's visibility timeout. */
class JobStillHeld extends Error {
  override name = 'JobStillHeld';
}

export async function handleDeadLetter(record: SQSRecord, deps: DeadLetterDeps): Promise<DeadLetterOutcome> {
  const now = deps.now ?? Date.now;
  const message = parseJobMessage(record.body);
  const fields = { messageId: record.messageId, ...(message ? { jobId: message.jobId } : {}) };
  if (!message) {
    deps.logger.error('jobs dead-letter queue: a message that names no job, dropped', fields);
    return 'discarded';
  }
  const job = await deps.store.getJob(message.jobId);
  if (!job) return 'missing';
  if (isTerminal(job.status)) return 'already-ended';
  if (job.status === 'submitted') return 'in-batch';
  const reason = deadLetterError(deps.maxReceiveCount);
  const callback = scheduleCallback(job, now());
  if (await deps.store.failJob(job.id, reason, callback ? { callback } : {})) {
    deps.logger.error('job failed: its message reached the dead-letter queue', { ...fields, attempts: job.attempts });
    return 'failed';
  }
  // The write lost to another: the job ended meanwhile (done), or a live lease holds it (look again later).
  const after = await deps.store.getJob(job.id);
  if (!after || isTerminal(after.status)) return after ? 'already-ended' : 'missing';
  if (after.status === 'submitted') return 'in-batch';
  throw new JobStillHeld(`job ${job.id} is held by a live lease`);
}

export type DeadLetterHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/** The batch handler: each message through handleDeadLetter; those that threw are reported, the rest deleted. */
export function createDeadLetterHandler(deps: DeadLetterDeps): DeadLetterHandler {
  const metrics = deps.metrics ?? createMetrics({ service: METRICS_SERVICES.deadLetters, logger: deps.logger });
  return async ({ Records }) => {
    const batchItemFailures: SQSBatchItemFailure[] = [];
    await Promise.all(
      Records.map(async (record) => {
        let outcome: DeadLetterOutcome | 'retried';
        try {
          outcome = await handleDeadLetter(record, deps);
        } catch (error) {
          outcome = 'retried';
          batchItemFailures.push({ itemIdentifier: record.messageId });
          if (!(error instanceof JobStillHeld)) deps.logger.error('jobs dead-letter queue: message not handled, it comes back', { messageId: record.messageId, error: error as Error });
        }
        metrics.publish((emf) => {
          emf.addDimensions({ outcome });
          emf.addMetric('DeadLetters', MetricUnit.Count, 1);
        });
      }),
    );
    return { batchItemFailures };
  };
}
