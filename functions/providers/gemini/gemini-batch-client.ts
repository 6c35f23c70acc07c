/**
 * Gemini's batch mode with inline requests: `POST /v1beta/models/{model}:batchGenerateContent` with
 * `{batch: {displayName, inputConfig: {requests: {requests: [{request, metadata: {key}}]}}}}` (each
 * request the GenerateContentRequest the adapter builds), answered by a long-running operation
 * named `batches/{id}`; polled with `GET /v1beta/batches/{id}` (the operation: `metadata.state`
 * BATCH_STATE_PENDING, RUNNING, SUCCEEDED, FAILED, CANCELLED or EXPIRED; once done, the inline
 * responses under `response.inlinedResponses.inlinedResponses[]`, each `{response | error,
 * metadata: {key}}`, in request order); cancelled with `POST /v1beta/batches/{id}:cancel`. The key
 * goes in the `x-goog-api-key` header, never in a URL.
 *
 * A batch is created on one model, so every item of a batch must name the same model. Inline
 * requests are limited to 20 MB in all; larger batches are rejected here before anything is sent.
 */
import type { BatchClient, BatchClientOptions, BatchItemResult, BatchState } from '../../batches/batch-client.ts';
import { callBatchApi, callBatchApiJson, DEFAULT_BATCH_TIMEOUT_MS, type BatchHttpContext } from '../../batches/batch-http.ts';
import { buildItemBody, checkItems, itemStatusFailure, readItemResponse } from '../../batches/batch-items.ts';
import { isJsonObject } from '../../core/is-json-object.ts';
import type { ProviderConfig } from '../../config/load-config.ts';
import { invalidRequest } from '../../core/call-error.ts';
import { upstreamBadResponse } from '../upstream/upstream-errors.ts';
import { geminiAdapter } from './gemini-adapter.ts';

const PROVIDER = 'gemini';
/** The documented limit of a batch creation request with inline requests. */
export const GEMINI_INLINE_BATCH_MAX_BYTES = 20 * 1024 * 1024;
const BATCH_NAME = /^batches\/[A-Za-z0-9_-]+$/;
const RUNNING = new Set(['BATCH_STATE_UNSPECIFIED', 'BATCH_STATE_PENDING', 'BATCH_STATE_RUNNING']);
const ENDED = new Set(['BATCH_STATE_SUCCEEDED', 'BATCH_STATE_CANCELLED', 'BATCH_STATE_EXPIRED']);

/** google.rpc.Code -> the HTTP status Google maps it to. */
const HTTP_STATUS_BY_RPC_CODE: Readonly<Record<number, number>> = {
  1: 499, // CANCELLED
  2: 500, // UNKNOWN
  3: 400, // INVALID_ARGUMENT
  4: 504, // DEADLINE_EXCEEDED
  5: 404, // NOT_FOUND
  6: 409, // ALREADY_EXISTS
  7: 403, // PERMISSION_DENIED
  8: 429, // RESOURCE_EXHAUSTED
  9: 400, // FAILED_PRECONDITION
  10: 409, // ABORTED
  11: 400, // OUT_OF_RANGE
  12: 501, // UNIMPLEMENTED
  13: 500, // INTERNAL
  14: 503, // UNAVAILABLE
  15: 500, // DATA_LOSS
  16: 401, // UNAUTHENTICATED
};

export function createGeminiBatchClient(provider: ProviderConfig, options: BatchClientOptions = {}): BatchClient {
  const adapter = geminiAdapter;
  const http: BatchHttpContext = {
    provider: PROVIDER,
    adapter,
    timeoutMs: options.timeoutMs ?? DEFAULT_BATCH_TIMEOUT_MS,
  };
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const headers = { 'x-goog-api-key': provider.apiKey ?? '' };
  const batchUrl = (batchId: string) => {
    if (!BATCH_NAME.test(batchId)) throw invalidRequest(`gemini batch: '${batchId.slice(0, 80)}' is not a batch name (batches/<id>).`);
    return `${provider.baseUrl}/v1beta/${batchId}`;
  };

  return {
    provider: PROVIDER,
    oneModelPerBatch: true,
    async submit(items, { signal, displayName } = {}) {
      checkItems(PROVIDER, items, true);
      const model = items[0]!.model;
      const requests = items.map((item) => ({ request: buildItemBody(adapter, provider, item), metadata: { key: item.customId } }));
      const body = JSON.stringify({
        batch: {
          displayName: displayName ?? `switchyard-${items.length}-${Date.now()}`,
          inputConfig: { requests: { requests } },
        },
      });
      if (Buffer.byteLength(body) > GEMINI_INLINE_BATCH_MAX_BYTES) {
        throw invalidRequest('gemini batch: the inline requests exceed 20 MB; submit fewer items per batch.');
      }
      const operation = await callBatchApiJson(
        {
          method: 'POST',
          url: `${provider.baseUrl}/v1beta/models/${encodeURIComponent(model)}:batchGenerateContent`,
          headers: { ...headers, 'content-type': 'application/json' },
          body,
          submission: 'model',
        },
        http,
        signal,
      );
      if (typeof operation.name !== 'string' || !BATCH_NAME.test(operation.name)) {
        throw upstreamBadResponse(PROVIDER, 'the created batch has no batches/<id> name');
      }
      return { provider: PROVIDER, batchId: operation.name };
    },

    async poll(batchId, { signal } = {}): Promise<BatchState> {
      const operation = await callBatchApiJson({ method: 'GET', url: batchUrl(batchId), headers }, http, signal);
      const metadata = isJsonObject(operation.metadata) ? operation.metadata : {};
      const state = typeof metadata.state === 'string' ? metadata.state : typeof operation.state === 'string' ? operation.state : '';
      if (RUNNING.has(state)) return { status: 'in_progress' };
      if (state === 'BATCH_STATE_FAILED') {
        const error = isJsonObject(operation.error) ? operation.error : {};
        return { status: 'failed', reason: `gemini reported the batch as failed${typeof error.message === 'string' ? `: ${error.message}` : ''}` };
      }
      if (!ENDED.has(state)) throw upstreamBadResponse(PROVIDER, `the batch state '${state.slice(0, 40)}' is not a documented one`);

      const model = typeof metadata.model === 'string' ? metadata.model.replace(/^models\//, '') : '';
      const results = new Map<string, BatchItemResult>();
      for (const entry of inlinedResponses(operation, metadata)) {
        if (!isJsonObject(entry)) continue;
        const key = isJsonObject(entry.metadata) && typeof entry.metadata.key === 'string' ? entry.metadata.key : undefined;
        // Without its key a response cannot be matched to its job; the job counts as not run.
        if (key === undefined) continue;
        if (isJsonObject(entry.error)) {
          const code = typeof entry.error.code === 'number' ? entry.error.code : 2;
          results.set(
            key,
            itemStatusFailure(PROVIDER, HTTP_STATUS_BY_RPC_CODE[code] ?? 500, {
              ...(typeof entry.error.message === 'string' ? { message: entry.error.message } : {}),
              ...(typeof entry.error.status === 'string' ? { code: entry.error.status } : {}),
            }),
          );
        } else {
          results.set(key, readItemResponse(adapter, PROVIDER, entry.response, { model, now: now() }));
        }
      }
      // Gemini names no items it did not run: those of an expired or cancelled batch are simply absent.
      return { status: 'ended', results, expiredOrCanceled: [] };
    },

    async cancel(batchId, { signal } = {}) {
      await callBatchApi({ method: 'POST', url: `${batchUrl(batchId)}:cancel`, headers }, http, signal);
    },
  };
}

/** The done operation's `response` (GenerateContentBatchOutput), or the batch's own `output` in its metadata. */
function inlinedResponses(operation: Record<string, unknown>, metadata: Record<string, unknown>): unknown[] {
  for (const output of [operation.response, metadata.output]) {
    if (!isJsonObject(output) || !isJsonObject(output.inlinedResponses)) continue;
    const list = output.inlinedResponses.inlinedResponses;
    if (Array.isArray(list)) return list;
  }
  return [];
}
