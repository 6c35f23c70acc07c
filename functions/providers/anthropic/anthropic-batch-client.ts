/**
 * Anthropic's Message Batches: `POST /v1/messages/batches` with `{requests: [{custom_id, params}]}`
 * (params: the Messages request the adapter builds), polled with `GET /v1/messages/batches/{id}`
 * (`processing_status`: in_progress, canceling, ended; `results_url` once ended), results as JSONL
 * lines `{custom_id, result: {type: succeeded, message} | {type: errored, error} | {type: canceled}
 * | {type: expired}}`, cancelled with `POST /v1/messages/batches/{id}/cancel`. Every call carries
 * `x-api-key` and `anthropic-version`.
 *
 * The results are read from the documented `/v1/messages/batches/{id}/results` under the configured
 * base URL rather than from the `results_url` the response names, so the key is only ever sent to
 * the host it is configured for.
 */
import type { BatchClient, BatchClientOptions, BatchItemResult, BatchState } from '../../batches/batch-client.ts';
import { callBatchApi, callBatchApiJson, DEFAULT_BATCH_TIMEOUT_MS, parseJsonLines, type BatchHttpContext } from '../../batches/batch-http.ts';
import { buildItemBody, checkItems, itemStatusFailure, readItemResponse } from '../../batches/batch-items.ts';
import { isJsonObject } from '../../core/is-json-object.ts';
import type { ProviderConfig } from '../../config/load-config.ts';
import { upstreamBadResponse } from '../upstream/upstream-errors.ts';
import { anthropicAdapter } from './anthropic-adapter.ts';
import { ANTHROPIC_VERSION } from './anthropic-constants.ts';

const PROVIDER = 'anthropic';

/** The HTTP status of each error type (Anthropic's error reference), for errored items. */
const STATUS_BY_TYPE: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

export function createAnthropicBatchClient(provider: ProviderConfig, options: BatchClientOptions = {}): BatchClient {
  const adapter = anthropicAdapter;
  const http: BatchHttpContext = {
    provider: PROVIDER,
    adapter,
    timeoutMs: options.timeoutMs ?? DEFAULT_BATCH_TIMEOUT_MS,
  };
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const headers = { 'x-api-key': provider.apiKey ?? '', 'anthropic-version': ANTHROPIC_VERSION };
  const batchUrl = (batchId: string) => `${provider.baseUrl}/v1/messages/batches/${encodeURIComponent(batchId)}`;

  return {
    provider: PROVIDER,
    oneModelPerBatch: false,
    async submit(items, { signal } = {}) {
      checkItems(PROVIDER, items, false);
      const requests = items.map((item) => ({ custom_id: item.customId, params: buildItemBody(adapter, provider, item) }));
      const batch = await callBatchApiJson(
        {
          method: 'POST',
          url: `${provider.baseUrl}/v1/messages/batches`,
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({ requests }),
          submission: 'provider',
        },
        http,
        signal,
      );
      if (typeof batch.id !== 'string') throw upstreamBadResponse(PROVIDER, 'the created batch has no id');
      return { provider: PROVIDER, batchId: batch.id };
    },

    async poll(batchId, { signal } = {}): Promise<BatchState> {
      const batch = await callBatchApiJson({ method: 'GET', url: batchUrl(batchId), headers }, http, signal);
      const status = batch.processing_status;
      if (status === 'in_progress' || status === 'canceling') return { status: 'in_progress' };
      if (status !== 'ended') throw upstreamBadResponse(PROVIDER, `the batch status '${String(status).slice(0, 40)}' is not a documented one`);

      const text = await callBatchApi({ method: 'GET', url: `${batchUrl(batchId)}/results`, headers }, http, signal);
      const results = new Map<string, BatchItemResult>();
      const expiredOrCanceled: string[] = [];
      for (const line of parseJsonLines(PROVIDER, text)) {
        if (!isJsonObject(line) || typeof line.custom_id !== 'string' || !isJsonObject(line.result)) {
          throw upstreamBadResponse(PROVIDER, 'a results line has no custom_id or result');
        }
        const { custom_id: customId, result } = line;
        switch (result.type) {
          case 'succeeded': {
            const model = isJsonObject(result.message) && typeof result.message.model === 'string' ? result.message.model : '';
            results.set(customId, readItemResponse(adapter, PROVIDER, result.message, { model, now: now() }));
            break;
          }
          case 'errored': {
            // `error` is the error response body: {type: "error", error: {type, message}}.
            const body = isJsonObject(result.error) ? result.error : {};
            const detail = isJsonObject(body.error) ? body.error : body;
            const type = typeof detail.type === 'string' ? detail.type : undefined;
            results.set(
              customId,
              itemStatusFailure(PROVIDER, (type && STATUS_BY_TYPE[type]) || 500, {
                ...(typeof detail.message === 'string' ? { message: detail.message } : {}),
                ...(type ? { type } : {}),
              }),
            );
            break;
          }
          case 'canceled':
          case 'expired':
            expiredOrCanceled.push(customId);
            break;
          default:
            throw upstreamBadResponse(PROVIDER, `a result type '${String(result.type).slice(0, 40)}' is not a documented one`);
        }
      }
      return { status: 'ended', results, expiredOrCanceled };
    },

    async cancel(batchId, { signal } = {}) {
      await callBatchApi({ method: 'POST', url: `${batchUrl(batchId)}/cancel`, headers }, http, signal);
    },
  };
}
