/**
 * The callbacks that are due, delivered: called by the scheduled poller every minute (and by
 * `npm start` on its timer). Each due callback is claimed first (callback-store.ts), so sweeps
 * that overlap never send the same attempt twice; then POSTed (deliver-callback.ts); then marked
 * delivered, due again after a back-off, or failed after its last attempt. A failed callback
 * loses nothing: the result stays in the job record (or the results bucket), readable by GET.
 */
import type { ObjectClient } from '../../aws/s3/s3-client.ts';
import type { DocumentClient } from '../../aws/dynamodb/document-client.ts';
import type { PublicOnlyAgents } from '../../net/public-only-agents.ts';
import type { GatewayLogger } from '../../observability/logger.ts';
import type { PresentJob } from './callback-payload.ts';
import { CALLBACK_SECRET_VARIABLE } from './callback-settings.ts';
import { createCallbackStore, type CallbackStore } from './callback-store.ts';
import { callbackUrlProblem } from './callback-url.ts';
import { deliverCallback, CALLBACK_TIMEOUT_MS } from './deliver-callback.ts';
import { readJobResult } from './result-storage.ts';

/**
 * The wait after each failed attempt: 30 s, 2 min, 10 min, 1 h, 6 h; six attempts over about
 * seven hours, then the callback is failed (the result stays readable by GET for the job's life).
 */
export const CALLBACK_BACKOFF_MS = [30_000, 120_000, 600_000, 3_600_000, 21_600_000] as const;
export const CALLBACK_MAX_ATTEMPTS = CALLBACK_BACKOFF_MS.length + 1;

/** A claim outlives the POST's timeout well: a claimer still sending when it ends is presumed gone. */
export const CALLBACK_CLAIM_MS = 6 * CALLBACK_TIMEOUT_MS;

export interface CallbackSweepDeps {
  client: DocumentClient;
  tableName: string;
  /** Where results too large for a record are read from. */
  s3: ObjectClient;
  /** SWITCHYARD_CALLBACK_SECRET; without it every due callback fails its attempt, saying so. */
  secret: string | undefined;
  logger: GatewayLogger;
  /** Receivers on loopback (development and tests only: allowsLoopbackCallbacks). */
  allowLoopback: boolean;
  /** What callbacks are sent through: public-only (createPublicOnlyAgents), allowing loopback as above. */
  agents: PublicOnlyAgents;
  /** The clock, epoch ms (tests move it). */
  now?: () => number;
  present?: PresentJob;
  /** Callbacks per sweep at most; the rest wait for the next one. */
  limit?: number;
  /** Parallel POSTs. */
  concurrency?: number;
  timeoutMs?: number;
}

export interface CallbackSweepReport {
  delivered: number;
  retrying: number;
  failed: number;
  /** Due, but claimed by another sweep first. */
  skipped: number;
}

export async function deliverDueCallbacks(deps: CallbackSweepDeps): Promise<CallbackSweepReport> {
  const now = deps.now ?? Date.now;
  const store = createCallbackStore({ client: deps.client, tableName: deps.tableName });
  const report: CallbackSweepReport = { delivered: 0, retrying: 0, failed: 0, skipped: 0 };
  const due = await store.listDue(now(), deps.limit ?? 100);
  const queue = [...due];
  const worker = async () => {
    for (let jobId = queue.shift(); jobId !== undefined; jobId = queue.shift()) {
      try {
        report[await attempt(jobId, store, deps, now)] += 1;
      } catch (error) {
        // The table or the bucket failed: the claim lapses and a later sweep tries again.
        deps.logger.error('callback: attempt failed to run', { jobId, error: error as Error });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.concurrency ?? 8, queue.length) }, worker));
  if (due.length > 0) deps.logger.info('callbacks swept', { due: due.length, ...report });
  return report;
}

async function attempt(jobId: string, store: CallbackStore, deps: CallbackSweepDeps, now: () => number): Promise<keyof CallbackSweepReport> {
  const startedAt = now();
  const job = await store.claim(jobId, startedAt, startedAt + CALLBACK_CLAIM_MS);
  if (!job?.callback) return 'skipped';
  const number = job.callback.attempts;
  const fields = { jobId, attempt: number };

  // A job accepted before a rule was tightened, or under other rules, is held to today's.
  const problem = !job.callbackUrl ? 'the job has no callback_url' : callbackUrlProblem(job.callbackUrl, { allowLoopback: deps.allowLoopback });
  let outcome: { delivered: true } | { delivered: false; error: string; final?: boolean };
  if (problem) outcome = { delivered: false, error: job.callbackUrl ? `callback_url refused: ${problem}` : problem, final: true };
  else if (!deps.secret) outcome = { delivered: false, error: `${CALLBACK_SECRET_VARIABLE} is not set: callbacks cannot be signed` };
  else {
    outcome = await deliverCallback(job, {
      secret: deps.secret,
      result: await readJobResult(job, deps.s3),
      now: now(),
      agents: deps.agents,
      ...(deps.present ? { present: deps.present } : {}),
      ...(deps.timeoutMs ? { timeoutMs: deps.timeoutMs } : {}),
    });
  }

  if (outcome.delivered) {
    if (!(await store.delivered(jobId, number, now()))) deps.logger.warn('callback: delivered, but the attempt had been taken over', fields);
    else deps.logger.info('callback delivered', fields);
    return 'delivered';
  }
  if (outcome.final || number >= CALLBACK_MAX_ATTEMPTS) {
    await store.giveUp(jobId, number, outcome.error);
    deps.logger.error('callback failed for good: the result stays readable by GET', { ...fields, reason: outcome.error });
    return 'failed';
  }
  const wait = CALLBACK_BACKOFF_MS[number - 1] ?? CALLBACK_BACKOFF_MS[CALLBACK_BACKOFF_MS.length - 1]!;
  await store.retryAt(jobId, number, now() + wait, outcome.error);
  deps.logger.warn('callback failed, will be retried', { ...fields, reason: outcome.error, retryInMs: wait });
  return 'retrying';
}
