/**
 * Waits until each job is where the poller finds it: its record says `batch` (queued), and its
 * target is among those the poller lists. The worker marks the job before it lists the target
 * (job-path-store.ts `toBatch`), so a test that ran the poller on the job's record alone could run
 * it between the two writes and find nothing to submit.
 */
import type { JobPathStore } from '../../functions/jobs/job-path-store.ts';
import type { JobRecord } from '../../functions/jobs/job-record.ts';
import type { JobStore } from '../../functions/jobs/job-store.ts';
import { waitFor } from '../local/local-test-helpers.ts';

export const waitUntilBatched = (store: JobStore, paths: JobPathStore, jobs: readonly JobRecord[], what: string): Promise<JobRecord[]> =>
  waitFor(async () => {
    const current = await Promise.all(jobs.map((job) => store.getJob(job.id)));
    if (!current.every((job) => job?.status === 'queued' && job.path === 'batch')) return undefined;
    const listed = new Set((await paths.pendingTargets()).map((target) => target.targetId));
    return current.every((job) => job!.targetId !== undefined && listed.has(job!.targetId)) ? (current as JobRecord[]) : undefined;
  }, 10_000, what);
