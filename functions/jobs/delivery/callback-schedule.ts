/**
 * When a job with a `callbackUrl` ends, its callback becomes due: the write that ends the job
 * (job-store.ts's completeJob or failJob, given a CallbackSchedule) also sets `callback` pending
 * and the jobs table's sparse `callbacksDue` index keys, so a job never ends without its callback
 * being findable by the sweep (callback-sweep.ts), whatever happens after that write.
 */
import type { JobCallback, JobRecord } from '../job-record.ts';

/** The one partition of the `callbacksDue` index (TABLES.jobs): few callbacks are pending at once. */
export const CALLBACK_DUE_PARTITION = 'callback#due';

/** A callback due at `dueAt` (epoch ms) for job `jobId`. */
export interface CallbackSchedule {
  jobId: string;
  dueAt: number;
}

/** The callback to schedule as the job ends, or undefined when it has no callback URL. */
export function scheduleCallback(job: Pick<JobRecord, 'id' | 'callbackUrl'>, now: number = Date.now()): CallbackSchedule | undefined {
  return job.callbackUrl ? { jobId: job.id, dueAt: now } : undefined;
}

/** The `callbacksDue` index keys of a pending callback: ordered by when it is due. */
export const callbackDueKeys = (jobId: string, dueAt: number): { gsi2pk: string; gsi2sk: string } => ({
  gsi2pk: CALLBACK_DUE_PARTITION,
  gsi2sk: `${new Date(dueAt).toISOString()}#${jobId}`,
});

/** The attributes the ending write sets: a pending callback, never attempted, and its index keys. */
export function callbackScheduleFields({ jobId, dueAt }: CallbackSchedule): { callback: JobCallback; gsi2pk: string; gsi2sk: string } {
  return { callback: { status: 'pending', attempts: 0, nextAttemptAt: dueAt }, ...callbackDueKeys(jobId, dueAt) };
}
