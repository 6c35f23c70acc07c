/**
 * A job's call as serve-call sees a request: the job's id for the request's, and the key that
 * submitted it as the caller, its policy as it is now. The worker logs each job's outcome itself,
 * so what a route tells the request log has nowhere to go.
 */
import type { RouteContext } from '../http/routes/route-context.ts';
import type { Caller } from '../routing/caller.ts';
import type { JobRecord } from './job-record.ts';

export const jobRouteContext = (job: Pick<JobRecord, 'id'>, caller: Caller): RouteContext => ({
  requestId: job.id,
  caller,
  annotate() {},
  finish() {},
});
