/**
 * Where a provider's batch answers enter the gateway: every error text in them (a call's error,
 * an item's error, a failed batch's reason) leaves the client scrubbed of keys, so no job record,
 * callback or log line built from it can carry one.
 */
import { CallError } from '../core/call-error.ts';
import type { Redact } from '../http/redact-secrets.ts';
import type { BatchClient, BatchItemResult, BatchState } from './batch-client.ts';

export function scrubBatchClient(client: BatchClient, redact: Redact): BatchClient {
  const scrubbed = async <T>(call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw error instanceof CallError ? error.redacted(redact) : error;
    }
  };
  const scrubResult = (result: BatchItemResult): BatchItemResult =>
    result.ok ? result : { ok: false, error: { ...result.error, message: redact(result.error.message), code: result.error.code === null ? null : redact(result.error.code) } };
  const scrubState = (state: BatchState): BatchState => {
    switch (state.status) {
      case 'in_progress':
        return state;
      case 'failed':
        return { status: 'failed', reason: redact(state.reason) };
      case 'ended':
        return { ...state, results: new Map([...state.results].map(([id, result]) => [id, scrubResult(result)])) };
    }
  };

  return {
    provider: client.provider,
    oneModelPerBatch: client.oneModelPerBatch,
    submit: (items, options) => scrubbed(() => client.submit(items, options)),
    poll: async (batchId, options) => scrubState(await scrubbed(() => client.poll(batchId, options))),
    cancel: (batchId, options) => scrubbed(() => client.cancel(batchId, options)),
  };
}
