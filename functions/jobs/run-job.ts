/**
 * One jobs-queue message through the worker: the job it names is run as a standard synchronous
 * chat call and its outcome stored, at most once whatever the deliveries:
 *
 * - no such job, or it has ended (succeeded, failed, cancelled, expired): nothing to do;
 * - the claim fails (another delivery holds a live lease): the message comes back later (see
 *   create-worker-handler.ts), by when that delivery has ended the job or died;
 * - the call succeeds: the completion is stored under this delivery's lease;
 * - a permanent failure (a 4xx but 408/429): the job fails with the reason, the message is done;
 * - anything else throws, so the message comes back after the visibility timeout; on the last
 *   receive the queue allows, the job is first marked failed, so it does not sit `running` while
 *   its message lies in the dead-letter queue.
 *
 * The lease must end before the message can come back (the queue's visibility timeout), so that
 * the next delivery may take a job whose worker was lost; the call is aborted before the lease ends.
 */
import type { SQSRecord } from 'aws-lambda';
import type { ChatService } from '../chat/chat-service.ts';
import { GatewayError } from '../http/gateway-error.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import { isPermanentFailure, toJobError } from './job-error.ts';
import { parseJobMessage } from './job-message.ts';
import { isTerminal, type JobError } from './job-record.ts';
import type { JobStore } from './job-store.ts';

export interface RunJobDeps {
  store: JobStore;
  chats: Pick<ChatService, 'complete'>;
  logger: GatewayLogger;
  /** How long a claim holds a job; shorter than the queue's visibility timeout. */
  leaseMs: number;
  /** The queue's maxReceiveCount: a retryable failure on this receive is the job's last. */
  maxReceiveCount: number;
  /** Scrubs keys from a failure's message before it is stored. */
  redact?: (text: string) => string;
}

export type RunJobOutcome =
  /** The body is not a job message: no delivery could run it. */
  | 'discarded'
  | 'missing'
  /** The job had ended: a duplicate or late delivery. */
  | 'already-ended'
  /** Another delivery holds the job. */
  | 'held'
  | 'succeeded'
  | 'failed'
  /** The answer came after another delivery took the job over: that one stores its own. */
  | 'lease-lost';

const RESULT_TOO_LARGE: JobError = {
  status: 500,
  code: 'result_too_large',
  message: 'The answer is larger than a job record can hold (400 KB); send the request to /v1/chat/completions instead.',
};

/** DynamoDB refuses an item over 400 KB with a ValidationException naming the item size. */
const isItemTooLarge = (error: unknown): boolean =>
  (error as Error | undefined)?.name === 'ValidationException' && /item size/i.test((error as Error).message);

/** Room left between the call's deadline and the end of the lease, to store the answer. */
const STORE_MARGIN_MS = 5_000;

/**
 * `remainingMs` is how long the invocation may still run (Lambda's `getRemainingTimeInMillis`):
 * the call is aborted in time to store its outcome before the lease or the invocation ends.
 */
export async function runJob(record: SQSRecord, deps: RunJobDeps, remainingMs = Number.POSITIVE_INFINITY): Promise<RunJobOutcome> {
  const { store, chats, logger, leaseMs, maxReceiveCount } = deps;
  const redact = deps.redact ?? ((text: string) => text);
  const message = parseJobMessage(record.body);
  const receiveCount = Number(record.attributes.ApproximateReceiveCount) || 1;
  const context = { messageId: record.messageId, receiveCount };
  if (!message) {
    logger.error('jobs queue: a message that names no job, dropped', context);
    return 'discarded';
  }
  const { jobId } = message;
  const fields = { ...context, jobId };

  const deadline = new AbortController();
  let leaseId: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    // Claim first: one conditional write on the usual path; the job is read only to say why not.
    const claimed = await store.claimJob(jobId, leaseMs);
    if (!claimed?.leaseId) {
      const job = await store.getJob(jobId);
      if (!job) {
        logger.warn('job not found (or expired): message dropped', fields);
        return 'missing';
      }
      if (isTerminal(job.status)) {
        logger.info('job already ended: duplicate delivery ignored', { ...fields, status: job.status });
        return 'already-ended';
      }
      logger.info('job held by another delivery: this message comes back later', fields);
      return 'held';
    }
    leaseId = claimed.leaseId;
    const budget = Math.min(leaseMs, remainingMs);
    timer = setTimeout(() => deadline.abort(new Error('the job lease is ending')), Math.max(budget - Math.min(STORE_MARGIN_MS, budget / 5), 1));

    const startedAt = performance.now();
    const { completion, served, usage } = await chats.complete(claimed.request, { signal: deadline.signal });
    clearTimeout(timer);
    let stored: boolean;
    try {
      stored = await store.completeJob(jobId, leaseId, { result: completion, served, usage, path: 'standard' });
    } catch (error) {
      if (!isItemTooLarge(error)) throw error;
      // Asking the provider again would only buy the same answer, and it would not fit either.
      await store.failJob(jobId, RESULT_TOO_LARGE, { leaseId });
      logger.error('job answer too large to store: job failed', { ...fields, ...served });
      return 'failed';
    }
    if (!stored) {
      logger.warn('job answered after its lease was taken over: answer not stored', { ...fields, ...served });
      return 'lease-lost';
    }
    logger.info('job succeeded', {
      ...fields,
      ...served,
      attempts: claimed.attempts,
      latencyMs: Math.round(performance.now() - startedAt),
      ...(usage ? { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens } : {}),
    });
    return 'succeeded';
  } catch (error) {
    clearTimeout(timer);
    const reason = toJobError(error, deadline.signal, redact);
    if (leaseId && isPermanentFailure(error, deadline.signal)) {
      const failed = await store.failJob(jobId, reason, { leaseId });
      logger.info(failed ? 'job failed' : 'job failed, but its lease was taken over first', { ...fields, ...describe(error, reason) });
      return failed ? 'failed' : 'lease-lost';
    }
    if (receiveCount >= maxReceiveCount) {
      // The last receive: the message goes to the dead-letter queue next, so the job fails visibly now.
      await store
        .failJob(jobId, reason, leaseId ? { leaseId } : {})
        .catch((failError: unknown) => logger.error('could not mark a job failed on its last receive', { ...fields, error: failError as Error }));
      logger.error('job failed on its last receive: message goes to the dead-letter queue', { ...fields, ...describe(error, reason) });
    } else {
      logger.warn('job failed, will be retried', { ...fields, ...describe(error, reason) });
    }
    throw error;
  }
}

/** A failure for the log: the gateway's own (scrubbed) reason, or the error itself when it is not one. */
const describe = (error: unknown, reason: JobError) =>
  error instanceof GatewayError
    ? { errorStatus: reason.status, errorCode: reason.code, errorMessage: reason.message }
    : { errorStatus: reason.status, errorCode: reason.code, error: error as Error };
