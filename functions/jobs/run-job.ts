/**
 * One jobs-queue message through the worker: the job it names is run by the cheapest path that
 * meets its deadline (plan-job-path.ts) and its outcome stored, at most once whatever the deliveries:
 *
 * - no such job, or it has ended (succeeded, failed, cancelled, expired): nothing to do;
 * - the path is a provider batch: the job joins its target's batch queue for the poller;
 * - the path is a cheaper price window (or the job waits for one): it goes back to `queued` and its
 *   message comes back when the window opens (in hops of at most 15 minutes);
 * - flex: the call at the flex tier, given up on in time to make the standard call before the
 *   deadline (or before the invocation ends); when flex does not answer, the job is planned again
 *   without flex (a batch, a price window, or the standard call at once). Each flex call's wait
 *   is recorded, so the next choice knows how this target's flex tier answers;
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
import type { ChatService, CompletedChat } from '../serve/chat-service.ts';
import type { ServeCall } from '../serve/serve-call.ts';
import type { Caller } from '../routing/caller.ts';
import type { Usage } from '../core/stream-event.ts';
import type { Call } from '../core/call.ts';
import { CallError } from '../core/call-error.ts';
import { overrideCall } from '../core/override-call.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import type { ServiceTier } from '../pricing/model-price.ts';
import type { RouteTarget } from '../routing/route-target.ts';
import { abortAfter, realSleep, type Sleep } from './abort-after.ts';
import { DEFAULT_JOB_PATH_SETTINGS, flexWindowMs, type JobPathSettings, type PathOption } from './choose-job-path.ts';
import { openJob } from './job-endpoints.ts';
import { isPermanentFailure, toJobError } from './job-error.ts';
import { jobRouteContext } from './job-route-context.ts';
import { parseJobMessage } from './job-message.ts';
import type { JobPathStore } from './job-path-store.ts';
import { isTerminal, type JobError, type JobPath, type JobRecord } from './job-record.ts';
import { scheduleCallback } from './delivery/callback-schedule.ts';
import { storeResult, type ResultStorage } from './delivery/result-storage.ts';
import type { JobStore } from './job-store.ts';
import type { JobPathPlanner } from './plan-job-path.ts';
import type { JobMessageSender } from './send-job-message.ts';
import type { TurnaroundBook } from './turnaround/turnaround-book.ts';
import { flexCallMissed } from './turnaround/flex-call-missed.ts';
import { flexTurnaroundKey } from './turnaround/turnaround-priors.ts';

export interface RunJobDeps {
  store: JobStore;
  paths: JobPathStore;
  /** The standard call, served as every door's is: attempts, breakers, health samples. */
  serve: ServeCall;
  /** Flex calls, sent to their target alone: a refusal for flex capacity says nothing of the target's health. */
  chats: Pick<ChatService, 'completeTarget'>;
  /** The caller a job's owner (the key digest that submitted it) stands for, its key's policy as it is now. */
  callerOf: (owner: string) => Caller;
  planner: JobPathPlanner;
  /** The target a stored `targetId` names. */
  target: (targetId: string) => RouteTarget;
  sendJobMessage: JobMessageSender;
  /** Where results too large for a job record go; without it such a result fails its job. */
  results?: ResultStorage;
  /** USD for a call's usage at a target and tier; undefined without a price. */
  costOf: (target: string, usage: Usage, tier: ServiceTier) => number | undefined;
  logger: GatewayLogger;
  now?: () => number;
  /** Waits on the same clock as `now`: the lease's end and flex's longest wait are timed by it. */
  sleep?: Sleep;
  /** How long a claim holds a job; shorter than the queue's visibility timeout. */
  leaseMs: number;
  /** The queue's maxReceiveCount: a retryable failure on this receive is the job's last. */
  maxReceiveCount: number;
  /** Scrubs keys from a failure's message before it is stored. */
  redact?: (text: string) => string;
  /** Where flex calls' waits are recorded for later choices (never rejects); unrecorded without it. */
  turnarounds?: Pick<TurnaroundBook, 'record'>;
  pathSettings?: JobPathSettings;
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
  | 'lease-lost'
  /** The job waits for its price window: its message comes back then. */
  | 'deferred'
  /** The job joined its target's batch queue: the poller submits it. */
  | 'batched';

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
  const { store, logger, leaseMs, maxReceiveCount } = deps;
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
  /** The job as claimed: its callback is scheduled by whichever write ends it. */
  let claimedJob: JobRecord | undefined;
  let stopLeaseTimer: (() => void) | undefined;
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
    const lease = claimed.leaseId;
    claimedJob = claimed;
    const budget = Math.min(leaseMs, remainingMs);
    const callBudgetMs = Math.max(budget - Math.min(STORE_MARGIN_MS, budget / 5), 1);
    stopLeaseTimer = abortAfter(callBudgetMs, deadline, new Error('the job lease is ending'), deps.sleep ?? realSleep);

    const now = (deps.now ?? Date.now)();
    // The target an earlier plan pinned the job to (a price window; the standard path back from a
    // batch), while the key's policy as it is now still allows it; otherwise the job is planned
    // again, as a new one would be: among the targets still allowed, or refused (model_not_allowed).
    const pinned = claimed.path && claimed.targetId && deps.planner.allows(claimed, claimed.targetId) ? { path: claimed.path, targetId: claimed.targetId } : undefined;
    if (claimed.targetId && !pinned) logger.info('job pinned to a target its key may no longer use: planned again', { ...fields, target: claimed.targetId });
    // A job waiting for a cheaper price window: back to the queue until it opens.
    if (pinned && claimed.notBefore !== undefined && claimed.notBefore > now) {
      stopLeaseTimer?.();
      return await deferUntil(claimed, leaseId, pinned.path, pinned.targetId, claimed.notBefore, now, deps);
    }
    // Decoded once: planned (and planned again after flex) and sent from the same call.
    const opened = openJob(claimed);
    const { call } = opened;
    let path: JobPath;
    let target: RouteTarget;
    /** Batch and price window: the job leaves the worker, to come back by the poller or its delayed message. */
    const park = async (choice: PathOption): Promise<RunJobOutcome | undefined> => {
      logger.info(`job path: ${choice.path} at ${choice.target.id}`, { ...fields, path: choice.path, target: choice.target.id, estimatedCostUsd: choice.costUsd, chance: choice.chance, deadlineAt: new Date(claimed.deadlineAt).toISOString() });
      if (choice.path === 'batch') {
        stopLeaseTimer?.();
        const batched = await deps.paths.toBatch(jobId, lease, { jobId, targetId: choice.target.id, enqueuedAt: now, deadlineAt: claimed.deadlineAt });
        return batched ? 'batched' : 'lease-lost';
      }
      if (choice.path === 'price-window' && choice.notBefore !== undefined) {
        stopLeaseTimer?.();
        return await deferUntil(claimed, lease, choice.path, choice.target.id, choice.notBefore, now, deps);
      }
      return undefined;
    };
    if (pinned) {
      path = pinned.path;
      target = deps.target(pinned.targetId);
    } else {
      const { choice } = await deps.planner.plan({ ...claimed, call });
      const parked = await park(choice);
      if (parked) return parked;
      ({ path, target } = choice);
    }

    const startedAt = performance.now();
    let answered: { completed: Answer; tier: ServiceTier } | undefined;
    if (path === 'flex') {
      answered = await tryFlex(claimed, call, target, deadline.signal, deps, callBudgetMs);
      if (!answered) {
        // Flex did not answer (refused, shed, or out of time): planned again without it, with what the miss taught.
        const { choice } = await deps.planner.plan({ ...claimed, call }, { withoutFlex: true });
        const parked = await park(choice);
        if (parked) return parked;
        ({ path, target } = choice);
      }
    }
    const { completed, tier } = answered ?? { completed: await serveStandard(claimed, call, target, deadline.signal, deps), tier: 'standard' as const };
    const { served, usage } = completed;
    // The answer in the API the job was asked in.
    const answer = opened.encode(completed.result, completed.modelName);
    stopLeaseTimer?.();
    const costUsd = usage ? deps.costOf(target.id, usage, tier) : undefined;
    let stored: boolean;
    try {
      const result = deps.results ? await storeResult(claimed, answer, deps.results) : { result: answer };
      stored = await store.completeJob(jobId, leaseId, { ...result, served, usage, path, costUsd, callback: scheduleCallback(claimed) });
    } catch (error) {
      if (!isItemTooLarge(error)) throw error;
      // Asking the provider again would only buy the same answer, and it would not fit either.
      await store.failJob(jobId, RESULT_TOO_LARGE, { leaseId, callback: scheduleCallback(claimed) });
      logger.error('job answer too large to store: job failed', { ...fields, ...served });
      return 'failed';
    }
    if (!stored) {
      // Cancelled while it ran: the job has ended, and its message must not come back.
      if ((await store.getJob(jobId))?.status === 'cancelled') {
        logger.info('job cancelled while it ran: answer not stored', { ...fields, ...served });
        return 'already-ended';
      }
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
    stopLeaseTimer?.();
    const reason = toJobError(error, deadline.signal, redact);
    if (leaseId && isPermanentFailure(error, deadline.signal)) {
      const failed = await store.failJob(jobId, reason, { leaseId, ...withCallback(claimedJob) });
      logger.info(failed ? 'job failed' : 'job failed, but its lease was taken over first', { ...fields, ...describe(error, reason) });
      return failed ? 'failed' : 'lease-lost';
    }
    if (receiveCount >= maxReceiveCount) {
      // The last receive: the message goes to the dead-letter queue next, so the job fails visibly now.
      await store
        .failJob(jobId, reason, { ...(leaseId ? { leaseId } : {}), ...withCallback(claimedJob) })
        .catch((failError: unknown) => logger.error('could not mark a job failed on its last receive', { ...fields, error: failError as Error }));
      logger.error('job failed on its last receive: message goes to the dead-letter queue', { ...fields, ...describe(error, reason) });
    } else {
      logger.warn('job failed, will be retried', { ...fields, ...describe(error, reason) });
    }
    throw error;
  }
}

const withCallback = (job: JobRecord | undefined) => {
  const callback = job && scheduleCallback(job);
  return callback ? { callback } : {};
};

/** Back to `queued` until `notBefore`, and the message sent again for then (at most 15 minutes ahead). */
async function deferUntil(job: JobRecord, leaseId: string, path: JobPath, targetId: string, notBefore: number, now: number, deps: RunJobDeps): Promise<RunJobOutcome> {
  const deferred = await deps.paths.defer(job.id, leaseId, { path, targetId, notBefore });
  if (!deferred) return 'lease-lost';
  await deps.sendJobMessage(job.id, notBefore - now);
  deps.logger.info('job waits for its price window', { jobId: job.id, target: targetId, notBefore: new Date(notBefore).toISOString() });
  return 'deferred';
}

/**
 * One call at the flex tier, given up on in time to make the standard call after it, before the
 * deadline and before the invocation ends. Its wait is recorded either way; undefined when it did
 * not answer (refused for capacity, shed, or out of time), or when there was no time to try.
 */
async function tryFlex(
  job: JobRecord,
  call: Call,
  target: RouteTarget,
  signal: AbortSignal,
  deps: RunJobDeps,
  callBudgetMs: number,
): Promise<{ completed: CompletedChat; tier: ServiceTier } | undefined> {
  const now = deps.now ?? Date.now;
  const settings = deps.pathSettings ?? DEFAULT_JOB_PATH_SETTINGS;
  const startedAt = now();
  const waitMs = Math.floor(Math.min(flexWindowMs(job.deadlineAt - startedAt, settings), callBudgetMs - settings.flexReserveMs));
  if (waitMs <= 0) return undefined;
  const key = flexTurnaroundKey(target.id);
  const flexTimeout = new AbortController();
  const stopFlexTimer = abortAfter(waitMs, flexTimeout, new Error('flex did not answer within its window'), deps.sleep ?? realSleep);
  const flexSignal = AbortSignal.any([signal, flexTimeout.signal]);
  try {
    const completed = await deps.chats.completeTarget(overrideCall(call, { serviceTier: 'flex' }), target, { signal: flexSignal });
    await deps.turnarounds?.record(key, { ms: now() - startedAt });
    return { completed, tier: 'flex' };
  } catch (error) {
    if (signal.aborted) throw error;
    if (flexCallMissed(error, flexSignal.aborted, signal)) await deps.turnarounds?.record(key, { ms: now() - startedAt, missed: true });
    deps.logger.warn('flex did not answer in time: the job is planned again without it', { jobId: job.id, target: target.id, flexWaitMs: now() - startedAt, error: error as Error });
    return undefined;
  } finally {
    stopFlexTimer();
  }
}

/** What the worker keeps of an answer, from serve-call or a flex call. */
type Answer = Pick<CompletedChat, 'served' | 'result' | 'usage' | 'modelName'>;

/** The standard call along the planned target, served as every door serves one. */
async function serveStandard(job: JobRecord, call: Call, target: RouteTarget, signal: AbortSignal, deps: RunJobDeps): Promise<Answer> {
  const served = await deps.serve(call, { signal, route: jobRouteContext(job, deps.callerOf(job.owner)), along: [target] });
  // A job's call never streams (its submission refuses stream), so serve-call answers whole.
  if (served.stream) throw new Error('a job call came back as a stream');
  return { served: served.served, result: served.result, usage: served.result.usage, modelName: served.modelName };
}

/** A failure for the log: the gateway's own (scrubbed) reason, or the error itself when it is not one. */
const describe = (error: unknown, reason: JobError) =>
  error instanceof CallError
    ? { errorStatus: reason.status, errorCode: reason.code, errorMessage: reason.message }
    : { errorStatus: reason.status, errorCode: reason.code, error: error as Error };
