/**
 * The asynchronous jobs API: POST /v1/jobs (one job or a batch), GET /v1/jobs (the caller's jobs,
 * paginated), GET /v1/jobs/{id}, DELETE /v1/jobs/{id} (cancel). A job belongs to the key that
 * created it (its SHA-256 digest; `open` on a gateway without keys): another key's job is a 404,
 * as if it did not exist, so ids reveal nothing. A job for a model the key's policy does not allow
 * is refused at submission (403), as the chat route refuses it; a list of jobs is refused whole.
 * See submit-jobs.ts for how jobs are accepted.
 */
import { readJobResult, ResultUnavailableError } from '../../jobs/delivery/result-storage.ts';
import { JOB_STATUSES_FOR_API, toJobObject } from '../../jobs/api/job-view.ts';
import type { JobRecord } from '../../jobs/job-record.ts';
import { isJobId } from '../../jobs/api/job-id.ts';
import { parseJobSubmission } from '../../jobs/api/parse-job-submission.ts';
import { submitJobs, type JobsBackend } from '../../jobs/api/submit-jobs.ts';
import { openJob } from '../../jobs/job-endpoints.ts';
import type { JobStatus } from '../../jobs/job-record.ts';
import { InvalidCursorError, MAX_LIST_LIMIT } from '../../jobs/job-store.ts';
import type { GatewayLogger } from '../../observability/logger.ts';
import { ownerOf, type Caller } from '../../routing/caller.ts';
import type { Call } from '../../core/call.ts';
import { CallError, invalidRequest } from '../../core/call-error.ts';
import type { HttpRequest, HttpResponse } from '../http-types.ts';
import { jsonResponse } from '../json-response.ts';
import { parseListLimit } from '../list-limit.ts';
import { formatPath } from '../validation-issue.ts';
import type { RouteContext } from './route-context.ts';

export interface JobRoutesDeps {
  /** Absent when the gateway runs without the jobs table and queue: every jobs route is then a 503. */
  backend: JobsBackend | undefined;
  /** The router's verdict on a job's model for its caller (Router.admit): throws the 403 of a model the key may not use. */
  admit: (call: Call, caller: Caller, param: string) => void;
  logger: GatewayLogger;
  /** Callbacks to loopback (127.0.0.1, localhost, [::1]), over http too: development and tests only. */
  allowLoopbackCallbacks: boolean;
  now?: () => number;
}

const IDEMPOTENCY_KEY = /^[\x20-\x7e]{1,255}$/;

export function createJobRoutes(deps: JobRoutesDeps) {
  const now = deps.now ?? Date.now;
  const backendOf = (): JobsBackend => {
    if (deps.backend) return deps.backend;
    throw new CallError({
      status: 503,
      kind: 'unavailable',
      fault: 'gateway',
      code: 'jobs_unavailable',
      message: 'Jobs need the jobs table and queue, and this gateway runs without them (JOBS_TABLE_NAME and JOBS_QUEUE_URL).',
    });
  };
  /** The caller's job, or the 404 that another key's job gets too. */
  const jobNotFound = (id: string) =>
    new CallError({ status: 404, kind: 'not_found', fault: 'caller', code: 'job_not_found', message: `No job with the id '${id}' was found for this API key.` });

  return {
    async submit(request: HttpRequest, route: RouteContext): Promise<HttpResponse> {
      const backend = backendOf();
      const key = request.headers['idempotency-key'];
      if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
        throw invalidRequest('Invalid Idempotency-Key: 1 to 255 printable ASCII characters.', 'Idempotency-Key', 'invalid_value');
      }
      // One reading of the clock: a deadline given in seconds from now is that many after the job's creation.
      const submittedAt = now();
      const submission = parseJobSubmission(request.body, { now: submittedAt, allowLoopbackCallbacks: deps.allowLoopbackCallbacks, signsCallbacks: backend.signsCallbacks });
      submission.entries.forEach((entry, index) =>
        deps.admit(openJob(entry).call, route.caller, formatPath(submission.batch ? ['requests', index, 'model'] : ['model'])),
      );
      const { jobs, replayed } = await submitJobs(
        backend,
        deps.logger,
        { owner: ownerOf(route.caller), entries: submission.entries, canonical: submission.canonical, idempotencyKey: key, submittedAt },
        now,
      );
      const headers: Record<string, string> = replayed ? { 'idempotent-replayed': 'true' } : {};
      if (submission.batch) return jsonResponse(202, { object: 'list', data: jobs.map(toJobObject) }, headers);
      const [job] = jobs;
      return jsonResponse(202, toJobObject(job!), { ...headers, location: `/v1/jobs/${job!.id}` });
    },

    async list(request: HttpRequest, route: RouteContext): Promise<HttpResponse> {
      const backend = backendOf();
      const query = new URLSearchParams(request.query ?? '');
      const limit = parseListLimit(query.get('limit'), MAX_LIST_LIMIT);
      const status = parseStatus(query.get('status'));
      const after = query.get('after') ?? undefined;
      try {
        const page = await backend.store.listJobs(ownerOf(route.caller), { limit, after, status });
        const data = page.jobs.map(toJobObject);
        return jsonResponse(200, {
          object: 'list',
          data,
          first_id: data[0]?.id ?? null,
          last_id: data[data.length - 1]?.id ?? null,
          has_more: page.next !== undefined,
          ...(page.next !== undefined ? { next_cursor: page.next } : {}),
        });
      } catch (error) {
        if (error instanceof InvalidCursorError) throw invalidRequest(`Invalid value for 'after': pass the next_cursor of the page before.`, 'after', 'invalid_cursor');
        throw error;
      }
    },

    async retrieve(_request: HttpRequest, route: RouteContext, id: string): Promise<HttpResponse> {
      const backend = backendOf();
      const job = isJobId(id) ? await backend.store.getJob(id) : undefined;
      if (!job || job.owner !== ownerOf(route.caller)) throw jobNotFound(id);
      return jsonResponse(200, toJobObject(await withStoredResult(job, backend)));
    },

    async cancel(_request: HttpRequest, route: RouteContext, id: string): Promise<HttpResponse> {
      const backend = backendOf();
      const cancelled = isJobId(id) ? await backend.store.cancelJob(id, ownerOf(route.caller)) : ({ outcome: 'missing' } as const);
      if (cancelled.outcome === 'missing') throw jobNotFound(id);
      if (cancelled.outcome === 'ended') {
        throw new CallError({
          status: 409,
          kind: 'invalid_request',
          fault: 'caller',
          code: 'job_already_ended',
          message: `The job '${id}' has already ended (${cancelled.job.status}): there is nothing to cancel.`,
        });
      }
      return jsonResponse(200, toJobObject(cancelled.job));
    },
  };
}

function parseStatus(raw: string | null): JobStatus | undefined {
  if (raw === null) return undefined;
  const status = JOB_STATUSES_FOR_API.find((known) => known === raw);
  if (!status) throw invalidRequest(`Invalid value for 'status': one of ${JOB_STATUSES_FOR_API.join(', ')}, not ${JSON.stringify(raw)}.`, 'status', 'invalid_value');
  return status;
}

/**
 * A succeeded job whose completion was too large for its record, with the completion read from the
 * results bucket (one job at a time: lists show inline results only). A result that is gone or
 * damaged is said so in `error`, not as a failure of the request.
 */
async function withStoredResult(job: JobRecord, backend: JobsBackend): Promise<JobRecord> {
  if (job.status !== 'succeeded' || job.result || !job.resultRef) return job;
  const unavailable = (message: string): JobRecord => ({ ...job, error: { status: 410, code: 'result_unavailable', message } });
  if (!backend.results) return unavailable('The result is stored in the results bucket, which this gateway cannot read (RESULTS_BUCKET_NAME).');
  try {
    const result = await readJobResult(job, backend.results);
    return result ? { ...job, result } : job;
  } catch (error) {
    if (error instanceof ResultUnavailableError) return unavailable(error.message);
    throw error;
  }
}
