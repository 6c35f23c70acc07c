/**
 * One callback POST: the job as the API shows it, as JSON, signed (callback-signature.ts). A 2xx
 * answer is a delivery; anything else (another status, a redirect, which is never followed, a
 * network error, no answer within the timeout) is a failure to retry, described without the
 * receiver's body (it is the receiver's, and may be large). The POST goes through agents that
 * connect to public addresses only (public-only-agents.ts): a receiver whose address is refused
 * fails for good.
 */
import { randomUUID } from 'node:crypto';
import { RefusedAddressError, type PublicOnlyAgents } from '../../net/public-only-agents.ts';
import { discardBody, sendRequest } from '../../net/send-request.ts';
import type { JobResult } from '../job-endpoints.ts';
import type { JobRecord } from '../job-record.ts';
import { presentJob, type PresentJob } from './callback-payload.ts';
import { CALLBACK_SIGNATURE_HEADER, signCallback } from './callback-signature.ts';

export const CALLBACK_TIMEOUT_MS = 10_000;
/** A receiver's body is read up to this and dropped (its connection is then reused); a longer one is cut off. */
const MAX_DRAINED_BODY_BYTES = 128 * 1024;

export interface DeliverCallbackOptions {
  secret: string;
  /** The job's result whole (readJobResult), for a succeeded job. */
  result?: JobResult | undefined;
  /** Public-only agents (createPublicOnlyAgents): the only way a callback leaves. */
  agents: PublicOnlyAgents;
  /** Epoch ms, for the signature's timestamp. */
  now?: number;
  present?: PresentJob;
  timeoutMs?: number;
}

/** `final`: an attempt that no later one could change (the receiver's address is refused). */
export type CallbackAttempt = { delivered: true; status: number } | { delivered: false; error: string; final?: boolean };

export async function deliverCallback(job: JobRecord, options: DeliverCallbackOptions): Promise<CallbackAttempt> {
  if (!job.callbackUrl) return { delivered: false, error: 'the job has no callback_url' };
  const body = JSON.stringify((options.present ?? presentJob)(job, options.result));
  const timestamp = Math.floor((options.now ?? Date.now()) / 1000);
  const timeoutMs = options.timeoutMs ?? CALLBACK_TIMEOUT_MS;
  try {
    const response = await sendRequest(
      {
        method: 'POST',
        url: job.callbackUrl,
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Switchyard-Callback/1',
          [CALLBACK_SIGNATURE_HEADER]: signCallback(body, options.secret, timestamp),
          // The same for every attempt at this job's callback: a receiver's deduplication key.
          'x-switchyard-job-id': job.id,
          'x-switchyard-delivery-id': randomUUID(),
        },
        body,
      },
      AbortSignal.timeout(timeoutMs),
      options.agents,
    );
    // Only the status matters; the body is drained (within the timeout) so the connection can be reused.
    await discardBody(response, MAX_DRAINED_BODY_BYTES);
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) return { delivered: true, status };
    return { delivered: false, error: `the receiver answered ${status}` };
  } catch (error) {
    if (error instanceof RefusedAddressError) return { delivered: false, error: `the receiver was refused: ${error.message}`, final: true };
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message;
    return { delivered: false, error: `the request failed: ${reason}`.slice(0, 300) };
  }
}
