/**
 * OpenAI's Batch API: the items as a JSONL file uploaded with `POST /files` (multipart,
 * `purpose=batch`), one line per item `{custom_id, method: "POST", url: "/v1/chat/completions",
 * body}`; the batch created with `POST /batches` (`input_file_id`, `endpoint`,
 * `completion_window: "24h"`, `metadata`); polled with `GET /batches/{id}`; results read from
 * `GET /files/{output_file_id}/content` and `GET /files/{error_file_id}/content`, whose lines are
 * `{id, custom_id, response: {status_code, request_id, body} | null, error: {code, message} | null}`.
 * A call from the Responses door goes as a chat completion too (buildItemBody's `translated`): a batch has one endpoint.
 * A completed, expired or cancelled batch all end with whatever output they produced; the error
 * file names the items that did not run (`batch_expired`, `batch_cancelled`).
 *
 * `baseUrl` is OPENAI_BASE_URL as the SDK means it (ending in `/v1`), so the paths are relative to it.
 * A client serves the provider it is made for (OpenAI's entry, the family's one with `batchApi`):
 * that provider's id names its batches and errors, its quirks translate the items.
 */
import { randomBytes } from 'node:crypto';
import type { BatchClient, BatchClientOptions, BatchItemResult, BatchState } from '../../batches/batch-client.ts';
import { callBatchApi, callBatchApiJson, DEFAULT_BATCH_TIMEOUT_MS, parseJsonLines, type BatchHttpContext } from '../../batches/batch-http.ts';
import { buildItemBody, checkItems, itemStatusFailure, readItemResponse } from '../../batches/batch-items.ts';
import { isJsonObject } from '../../core/is-json-object.ts';
import type { ProviderConfig } from '../../config/load-config.ts';
import type { ProviderDefinition } from '../provider-registry.ts';
import { upstreamBadResponse } from '../upstream/upstream-errors.ts';
import { createOpenAICompatibleAdapter } from './openai-compatible-adapter.ts';

export const OPENAI_BATCH_ENDPOINT = '/v1/chat/completions';
/** Error codes of items that were never run. */
const NOT_RUN_CODES = new Set(['batch_expired', 'batch_cancelled']);
const RUNNING = new Set(['validating', 'in_progress', 'finalizing', 'cancelling']);
const ENDED = new Set(['completed', 'expired', 'cancelled']);

export function createOpenAIBatchClient(provider: ProviderDefinition, config: ProviderConfig, options: BatchClientOptions = {}): BatchClient {
  const adapter = createOpenAICompatibleAdapter(provider);
  const http: BatchHttpContext = {
    provider: provider.id,
    adapter,
    timeoutMs: options.timeoutMs ?? DEFAULT_BATCH_TIMEOUT_MS,
  };
  const now = options.now ?? (() => Math.floor(Date.now() / 1000));
  const auth = { authorization: `Bearer ${config.apiKey ?? ''}` };
  const base = config.baseUrl;

  const readFile = async (fileId: string, signal?: AbortSignal): Promise<unknown[]> =>
    parseJsonLines(provider.id, await callBatchApi({ method: 'GET', url: `${base}/files/${encodeURIComponent(fileId)}/content`, headers: auth }, http, signal));

  return {
    provider: provider.id,
    oneModelPerBatch: true,
    async submit(items, { signal, metadata } = {}) {
      checkItems(provider.id, items, true);
      const jsonl = items
        .map((item) => JSON.stringify({ custom_id: item.customId, method: 'POST', url: OPENAI_BATCH_ENDPOINT, body: buildItemBody(adapter, config, item, { translated: true }) }))
        .join('\n');
      const { body, contentType } = multipart([
        { name: 'purpose', value: 'batch' },
        { name: 'file', filename: 'batch.jsonl', contentType: 'application/jsonl', value: `${jsonl}\n` },
      ]);
      const file = await callBatchApiJson({ method: 'POST', url: `${base}/files`, headers: { ...auth, 'content-type': contentType }, body, submission: 'provider' }, http, signal);
      if (typeof file.id !== 'string') throw upstreamBadResponse(provider.id, 'the uploaded file has no id');
      const batch = await callBatchApiJson(
        {
          method: 'POST',
          url: `${base}/batches`,
          headers: { ...auth, 'content-type': 'application/json' },
          submission: 'provider',
          body: JSON.stringify({
            input_file_id: file.id,
            endpoint: OPENAI_BATCH_ENDPOINT,
            completion_window: '24h',
            ...(metadata ? { metadata } : {}),
          }),
        },
        http,
        signal,
      );
      if (typeof batch.id !== 'string') throw upstreamBadResponse(provider.id, 'the created batch has no id');
      return { provider: provider.id, batchId: batch.id };
    },

    async poll(batchId, { signal } = {}): Promise<BatchState> {
      const batch = await callBatchApiJson({ method: 'GET', url: `${base}/batches/${encodeURIComponent(batchId)}`, headers: auth }, http, signal);
      const status = typeof batch.status === 'string' ? batch.status : '';
      if (RUNNING.has(status)) return { status: 'in_progress' };
      if (status === 'failed') return { status: 'failed', reason: failureReason(provider.id, batch.errors) };
      if (!ENDED.has(status)) throw upstreamBadResponse(provider.id, `the batch status '${status.slice(0, 40)}' is not a documented one`);

      const results = new Map<string, BatchItemResult>();
      const expiredOrCanceled: string[] = [];
      const lines = [
        ...(typeof batch.output_file_id === 'string' ? await readFile(batch.output_file_id, signal) : []),
        ...(typeof batch.error_file_id === 'string' ? await readFile(batch.error_file_id, signal) : []),
      ];
      for (const line of lines) {
        if (!isJsonObject(line) || typeof line.custom_id !== 'string') throw upstreamBadResponse(provider.id, 'a results line has no custom_id');
        const customId = line.custom_id;
        const response = isJsonObject(line.response) ? line.response : undefined;
        const error = isJsonObject(line.error) ? line.error : undefined;
        if (response) {
          const statusCode = typeof response.status_code === 'number' ? response.status_code : 200;
          if (statusCode < 300) {
            const model = isJsonObject(response.body) && typeof response.body.model === 'string' ? response.body.model : '';
            results.set(customId, readItemResponse(adapter, provider.id, response.body, { model, now: now() }));
          } else {
            results.set(customId, itemStatusFailure(provider.id, statusCode, adapter.parseErrorBody(JSON.stringify(response.body ?? {}))));
          }
        } else if (error && typeof error.code === 'string' && NOT_RUN_CODES.has(error.code)) {
          expiredOrCanceled.push(customId);
        } else {
          results.set(
            customId,
            itemStatusFailure(provider.id, 500, {
              ...(typeof error?.message === 'string' ? { message: error.message } : {}),
              ...(typeof error?.code === 'string' ? { code: error.code } : {}),
            }),
          );
        }
      }
      return { status: 'ended', results, expiredOrCanceled };
    },

    async cancel(batchId, { signal } = {}) {
      await callBatchApi({ method: 'POST', url: `${base}/batches/${encodeURIComponent(batchId)}/cancel`, headers: auth }, http, signal);
    },
  };
}

/** `errors: {object: "list", data: [{code, message, param, line}]}` as one sentence. */
function failureReason(provider: string, errors: unknown): string {
  const data = isJsonObject(errors) && Array.isArray(errors.data) ? errors.data : [];
  const messages = data
    .filter(isJsonObject)
    .slice(0, 5)
    .map((entry) => [typeof entry.line === 'number' ? `line ${entry.line}` : '', typeof entry.message === 'string' ? entry.message : String(entry.code ?? '')].filter(Boolean).join(': '));
  return messages.length > 0 ? `${provider} rejected the batch: ${messages.join('; ')}` : `${provider} reported the batch as failed`;
}

interface MultipartField {
  name: string;
  value: string;
  filename?: string;
  contentType?: string;
}

/** A `multipart/form-data` body (RFC 7578), built by hand so the bytes sent are exactly these. */
export function multipart(fields: readonly MultipartField[]): { body: Buffer; contentType: string } {
  const boundary = `----switchyard${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const field of fields) {
    const disposition = `form-data; name="${field.name}"${field.filename === undefined ? '' : `; filename="${field.filename}"`}`;
    const headers = `Content-Disposition: ${disposition}\r\n${field.contentType ? `Content-Type: ${field.contentType}\r\n` : ''}\r\n`;
    parts.push(Buffer.from(`--${boundary}\r\n${headers}`), Buffer.from(field.value, 'utf8'), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
