/**
 * Accepting jobs: bind the idempotency key (if any), write the job records, then put one message
 * per job on the queue. The record is the source of truth and the message only its id, so the
 * order matters: a message never names a job that is not there.
 *
 * Whoever writes a job's record sends its message. A retry with the same key writes the records
 * the first submission has not (yet) written, under the same ids (a conditional put: one writer
 * per job), and sends again the messages of its jobs no worker has touched (still queued, never
 * attempted): the first submission may have died between writing and sending. A message twice is
 * harmless: the worker's claim is conditional, a second delivery finds the job running or ended.
 *
 * When the queue refuses a message, the job it named is marked failed (`enqueue_failed`, a
 * conditional write: a worker that got the message anyway and took the job keeps it) rather than
 * left queued with nothing to run it, and so is every job whose record was written if a later
 * write failed. Chosen over a sweeper that would re-send queued jobs: nothing else has to run for
 * an accepted job to be either on the queue or visibly failed. When no job of the call was
 * accepted, the answer is a 503 and the idempotency key is released, so a retry starts afresh;
 * otherwise a 202 in which the failed jobs say why.
 */
import type { ObjectClient } from '../../aws/s3/s3-client.ts';
import type { GatewayLogger } from '../../observability/logger.ts';
import { CallError } from '../../core/call-error.ts';
import { newJobRecord, type JobError, type JobRecord } from '../job-record.ts';
import { JobExistsError, type JobStore } from '../job-store.ts';
import { sha256, type IdempotencyStore } from './idempotency-store.ts';
import { newJobId } from './job-id.ts';
import type { JobSender } from './job-sender.ts';
import type { JobSubmission } from './parse-job-submission.ts';

export interface JobsBackend {
  store: JobStore;
  idempotency: IdempotencyStore;
  sender: JobSender;
  /** Where results too large for a job record are read from (delivery/result-storage.ts); absent without the results bucket. */
  results?: ObjectClient;
  /** Whether callbacks can be signed (SWITCHYARD_CALLBACK_SECRET is set): without it a `callback_url` is refused. */
  signsCallbacks: boolean;
}

export interface SubmitJobs {
  owner: string;
  entries: readonly JobSubmission[];
  /** The body as parsed, for the idempotency key's body hash. */
  canonical: string;
  idempotencyKey?: string | undefined;
  /** When it was submitted (epoch ms), the time its deadline was read against; now by default. */
  submittedAt?: number;
}

export interface SubmittedJobs {
  jobs: JobRecord[];
  /** The key was bound already: these are the first submission's jobs. */
  replayed: boolean;
}

export const ENQUEUE_FAILED: JobError = {
  status: 503,
  code: 'enqueue_failed',
  message: 'The job was not put on the jobs queue, so it will not run. Submit it again.',
};

/** Record writes in flight at once, for a batch of up to 1,000. */
const WRITE_CONCURRENCY = 25;

export async function submitJobs(backend: JobsBackend, logger: GatewayLogger, submission: SubmitJobs, now = Date.now): Promise<SubmittedJobs> {
  const { store, idempotency, sender } = backend;
  const { owner, entries, idempotencyKey } = submission;
  let ids = entries.map(() => newJobId());
  let claimId: string | undefined;
  let replayed = false;
  if (idempotencyKey !== undefined) {
    const bodyHash = sha256(submission.canonical);
    const claim = await idempotency.claim(owner, idempotencyKey, bodyHash, ids);
    if (claim.bound) claimId = claim.claimId;
    else {
      if (claim.binding.bodyHash !== bodyHash || claim.binding.jobIds.length !== entries.length) {
        throw new CallError({
          status: 409,
          kind: 'invalid_request',
          fault: 'caller',
          code: 'idempotency_key_reused',
          param: 'Idempotency-Key',
          message: 'This Idempotency-Key was used in the last 24 hours with a different request body. Use a new key for a new submission.',
        });
      }
      ids = claim.binding.jobIds;
      claimId = claim.binding.claimId;
      replayed = true;
    }
  }

  const at = new Date(submission.submittedAt ?? now());
  const records = entries.map((entry, index) => newJobRecord({ id: ids[index]!, owner, now: at, ...entry }));
  const written = await mapSettled(records, WRITE_CONCURRENCY, async (record) => {
    try {
      await store.createJob(record);
      return { job: record, created: true };
    } catch (error) {
      if (!(error instanceof JobExistsError)) throw error;
      // Written by the first submission with this key (ids are random: nothing else takes one).
      const job = await store.getJob(record.id);
      if (!job || job.owner !== owner) throw error;
      return { job, created: false };
    }
  });
  const created = written.flatMap((result) => (result.status === 'fulfilled' && result.value.created ? [result.value.job] : []));
  const writeFailure = written.find((result) => result.status === 'rejected');
  if (writeFailure) {
    logger.error('jobs: a job record could not be written; the jobs written in this call are marked failed', { owner, jobs: ids.length, error: writeFailure.reason as Error });
    await failUnsent(store, logger, created.map((job) => job.id));
    // The key is released when no other submission wrote any of its jobs: none of them is left to run.
    if (claimId !== undefined && countExisting(written) === 0) await releaseQuietly(idempotency, logger, owner, idempotencyKey!, claimId);
    throw unavailable('The jobs table did not take the jobs: nothing was accepted. Retry.');
  }

  const jobs = written.map((result) => (result as PromiseFulfilledResult<{ job: JobRecord; created: boolean }>).value.job);
  const resend = replayed ? jobs.filter((job, index) => !isCreated(written[index]!) && untouched(job)) : [];
  const unsent = new Set(await sender.send([...created, ...resend].map((job) => job.id)));
  if (unsent.size > 0) logger.error('jobs: the queue did not take some messages; those jobs are marked failed', { owner, unsent: unsent.size, of: created.length + resend.length });

  // Only the jobs this call wrote are failed for it: a re-sent job's first message may have gone.
  const failedNow = new Set(await failUnsent(store, logger, created.filter((job) => unsent.has(job.id)).map((job) => job.id)));
  const answer = await Promise.all(
    jobs.map(async (job) => {
      if (failedNow.has(job.id)) return { ...job, status: 'failed' as const, error: ENQUEUE_FAILED, updatedAt: new Date(now()).toISOString() };
      // Its message may have gone after all, and a worker taken the job: answer it as it is.
      if (unsent.has(job.id)) return (await store.getJob(job.id)) ?? job;
      return job;
    }),
  );
  const accepted = answer.filter((job) => !failedNow.has(job.id));
  if (accepted.length === 0) {
    if (claimId !== undefined) await releaseQuietly(idempotency, logger, owner, idempotencyKey!, claimId);
    throw unavailable('The jobs queue did not take the jobs: nothing was accepted. Retry.');
  }
  return { jobs: answer, replayed };
}

type Written = PromiseSettledResult<{ job: JobRecord; created: boolean }>;

const isCreated = (result: Written) => result.status === 'fulfilled' && result.value.created;
const countExisting = (written: Written[]) => written.filter((result) => result.status === 'fulfilled' && !result.value.created).length;

/** Queued and never attempted, path undecided: no worker has seen its message, if it was ever sent. */
const untouched = (job: JobRecord) => job.status === 'queued' && job.attempts === 0 && job.path === undefined && job.notBefore === undefined;

/** Marks the jobs failed (enqueue_failed) where they are still queued; the ids it failed. */
async function failUnsent(store: JobStore, logger: GatewayLogger, ids: readonly string[]): Promise<string[]> {
  const results = await mapSettled(ids, WRITE_CONCURRENCY, (id) => store.failJob(id, ENQUEUE_FAILED));
  return ids.filter((id, index) => {
    const result = results[index]!;
    if (result.status === 'rejected') logger.error('jobs: could not mark an unsent job failed; it stays queued with no message', { jobId: id, error: result.reason as Error });
    return result.status === 'fulfilled' && result.value;
  });
}

async function releaseQuietly(idempotency: IdempotencyStore, logger: GatewayLogger, owner: string, key: string, claimId: string): Promise<void> {
  await idempotency.release(owner, key, claimId).catch((error: unknown) => logger.error('jobs: could not release an idempotency key', { owner, error: error as Error }));
}

const unavailable = (message: string) => new CallError({ status: 503, kind: 'unavailable', fault: 'gateway', code: 'jobs_unavailable', message, headers: { 'retry-after': '1' } });

/** Like Promise.allSettled over `items.map(run)`, with at most `limit` runs in flight. */
async function mapSettled<T, R>(items: readonly T[], limit: number, run: (item: T) => Promise<R>): Promise<Array<PromiseSettledResult<R>>> {
  const results: Array<PromiseSettledResult<R>> = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await run(items[index]!) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
