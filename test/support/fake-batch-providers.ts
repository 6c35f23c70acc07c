/**
 * Fake batch APIs of OpenAI, Anthropic and Gemini on one loopback server, stateful, speaking the
 * documented wire formats, for the batch clients' tests and the asynchronous path's end-to-end tests.
 *
 *   const fake = await startFakeBatchProviders();
 *   // Point the gateway (or a client) at it:
 *   //   OPENAI_BASE_URL=fake.baseUrls.openai (…/v1), ANTHROPIC_BASE_URL=fake.baseUrls.anthropic,
 *   //   GEMINI_BASE_URL=fake.baseUrls.gemini; keys FAKE_BATCH_KEYS.openai / .anthropic / .gemini.
 *   const [batch] = fake.batches();                       // what was submitted, items' request bodies included
 *   fake.complete(batch.id, { fail: ['job-2'], expire: ['job-3'] });
 *   fake.failBatch(batch.id, 'line 1: bad model');       // OpenAI and Gemini: the whole batch fails
 *   await fake.close();
 *
 * Endpoints (paths relative to the server; OpenAI's base URL ends in /v1 as the SDK's does):
 *   OpenAI     POST /v1/files (multipart: purpose=batch, file=JSONL), POST /v1/batches,
 *              GET /v1/batches/{id}, GET /v1/files/{id}/content, POST /v1/batches/{id}/cancel
 *              auth: `authorization: Bearer <key>`
 *   Anthropic  POST /v1/messages/batches, GET /v1/messages/batches/{id},
 *              GET /v1/messages/batches/{id}/results, POST /v1/messages/batches/{id}/cancel
 *              auth: `x-api-key: <key>` and an `anthropic-version` header
 *   Gemini     POST /v1beta/models/{model}:batchGenerateContent (inline requests),
 *              GET /v1beta/batches/{id}, POST /v1beta/batches/{id}:cancel
 *              auth: `x-goog-api-key: <key>`
 *
 * Every batch stays in progress until the test ends it with `complete` (or `failBatch`): then every
 * item succeeds (a canned answer, or `reply(item)`) except those named in `fail` (an error in the
 * provider's format), `expire` and `cancel` (not run; the batch is then expired, or cancelled).
 * A cancel request only marks the batch as cancelling; the next `complete` ends it as cancelled.
 *
 * Requests are validated as the providers document them; anything else is answered 400 (401 for a
 * wrong key) in the provider's error format: the multipart upload and its purpose, each JSONL line
 * (`custom_id`, `method: POST`, `url: /v1/chat/completions`, a body with `model` and `messages`,
 * one model per file), `endpoint` and `completion_window: 24h`; Anthropic's custom ids
 * (`^[a-zA-Z0-9_-]{1,64}$`, unique) and params (`model`, `max_tokens`, `messages`); Gemini's
 * `batch.displayName` and `inputConfig.requests.requests[].request.contents`. Snake-case Gemini
 * field names are accepted too, as Google's JSON parsing accepts them.
 *
 * `requests` records every HTTP request; `interceptNext` makes the next request fail as scripted.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeBatchProvider = 'openai' | 'anthropic' | 'gemini';

export const FAKE_BATCH_KEYS: Readonly<Record<FakeBatchProvider, string>> = {
  openai: 'sk-fake-openai-batch',
  anthropic: 'sk-ant-fake-batch',
  gemini: 'fake-gemini-batch-key',
};

export interface FakeBatchItem {
  customId: string;
  model: string;
  /** The request body as the provider received it: OpenAI's `body`, Anthropic's `params`, Gemini's `request`. */
  body: Record<string, unknown>;
}

export type FakeBatchStatus = 'in_progress' | 'cancelling' | 'completed' | 'expired' | 'cancelled' | 'failed';

export interface FakeBatch {
  provider: FakeBatchProvider;
  /** The id the provider answered with (Gemini's: `batches/<n>`). */
  id: string;
  status: FakeBatchStatus;
  items: FakeBatchItem[];
  /** OpenAI's metadata, Gemini's display name. */
  metadata?: Record<string, string>;
  displayName?: string;
  cancelRequested: boolean;
}

export interface CompleteOptions {
  /** Items answered with an error (400, invalid request, in the provider's format). */
  fail?: readonly string[];
  /** Items not run because the batch expired; the batch then ends as expired. */
  expire?: readonly string[];
  /** Items not run because the batch was cancelled; the batch then ends as cancelled. */
  cancel?: readonly string[];
  /** The text of each successful answer; `Answer to <customId>` by default. */
  reply?: (item: FakeBatchItem) => string;
  /**
   * Each successful answer's whole body in the provider's format (a chat completion, a message, a
   * GenerateContentResponse) instead of one made of `reply`'s text: for answers that must match
   * what the synchronous endpoint gives, usage included.
   */
  answer?: (item: FakeBatchItem, provider: FakeBatchProvider) => Record<string, unknown>;
}

export interface RecordedBatchRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface FakeBatchProviders {
  url: string;
  baseUrls: Readonly<Record<FakeBatchProvider, string>>;
  requests: RecordedBatchRequest[];
  /** Every batch created so far, oldest first, optionally of one provider. */
  batches(provider?: FakeBatchProvider): FakeBatch[];
  batch(id: string): FakeBatch;
  /** Ends a batch: see CompleteOptions. */
  complete(id: string, options?: CompleteOptions): void;
  /** Fails a whole batch (OpenAI: `failed` with `errors`; Gemini: BATCH_STATE_FAILED). Anthropic batches cannot fail. */
  failBatch(id: string, reason: string): void;
  /** The next request is answered with this status and JSON body instead of being served. */
  interceptNext(status: number, json: unknown): void;
  close(): Promise<void>;
}

interface ItemOutcome {
  kind: 'succeeded' | 'failed' | 'expired' | 'cancelled';
  text?: string;
  body?: Record<string, unknown>;
}

interface BatchState extends FakeBatch {
  outcomes?: Map<string, ItemOutcome>;
  failureReason?: string;
  createdAt: number;
  outputFileId?: string;
  errorFileId?: string;
}

interface StoredFile {
  id: string;
  purpose: string;
  filename: string;
  content: string;
}

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

const ANTHROPIC_CUSTOM_ID = /^[a-zA-Z0-9_-]{1,64}$/;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export async function startFakeBatchProviders(): Promise<FakeBatchProviders> {
  const requests: RecordedBatchRequest[] = [];
  const batches = new Map<string, BatchState>();
  const files = new Map<string, StoredFile>();
  let counter = 0;
  let intercept: { status: number; json: unknown } | undefined;
  const nextId = () => String(++counter).padStart(6, '0');

  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded: RecordedBatchRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
    requests.push(recorded);
    const path = (req.url ?? '').split('?')[0]!;
    const provider: FakeBatchProvider = path.startsWith('/v1beta/') ? 'gemini' : path.startsWith('/v1/messages/') ? 'anthropic' : 'openai';

    if (intercept) {
      const { status, json } = intercept;
      intercept = undefined;
      sendJson(res, status, json);
      return;
    }
    try {
      checkAuth(provider, recorded);
      const reply = route(provider, recorded.method, path, recorded);
      if (typeof reply === 'string') res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(reply);
      else sendJson(res, 200, reply);
    } catch (error) {
      if (!(error instanceof HttpError)) {
        sendJson(res, 500, { error: { message: `fake batch provider failed: ${String(error)}` } });
        return;
      }
      sendJson(res, error.status, errorBody(provider, error.status, error.message));
    }
  }

  function checkAuth(provider: FakeBatchProvider, request: RecordedBatchRequest) {
    const key = FAKE_BATCH_KEYS[provider];
    const { headers } = request;
    const given = provider === 'openai' ? headers.authorization : provider === 'anthropic' ? headers['x-api-key'] : headers['x-goog-api-key'];
    const expected = provider === 'openai' ? `Bearer ${key}` : key;
    if (given !== expected) throw new HttpError(401, 'invalid api key');
    if (provider === 'anthropic' && typeof headers['anthropic-version'] !== 'string') throw new HttpError(400, 'anthropic-version header is required');
  }

  function route(provider: FakeBatchProvider, method: string, path: string, request: RecordedBatchRequest): unknown {
    let match: RegExpExecArray | null;
    if (provider === 'openai') {
      if (method === 'POST' && path === '/v1/files') return openaiUpload(request);
      if (method === 'POST' && path === '/v1/batches') return openaiCreate(readJson(request));
      if (method === 'GET' && (match = /^\/v1\/batches\/([^/]+)$/.exec(path))) return openaiBatchObject(find('openai', match[1]!));
      if (method === 'POST' && (match = /^\/v1\/batches\/([^/]+)\/cancel$/.exec(path))) return openaiBatchObject(requestCancel(find('openai', match[1]!)));
      if (method === 'GET' && (match = /^\/v1\/files\/([^/]+)\/content$/.exec(path))) {
        const file = files.get(decodeURIComponent(match[1]!));
        if (!file) throw new HttpError(404, 'no such file');
        return file.content;
      }
    } else if (provider === 'anthropic') {
      if (method === 'POST' && path === '/v1/messages/batches') return anthropicCreate(readJson(request));
      if (method === 'GET' && (match = /^\/v1\/messages\/batches\/([^/]+)$/.exec(path))) return anthropicBatchObject(find('anthropic', match[1]!));
      if (method === 'GET' && (match = /^\/v1\/messages\/batches\/([^/]+)\/results$/.exec(path))) return anthropicResults(find('anthropic', match[1]!));
      if (method === 'POST' && (match = /^\/v1\/messages\/batches\/([^/]+)\/cancel$/.exec(path))) {
        return anthropicBatchObject(requestCancel(find('anthropic', match[1]!)));
      }
    } else {
      if (method === 'POST' && (match = /^\/v1beta\/models\/([^/:]+):batchGenerateContent$/.exec(path))) {
        return geminiCreate(decodeURIComponent(match[1]!), readJson(request));
      }
      if (method === 'GET' && (match = /^\/v1beta\/(batches\/[^/:]+)$/.exec(path))) return geminiOperation(find('gemini', match[1]!));
      if (method === 'POST' && (match = /^\/v1beta\/(batches\/[^/:]+):cancel$/.exec(path))) {
        requestCancel(find('gemini', match[1]!));
        return {};
      }
    }
    throw new HttpError(404, `no route for ${method} ${path}`);
  }

  function find(provider: FakeBatchProvider, id: string): BatchState {
    const batch = batches.get(decodeURIComponent(id));
    if (!batch || batch.provider !== provider) throw new HttpError(404, `no batch ${id}`);
    return batch;
  }

  function requestCancel(batch: BatchState): BatchState {
    batch.cancelRequested = true;
    if (batch.status === 'in_progress') batch.status = 'cancelling';
    return batch;
  }

  function addBatch(batch: Omit<BatchState, 'status' | 'cancelRequested' | 'createdAt'>): BatchState {
    const state: BatchState = { ...batch, status: 'in_progress', cancelRequested: false, createdAt: Math.floor(Date.now() / 1000) };
    batches.set(state.id, state);
    return state;
  }

  // ---- OpenAI -------------------------------------------------------------------------------

  function openaiUpload(request: RecordedBatchRequest) {
    const fields = parseMultipart(request);
    const purpose = fields.get('purpose');
    const file = fields.get('file');
    if (purpose?.value !== 'batch') throw new HttpError(400, "purpose must be 'batch'");
    if (!file || file.filename === undefined) throw new HttpError(400, 'a file part with a filename is required');
    const models = new Set<string>();
    const ids = new Set<string>();
    const lines = file.value.split('\n').filter((line) => line.trim() !== '');
    if (lines.length === 0) throw new HttpError(400, 'the file has no requests');
    lines.forEach((line, index) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new HttpError(400, `line ${index + 1} is not JSON`);
      }
      if (!isObject(parsed) || typeof parsed.custom_id !== 'string' || parsed.custom_id === '') throw new HttpError(400, `line ${index + 1}: custom_id is required`);
      if (ids.has(parsed.custom_id)) throw new HttpError(400, `line ${index + 1}: custom_id '${parsed.custom_id}' is not unique`);
      ids.add(parsed.custom_id);
      if (parsed.method !== 'POST') throw new HttpError(400, `line ${index + 1}: method must be POST`);
      if (parsed.url !== '/v1/chat/completions') throw new HttpError(400, `line ${index + 1}: url must be /v1/chat/completions`);
      const body = parsed.body;
      if (!isObject(body) || typeof body.model !== 'string' || !Array.isArray(body.messages)) throw new HttpError(400, `line ${index + 1}: body needs model and messages`);
      if (body.stream === true) throw new HttpError(400, `line ${index + 1}: streaming is not supported in batches`);
      models.add(body.model);
    });
    if (models.size > 1) throw new HttpError(400, 'a batch file may only use one model');
    const id = `file-${nextId()}`;
    files.set(id, { id, purpose: purpose.value, filename: file.filename, content: file.value });
    return { id, object: 'file', bytes: Buffer.byteLength(file.value), created_at: Math.floor(Date.now() / 1000), filename: file.filename, purpose: 'batch' };
  }

  function openaiCreate(body: Record<string, unknown>) {
    const file = typeof body.input_file_id === 'string' ? files.get(body.input_file_id) : undefined;
    if (!file || file.purpose !== 'batch') throw new HttpError(400, 'input_file_id must name a file uploaded with purpose batch');
    if (body.endpoint !== '/v1/chat/completions') throw new HttpError(400, 'endpoint must be /v1/chat/completions');
    if (body.completion_window !== '24h') throw new HttpError(400, "completion_window must be '24h'");
    const metadata = body.metadata;
    if (metadata !== undefined && metadata !== null) {
      if (!isObject(metadata) || Object.keys(metadata).length > 16 || Object.values(metadata).some((value) => typeof value !== 'string')) {
        throw new HttpError(400, 'metadata must be at most 16 string values');
      }
    }
    const items = file.content
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const parsed = JSON.parse(line) as { custom_id: string; body: Record<string, unknown> };
        return { customId: parsed.custom_id, model: parsed.body.model as string, body: parsed.body };
      });
    const batch = addBatch({ provider: 'openai', id: `batch_${nextId()}`, items, ...(isObject(metadata) ? { metadata: metadata as Record<string, string> } : {}) });
    return openaiBatchObject(batch);
  }

  function openaiBatchObject(batch: BatchState) {
    const outcomes = [...(batch.outcomes?.values() ?? [])];
    return {
      id: batch.id,
      object: 'batch',
      endpoint: '/v1/chat/completions',
      errors: batch.failureReason ? { object: 'list', data: [{ code: 'invalid_request', message: batch.failureReason, param: null, line: 1 }] } : null,
      input_file_id: 'file-input',
      completion_window: '24h',
      status: batch.status,
      output_file_id: batch.outputFileId ?? null,
      error_file_id: batch.errorFileId ?? null,
      created_at: batch.createdAt,
      request_counts: {
        total: batch.items.length,
        completed: outcomes.filter((outcome) => outcome.kind === 'succeeded').length,
        failed: outcomes.filter((outcome) => outcome.kind !== 'succeeded').length,
      },
      metadata: batch.metadata ?? null,
    };
  }

  function openaiFiles(batch: BatchState) {
    const output: string[] = [];
    const errors: string[] = [];
    for (const item of batch.items) {
      const outcome = batch.outcomes!.get(item.customId)!;
      const lineId = `batch_req_${nextId()}`;
      if (outcome.kind === 'succeeded') {
        output.push(JSON.stringify({ id: lineId, custom_id: item.customId, response: { status_code: 200, request_id: `req_${lineId}`, body: outcome.body ?? openaiCompletion(item, outcome.text!) }, error: null }));
      } else if (outcome.kind === 'failed') {
        errors.push(
          JSON.stringify({
            id: lineId,
            custom_id: item.customId,
            response: { status_code: 400, request_id: `req_${lineId}`, body: { error: { message: `Invalid request ${item.customId}`, type: 'invalid_request_error', param: null, code: null } } },
            error: null,
          }),
        );
      } else {
        const code = outcome.kind === 'expired' ? 'batch_expired' : 'batch_cancelled';
        const message = outcome.kind === 'expired' ? 'This request could not be executed before the completion window expired.' : 'This request was not executed because the batch was cancelled.';
        errors.push(JSON.stringify({ id: lineId, custom_id: item.customId, response: null, error: { code, message } }));
      }
    }
    const store = (lines: string[]) => {
      const id = `file-${nextId()}`;
      files.set(id, { id, purpose: 'batch_output', filename: `${id}.jsonl`, content: `${lines.join('\n')}\n` });
      return id;
    };
    if (output.length > 0) batch.outputFileId = store(output);
    if (errors.length > 0) batch.errorFileId = store(errors);
  }

  // ---- Anthropic ----------------------------------------------------------------------------

  function anthropicCreate(body: Record<string, unknown>) {
    if (!Array.isArray(body.requests) || body.requests.length === 0) throw new HttpError(400, 'requests: at least one request is required');
    const ids = new Set<string>();
    const items = body.requests.map((entry, index): FakeBatchItem => {
      if (!isObject(entry) || typeof entry.custom_id !== 'string' || !ANTHROPIC_CUSTOM_ID.test(entry.custom_id)) {
        throw new HttpError(400, `requests.${index}.custom_id: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'`);
      }
      if (ids.has(entry.custom_id)) throw new HttpError(400, `requests.${index}.custom_id: duplicate custom_id '${entry.custom_id}'`);
      ids.add(entry.custom_id);
      const params = entry.params;
      if (!isObject(params) || typeof params.model !== 'string' || typeof params.max_tokens !== 'number' || !Array.isArray(params.messages)) {
        throw new HttpError(400, `requests.${index}.params: model, max_tokens and messages are required`);
      }
      if (params.stream === true) throw new HttpError(400, `requests.${index}.params.stream: streaming is not supported in batches`);
      return { customId: entry.custom_id, model: params.model, body: params };
    });
    return anthropicBatchObject(addBatch({ provider: 'anthropic', id: `msgbatch_${nextId()}`, items }));
  }

  function anthropicBatchObject(batch: BatchState) {
    const ended = batch.outcomes !== undefined;
    const count = (kind: ItemOutcome['kind']) => [...(batch.outcomes?.values() ?? [])].filter((outcome) => outcome.kind === kind).length;
    const created = new Date(batch.createdAt * 1000);
    return {
      id: batch.id,
      type: 'message_batch',
      processing_status: ended ? 'ended' : batch.status === 'cancelling' ? 'canceling' : 'in_progress',
      request_counts: {
        processing: ended ? 0 : batch.items.length,
        succeeded: count('succeeded'),
        errored: count('failed'),
        canceled: count('cancelled'),
        expired: count('expired'),
      },
      ended_at: ended ? new Date().toISOString() : null,
      created_at: created.toISOString(),
      expires_at: new Date(created.getTime() + 24 * 3600 * 1000).toISOString(),
      archived_at: null,
      cancel_initiated_at: batch.cancelRequested ? new Date().toISOString() : null,
      results_url: ended ? `${url}/v1/messages/batches/${batch.id}/results` : null,
    };
  }

  function anthropicResults(batch: BatchState): string {
    if (!batch.outcomes) throw new HttpError(400, `Batch ${batch.id} has not finished processing`);
    const lines = batch.items.map((item) => {
      const outcome = batch.outcomes!.get(item.customId)!;
      const result =
        outcome.kind === 'succeeded'
          ? { type: 'succeeded', message: outcome.body ?? anthropicMessage(item, outcome.text!) }
          : outcome.kind === 'failed'
            ? { type: 'errored', error: { type: 'error', error: { type: 'invalid_request_error', message: `Invalid request ${item.customId}` } } }
            : { type: outcome.kind === 'expired' ? 'expired' : 'canceled' };
      return JSON.stringify({ custom_id: item.customId, result });
    });
    // Results are not guaranteed to be in request order: serve them reversed so clients match by id.
    return `${lines.reverse().join('\n')}\n`;
  }

  // ---- Gemini -------------------------------------------------------------------------------

  function geminiCreate(model: string, body: Record<string, unknown>) {
    const batch = body.batch;
    if (!isObject(batch)) throw new HttpError(400, 'batch is required');
    const displayName = batch.displayName ?? batch.display_name;
    if (typeof displayName !== 'string' || displayName === '') throw new HttpError(400, 'batch.display_name is required');
    const inputConfig = batch.inputConfig ?? batch.input_config;
    const list = isObject(inputConfig) && isObject(inputConfig.requests) ? inputConfig.requests.requests : undefined;
    if (!Array.isArray(list) || list.length === 0) throw new HttpError(400, 'batch.input_config.requests.requests must list at least one request');
    const keys = new Set<string>();
    const items = list.map((entry, index): FakeBatchItem => {
      if (!isObject(entry) || !isObject(entry.request) || !Array.isArray(entry.request.contents)) {
        throw new HttpError(400, `requests[${index}].request must be a GenerateContentRequest with contents`);
      }
      const key = isObject(entry.metadata) ? entry.metadata.key : undefined;
      if (key !== undefined && typeof key !== 'string') throw new HttpError(400, `requests[${index}].metadata.key must be a string`);
      const customId = key ?? `#${index}`;
      if (keys.has(customId)) throw new HttpError(400, `requests[${index}].metadata.key '${customId}' is not unique`);
      keys.add(customId);
      return { customId, model, body: entry.request };
    });
    return geminiOperation(addBatch({ provider: 'gemini', id: `batches/${nextId()}`, items, displayName }));
  }

  function geminiOperation(batch: BatchState) {
    const state =
      batch.status === 'completed'
        ? 'BATCH_STATE_SUCCEEDED'
        : batch.status === 'failed'
          ? 'BATCH_STATE_FAILED'
          : batch.status === 'expired'
            ? 'BATCH_STATE_EXPIRED'
            : batch.status === 'cancelled'
              ? 'BATCH_STATE_CANCELLED'
              : 'BATCH_STATE_RUNNING';
    const done = batch.outcomes !== undefined || batch.status === 'failed';
    const output = batch.outcomes
      ? {
          inlinedResponses: {
            inlinedResponses: batch.items.flatMap((item): Record<string, unknown>[] => {
              const outcome = batch.outcomes!.get(item.customId)!;
              const metadata = item.customId.startsWith('#') ? {} : { metadata: { key: item.customId } };
              if (outcome.kind === 'succeeded') return [{ response: outcome.body ?? geminiResponse(item, outcome.text!), ...metadata }];
              if (outcome.kind === 'failed') return [{ error: { code: 3, message: `Invalid request ${item.customId}`, status: 'INVALID_ARGUMENT' }, ...metadata }];
              return [];
            }),
          },
        }
      : undefined;
    const created = new Date(batch.createdAt * 1000).toISOString();
    return {
      name: batch.id,
      metadata: {
        '@type': 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatch',
        model: `models/${batch.items[0]!.model}`,
        displayName: batch.displayName,
        createTime: created,
        updateTime: new Date().toISOString(),
        batchStats: { requestCount: String(batch.items.length), pendingRequestCount: done ? '0' : String(batch.items.length) },
        state,
        name: batch.id,
        ...(output ? { output } : {}),
      },
      ...(done ? { done: true } : {}),
      ...(output ? { response: { '@type': 'type.googleapis.com/google.ai.generativelanguage.v1main.GenerateContentBatchOutput', ...output } } : {}),
      ...(batch.status === 'failed' ? { error: { code: 13, message: batch.failureReason } } : {}),
    };
  }

  // ---- Test controls ------------------------------------------------------------------------

  function complete(id: string, options: CompleteOptions = {}) {
    const batch = batches.get(id);
    if (!batch) throw new Error(`fake batch providers: no batch ${id}`);
    if (batch.outcomes || batch.status === 'failed') throw new Error(`fake batch providers: batch ${id} has already ended`);
    const known = new Set(batch.items.map((item) => item.customId));
    for (const customId of [...(options.fail ?? []), ...(options.expire ?? []), ...(options.cancel ?? [])]) {
      if (!known.has(customId)) throw new Error(`fake batch providers: batch ${id} has no item ${customId}`);
    }
    const fail = new Set(options.fail);
    const expire = new Set(options.expire);
    const cancel = new Set(options.cancel);
    batch.outcomes = new Map(
      batch.items.map((item): [string, ItemOutcome] => [
        item.customId,
        fail.has(item.customId)
          ? { kind: 'failed' }
          : expire.has(item.customId)
            ? { kind: 'expired' }
            : cancel.has(item.customId)
              ? { kind: 'cancelled' }
              : options.answer
                ? { kind: 'succeeded', body: options.answer(item, batch.provider) }
                : { kind: 'succeeded', text: options.reply ? options.reply(item) : `Answer to ${item.customId}` },
      ]),
    );
    batch.status = batch.cancelRequested || cancel.size > 0 ? 'cancelled' : expire.size > 0 ? 'expired' : 'completed';
    if (batch.provider === 'openai') openaiFiles(batch);
  }

  function failBatch(id: string, reason: string) {
    const batch = batches.get(id);
    if (!batch) throw new Error(`fake batch providers: no batch ${id}`);
    if (batch.provider === 'anthropic') throw new Error('fake batch providers: Anthropic batches do not fail as a whole');
    batch.status = 'failed';
    batch.failureReason = reason;
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    baseUrls: { openai: `${url}/v1`, anthropic: url, gemini: url },
    requests,
    batches: (provider) => [...batches.values()].filter((batch) => provider === undefined || batch.provider === provider),
    batch(id) {
      const batch = batches.get(id);
      if (!batch) throw new Error(`fake batch providers: no batch ${id}`);
      return batch;
    },
    complete,
    failBatch,
    interceptNext(status, json) {
      intercept = { status, json };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

// ---- Canned answers, in each provider's documented shape --------------------------------------

const usageOf = (text: string) => ({ input: 12, output: text.split(' ').length });

function openaiCompletion(item: FakeBatchItem, text: string) {
  const usage = usageOf(text);
  return {
    id: `chatcmpl-${item.customId}`,
    object: 'chat.completion',
    created: 1_700_000_000,
    model: item.model,
    choices: [{ index: 0, message: { role: 'assistant', content: text, refusal: null }, logprobs: null, finish_reason: 'stop' }],
    usage: { prompt_tokens: usage.input, completion_tokens: usage.output, total_tokens: usage.input + usage.output },
    system_fingerprint: 'fp_fake',
  };
}

function anthropicMessage(item: FakeBatchItem, text: string) {
  const usage = usageOf(text);
  return {
    id: `msg_${item.customId}`,
    type: 'message',
    role: 'assistant',
    model: item.model,
    content: [{ type: 'text', text }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: usage.input, output_tokens: usage.output, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  };
}

function geminiResponse(item: FakeBatchItem, text: string) {
  const usage = usageOf(text);
  return {
    candidates: [{ content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: usage.input, candidatesTokenCount: usage.output, totalTokenCount: usage.input + usage.output },
    modelVersion: item.model,
    responseId: `resp-${item.customId}`,
  };
}

// ---- Wire helpers -------------------------------------------------------------------------------

function errorBody(provider: FakeBatchProvider, status: number, message: string): unknown {
  if (provider === 'anthropic') {
    return { type: 'error', error: { type: status === 401 ? 'authentication_error' : status === 404 ? 'not_found_error' : 'invalid_request_error', message } };
  }
  if (provider === 'gemini') {
    return { error: { code: status, message, status: status === 401 ? 'UNAUTHENTICATED' : status === 404 ? 'NOT_FOUND' : 'INVALID_ARGUMENT' } };
  }
  return { error: { message, type: 'invalid_request_error', param: null, code: status === 401 ? 'invalid_api_key' : null } };
}

function sendJson(res: ServerResponse, status: number, json: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
}

function readJson(request: RecordedBatchRequest): Record<string, unknown> {
  if (!String(request.headers['content-type'] ?? '').startsWith('application/json')) throw new HttpError(400, 'content-type must be application/json');
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body.toString('utf8'));
  } catch {
    throw new HttpError(400, 'the body is not JSON');
  }
  if (!isObject(parsed)) throw new HttpError(400, 'the body is not a JSON object');
  return parsed;
}

interface MultipartPart {
  value: string;
  filename?: string;
}

/** A `multipart/form-data` body's parts by name (RFC 7578); a malformed body is a 400. */
function parseMultipart(request: RecordedBatchRequest): Map<string, MultipartPart> {
  const contentType = String(request.headers['content-type'] ?? '');
  const boundary = /^multipart\/form-data;.*boundary=("?)([^";]+)\1/i.exec(contentType)?.[2];
  if (!boundary) throw new HttpError(400, 'content-type must be multipart/form-data with a boundary');
  const text = request.body.toString('latin1');
  const delimiter = `--${boundary}`;
  const end = text.indexOf(`\r\n${delimiter}--`);
  if (!text.startsWith(delimiter) || end < 0) throw new HttpError(400, 'malformed multipart body');
  const parts = new Map<string, MultipartPart>();
  for (const raw of text.slice(delimiter.length, end).split(`\r\n${delimiter}`)) {
    if (!raw.startsWith('\r\n')) throw new HttpError(400, 'malformed multipart delimiter');
    const part = raw.slice(2);
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) throw new HttpError(400, 'malformed multipart part');
    const head = part.slice(0, split);
    const body = part.slice(split + 4);
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(head)?.[1] ?? '';
    const name = /\bname="([^"]*)"/.exec(disposition)?.[1];
    if (name === undefined) throw new HttpError(400, 'a multipart part has no name');
    const filename = /\bfilename="([^"]*)"/.exec(disposition)?.[1];
    parts.set(name, { value: Buffer.from(body, 'latin1').toString('utf8'), ...(filename === undefined ? {} : { filename }) });
  }
  return parts;
}
