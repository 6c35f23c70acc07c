/**
 * One callback POST: the job as the API shows it, as JSON, signed (callback-signature.ts). A 2xx
 * answer is a delivery; anything else (another status, a redirect, which is not followed, a
 * network error, no answer within the timeout) is a failure to retry, described without the
 * receiver's body (it is the receiver's, and may be large).
 */
import { randomUUID } from 'node:crypto';
import type { ChatCompletion } from '../../chat/collect-chat-completion.ts';
import type { JobRecord } from '../job-record.ts';
import { presentJob, type PresentJob } from './callback-payload.ts';
import { CALLBACK_SIGNATURE_HEADER, signCallback } from './callback-signature.ts';

export const CALLBACK_TIMEOUT_MS = 10_000;

export interface DeliverCallbackOptions {
  secret: string;
  /** The job's result whole (readJobResult), for a succeeded job. */
  result?: ChatCompletion | undefined;
  fetch?: typeof fetch;
  /** Epoch ms, for the signature's timestamp. */
  now?: number;
  present?: PresentJob;
  timeoutMs?: number;
}

export type CallbackAttempt = { delivered: true; status: number } | { delivered: false; error: string };

export async function deliverCallback(job: JobRecord, options: DeliverCallbackOptions): Promise<CallbackAttempt> {
  if (!job.callbackUrl) return { delivered: false, error: 'the job has no callback_url' };
  const body = JSON.stringify((options.present ?? presentJob)(job, options.result));
  const timestamp = Math.floor((options.now ?? Date.now()) / 1000);
  try {
    const response = await (options.fetch ?? fetch)(job.callbackUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Switchyard-Callback/1',
        [CALLBACK_SIGNATURE_HEADER]: signCallback(body, options.secret, timestamp),
        // The same for every attempt at this job's callback: a receiver's deduplication key.
        'x-switchyard-job-id': job.id,
        'x-switchyard-delivery-id': randomUUID(),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? CALLBACK_TIMEOUT_MS),
    });
    // Only the status matters; the body is drained so the connection can be reused.
    await response.body?.cancel().catch(() => {});
    if (response.status >= 200 && response.status < 300) return { delivered: true, status: response.status };
    return { delivered: false, error: `the receiver answered ${response.status}` };
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause;
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${options.timeoutMs ?? CALLBACK_TIMEOUT_MS} ms` : (cause?.message ?? (error as Error).message);
    return { delivered: false, error: `the request failed: ${reason}`.slice(0, 300) };
  }
}
