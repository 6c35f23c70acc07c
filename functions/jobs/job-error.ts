/**
 * What a failure means for a job: permanent (the same request would fail the same way: the job
 * fails now) or retryable (the message comes back after the visibility timeout), and the reason
 * the job record keeps, in the gateway's terms and scrubbed of keys.
 */
import { CallError } from '../core/call-error.ts';
import type { JobError } from './job-record.ts';

/** 4xx statuses that say "later" rather than "never": timeout, rate limit, a cut connection. */
const RETRYABLE_CLIENT_STATUSES = new Set([408, 429, 499]);

/**
 * A 4xx from the gateway's own checks or the provider (bad request, unknown model, provider not
 * configured, refused key) will not change on a retry. Anything else may: 5xx, timeouts, rate
 * limits, DynamoDB or network trouble, and every failure after the job's own deadline passed.
 */
export function isPermanentFailure(error: unknown, deadline: AbortSignal): boolean {
  if (deadline.aborted || !(error instanceof CallError)) return false;
  return error.status >= 400 && error.status < 500 && !RETRYABLE_CLIENT_STATUSES.has(error.status);
}

export function toJobError(error: unknown, deadline: AbortSignal, redact: (text: string) => string): JobError {
  if (deadline.aborted) return { status: 504, code: 'job_timeout', message: 'The job did not finish within the time a worker holds it.' };
  if (error instanceof CallError) {
    const { status, code, message } = error.redacted(redact);
    return { status, code, message };
  }
  // Not an answer the gateway chose: a bug or an AWS failure, whose text is for the logs only.
  return { status: 500, code: 'internal_error', message: 'The worker failed to run the job.' };
}
