/**
 * A job record as the API shows it: snake_case, times as Unix seconds like OpenAI's objects, and
 * nothing of the worker's bookkeeping (leases, attempts, the owner, the request itself).
 */
import { DEFAULT_JOB_ENDPOINT, type JobEndpointPath, type JobResult } from '../job-endpoints.ts';
import { isTerminal, type JobError, type JobPath, type JobRecord, type JobStatus } from '../job-record.ts';

export interface JobObject {
  id: string;
  object: 'job';
  status: JobStatus;
  created_at: number;
  deadline_at: number;
  completed_at?: number;
  /** The API the request is written in and the result answers in. */
  endpoint: JobEndpointPath;
  model: string;
  metadata?: Record<string, string>;
  callback_url?: string;
  path?: JobPath;
  cost_usd?: number;
  result?: JobResult;
  error?: JobError;
}

/** Every status a job can have, for the list's `status` filter. */
export const JOB_STATUSES_FOR_API: readonly JobStatus[] = ['queued', 'submitted', 'running', 'succeeded', 'failed', 'cancelled', 'expired'];

const seconds = (ms: number) => Math.floor(ms / 1000);

export function toJobObject(job: JobRecord): JobObject {
  // A job that ended before completedAt existed on every path (a failure) ended at its last update.
  const completedAt = job.completedAt ?? (isTerminal(job.status) ? job.updatedAt : undefined);
  return {
    id: job.id,
    object: 'job',
    status: job.status,
    created_at: seconds(Date.parse(job.createdAt)),
    deadline_at: seconds(job.deadlineAt),
    ...(completedAt ? { completed_at: seconds(Date.parse(completedAt)) } : {}),
    endpoint: job.endpoint ?? DEFAULT_JOB_ENDPOINT,
    model: job.request.model,
    ...(job.metadata ? { metadata: job.metadata } : {}),
    ...(job.callbackUrl ? { callback_url: job.callbackUrl } : {}),
    ...(job.path ? { path: job.path } : {}),
    ...(job.costUsd !== undefined ? { cost_usd: job.costUsd } : {}),
    ...(job.status === 'succeeded' && job.result ? { result: job.result } : {}),
    ...(job.error ? { error: job.error } : {}),
  };
}
