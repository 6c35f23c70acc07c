/**
 * One run of the batch poller (every minute, on a schedule; on a timer under `npm start`):
 *
 * 1. Submits each target's waiting jobs as one provider batch once the oldest has waited the
 *    accumulation window (or enough have gathered); a job whose deadline no longer leaves time for
 *    a batch goes back to the standard path first. A provider that refuses the submission for want
 *    of a batch API (404, 405, 501) is recorded as refusing the path, so that workers stop choosing
 *    it (turnaround/path-refusal.ts), and the jobs take the standard path at once. The refusal
 *    covers what the refused URL named: the whole provider for a provider-wide endpoint, the target
 *    alone when the URL names the model (Gemini's 404 for a model batch mode does not serve).
 * 2. Polls every batch in flight; when one ends, stores each job's answer (at the batch discount),
 *    and sends every job the batch did not answer (an item error, expired, cancelled, or the whole
 *    batch failed) back to the standard path, which can still meet its deadline, or fails it with
 *    the reason when the deadline has passed. While a batch runs, its jobs whose deadlines come
 *    within the reserve are taken out and run the standard way; if the batch answers them later,
 *    the answer finds them no longer `submitted` and is dropped.
 *    A batch none of whose jobs waits for it any more (all cancelled, or taken out) is cancelled
 *    at the provider. Each batch's turnaround (submission to the run that saw it end) is recorded for the worker's
 *    next choices; a batch that failed, or expired with items unanswered, is recorded as a miss.
 * 3. Runs the sweeps it is given (callbacks due, dead letters).
 *
 * Every job change is a conditional write (job-path-store.ts): two pollers, or a poller and a
 * worker, cannot both move a job. A crash between a provider accepting a batch and the jobs being
 * marked submitted leaves them waiting, to be submitted again: at worst a job is answered twice
 * and the second answer dropped, never lost.
 */
import type { BatchClient, BatchItemResult } from '../../batches/batch-client.ts';
import { batchRefusalOf } from '../../batches/batch-http.ts';
import type { Usage } from '../../core/stream-event.ts';
import type { GatewayLogger } from '../../observability/logger.ts';
import type { ServiceTier } from '../../pricing/model-price.ts';
import type { RouteTarget } from '../../routing/route-target.ts';
import { DEFAULT_JOB_PATH_SETTINGS } from '../choose-job-path.ts';
import type { InFlightBatch, JobPathStore, PendingBatchJob, PendingTarget } from '../job-path-store.ts';
import type { JobError, JobRecord } from '../job-record.ts';
import { scheduleCallback } from '../delivery/callback-schedule.ts';
import { storeResult, type ResultStorage } from '../delivery/result-storage.ts';
import { openJob } from '../job-endpoints.ts';
import type { JobStore } from '../job-store.ts';
import type { JobMessageSender } from '../send-job-message.ts';
import type { TurnaroundBook } from '../turnaround/turnaround-book.ts';
import { batchTurnaroundKey } from '../turnaround/turnaround-priors.ts';

export interface PollerDeps {
  store: Pick<JobStore, 'getJob'>;
  paths: JobPathStore;
  sendJobMessage: JobMessageSender;
  /** The batch client of a provider, undefined when it has none. */
  batchClient: (provider: string) => BatchClient | undefined;
  target: (targetId: string) => RouteTarget;
  costOf: (target: string, usage: Usage, tier: ServiceTier) => number | undefined;
  logger: GatewayLogger;
  /** How long the first job of a target waits for others before its batch is sent. */
  accumulationMs: number;
  /** The most jobs in one batch; a fuller queue is sent at once. */
  maxBatchItems?: number;
  /** Time before a deadline kept for the standard call. */
  reserveMs?: number;
  /** Where results too large for a job record go; without it such a result fails its job. */
  results?: ResultStorage;
  /** Where batch turnarounds are recorded for the worker's choices (never rejects); unrecorded without it. */
  turnarounds?: Pick<TurnaroundBook, 'record' | 'refuse'>;
  /** Work for each run beside the batches (callbacks due, dead letters); a failure is logged. */
  sweeps?: ReadonlyArray<{ name: string; run: () => Promise<unknown> }>;
  now?: () => number;
}

export interface PollerSummary {
  submitted: number;
  completed: number;
  toStandard: number;
  failed: number;
  /** Provider batches cancelled because none of their jobs waited for them any more. */
  abandoned: number;
}

export async function runPoller(deps: PollerDeps): Promise<PollerSummary> {
  const summary: PollerSummary = { submitted: 0, completed: 0, toStandard: 0, failed: 0, abandoned: 0 };
  const now = deps.now ?? Date.now;
  const reserveMs = deps.reserveMs ?? DEFAULT_JOB_PATH_SETTINGS.standardReserveMs;

  /** A job the batch path cannot answer in time: the standard call now, or failed past its deadline. */
  const rescue = async (job: Pick<JobRecord, 'id' | 'deadlineAt' | 'callbackUrl'>, from: { batchId: string } | 'pending', why: string) => {
    if (job.deadlineAt <= now()) {
      const error: JobError = { status: 504, code: 'deadline_exceeded', message: `The job's deadline passed before it could be answered: ${why}.` };
      if (await deps.paths.failFromBatch(job.id, from === 'pending' ? 'pending' : from.batchId, error, scheduleCallback(job, now()))) summary.failed += 1;
      return;
    }
    if (await deps.paths.backToStandard(job.id, from)) {
      await deps.sendJobMessage(job.id);
      summary.toStandard += 1;
      deps.logger.info('job back to the standard path', { jobId: job.id, why });
    }
  };

  /** Providers that refused their whole batch API in this run: their other targets' jobs are not submitted either. */
  const refused = new Set<string>();
  for (const listed of await deps.paths.pendingTargets()) {
    const { targetId } = listed;
    try {
      await submitWaiting(listed, await deps.paths.pendingJobs(targetId));
    } catch (error) {
      deps.logger.warn('poller: could not submit a batch, trying again next run', { target: targetId, error: error as Error });
    }
  }
  for (const batch of await deps.paths.inFlight()) {
    try {
      await collect(batch);
    } catch (error) {
      deps.logger.warn('poller: could not poll a batch, trying again next run', { provider: batch.provider, batchId: batch.batchId, error: error as Error });
    }
  }
  for (const sweep of deps.sweeps ?? []) {
    try {
      await sweep.run();
    } catch (error) {
      deps.logger.warn(`poller: ${sweep.name} failed, trying again next run`, { error: error as Error });
    }
  }
  if (summary.submitted + summary.completed + summary.toStandard + summary.failed + summary.abandoned > 0) deps.logger.info('poller: run done', { ...summary });
  return summary;

  async function submitWaiting(listed: PendingTarget, pending: PendingBatchJob[]): Promise<void> {
    const { targetId } = listed;
    if (pending.length === 0) {
      await deps.paths.removePendingTarget(listed);
      return;
    }
    // Jobs that can no longer wait for a batch go first, the standard way.
    const waiting: PendingBatchJob[] = [];
    for (const job of pending) {
      if (job.deadlineAt - now() < reserveMs * 2) {
        const record = await deps.store.getJob(job.jobId);
        if (record) await rescue(record, 'pending', 'too close to its deadline for a batch');
        await deps.paths.removePending(targetId, job.jobId);
      } else {
        waiting.push(job);
      }
    }
    const oldest = Math.min(...waiting.map((job) => job.enqueuedAt));
    const full = waiting.length >= (deps.maxBatchItems ?? 1_000);
    if (waiting.length === 0 || (!full && oldest + deps.accumulationMs > now())) return;

    const target = deps.target(targetId);
    const provider = target.provider.id;
    const client = deps.batchClient(provider);
    const jobs: JobRecord[] = [];
    for (const entry of waiting.slice(0, deps.maxBatchItems ?? 1_000)) {
      const job = await deps.store.getJob(entry.jobId);
      if (job?.status === 'queued' && job.path === 'batch') jobs.push(job);
      else await deps.paths.removePending(targetId, entry.jobId);
    }
    if (jobs.length === 0) return;
    /** The standard path serves these now. */
    const toStandard = async (why: string) => {
      for (const job of jobs) {
        await rescue(job, 'pending', why);
        await deps.paths.removePending(targetId, job.id);
      }
    };
    // The provider lost its batch client (its key removed).
    if (!client) return toStandard(`${provider} has no batch API configured`);
    if (refused.has(provider)) return toStandard(`${provider} serves no batch API`);
    let batchId: string;
    try {
      ({ batchId } = await client.submit(
        jobs.map((job) => ({ customId: job.id, call: openJob(job).call, model: target.model, ...(target.entry ? { maxOutputTokens: target.entry.max_output_tokens } : {}) })),
        { metadata: { switchyard_target: targetId } },
      ));
    } catch (error) {
      const refusal = batchRefusalOf(error);
      if (!refusal) throw error;
      // Trying again next run would only keep these jobs waiting: learned, so that workers stop choosing it.
      if (refusal === 'provider') refused.add(provider);
      await deps.turnarounds?.refuse(batchTurnaroundKey(provider), { at: now(), ...(refusal === 'model' ? { targetId } : {}) });
      deps.logger.warn(`poller: the provider refused the batch: its jobs take the standard path, and its batch path is not chosen for a while ${refusal === 'model' ? 'for this target' : 'for any of its targets'}`, {
        provider,
        target: targetId,
        error: error as Error,
      });
      return toStandard((error as Error).message);
    }
    await deps.paths.recordInFlight({ provider, batchId, targetId, jobIds: jobs.map((job) => job.id), submittedAt: now() });
    for (const job of jobs) {
      if (await deps.paths.markSubmitted(job.id, { provider, batchId, customId: job.id })) summary.submitted += 1;
      await deps.paths.removePending(targetId, job.id);
    }
    deps.logger.info('poller: batch submitted', { provider, batchId, target: targetId, jobs: jobs.length });
  }

  /**
   * A batch none of whose jobs waits for it any more (each cancelled, or taken out to meet its
   * deadline) is cancelled at the provider, which then bills only what already ran, and forgotten.
   */
  async function abandon(batch: InFlightBatch, client: BatchClient): Promise<void> {
    try {
      await client.cancel(batch.batchId);
    } catch (error) {
      deps.logger.warn('poller: could not cancel a batch no job waits for; forgotten all the same', { provider: batch.provider, batchId: batch.batchId, error: error as Error });
    }
    await deps.paths.removeInFlight(batch);
    summary.abandoned += 1;
    deps.logger.info('poller: batch cancelled, no job waits for it', { provider: batch.provider, batchId: batch.batchId });
  }

  async function collect(batch: InFlightBatch): Promise<void> {
    const client = deps.batchClient(batch.provider);
    const target = deps.target(batch.targetId);
    const submittedHere = async (jobId: string) => {
      const job = await deps.store.getJob(jobId);
      return job?.status === 'submitted' && job.batch?.batchId === batch.batchId ? job : undefined;
    };
    if (!client) {
      for (const jobId of batch.jobIds) {
        const job = await submittedHere(jobId);
        if (job) await rescue(job, { batchId: batch.batchId }, `${batch.provider} has no batch API configured any more`);
      }
      await deps.paths.removeInFlight(batch);
      return;
    }
    const state = await client.poll(batch.batchId);
    if (state.status === 'in_progress') {
      let waiting = 0;
      for (const jobId of batch.jobIds) {
        const job = await deps.store.getJob(jobId);
        // About to be marked submitted to this batch by the run that sent it: still waiting for it.
        if (job?.status === 'queued' && job.path === 'batch') waiting += 1;
        if (job?.status !== 'submitted' || job.batch?.batchId !== batch.batchId) continue;
        if (job.deadlineAt - now() < reserveMs) await rescue(job, { batchId: batch.batchId }, 'its batch had not ended close to its deadline');
        else waiting += 1;
      }
      if (waiting === 0) await abandon(batch, client);
      return;
    }
    const answered = state.status === 'ended' && state.expiredOrCanceled.length === 0;
    await deps.turnarounds?.record(batchTurnaroundKey(batch.provider), { ms: now() - batch.submittedAt, ...(answered ? {} : { missed: true }) });
    for (const jobId of batch.jobIds) {
      const result: BatchItemResult | undefined = state.status === 'ended' ? state.results.get(jobId) : undefined;
      const job = await submittedHere(jobId);
      if (!job) continue;
      if (result?.ok) {
        // The answer in the API the job was asked in, under the model name the synchronous path gives.
        const answer = openJob(job).encode(result.result, (upstreamModel) => `${target.provider.id}/${upstreamModel}`);
        const stored = deps.results ? await storeResult(job, answer, deps.results) : { result: answer };
        const completed = await deps.paths.completeFromBatch(jobId, batch.batchId, {
          stored,
          served: { provider: target.provider.id, model: target.model },
          usage: result.usage,
          costUsd: result.usage ? deps.costOf(target.id, result.usage, 'batch') : undefined,
          callback: scheduleCallback(job, now()),
        });
        if (completed) summary.completed += 1;
        continue;
      }
      const why =
        state.status === 'failed'
          ? `the provider's batch failed (${state.reason})`
          : result && !result.ok
            ? `the provider's batch answered it with an error (${result.error.message})`
            : 'the provider did not run it in its batch (expired or cancelled)';
      // A request the provider refused as invalid would be refused the standard way too.
      if (result && !result.ok && result.error.status >= 400 && result.error.status < 500 && result.error.status !== 408 && result.error.status !== 429) {
        if (await deps.paths.failFromBatch(jobId, batch.batchId, result.error, scheduleCallback(job, now()))) summary.failed += 1;
        continue;
      }
      await rescue(job, { batchId: batch.batchId }, why);
    }
    await deps.paths.removeInFlight(batch);
    deps.logger.info('poller: batch collected', { provider: batch.provider, batchId: batch.batchId, status: state.status });
  }
}
