/**
 * One HTTP call to a provider's batch API with Node's own client (net/send-request.ts), as
 * open-upstream.ts makes chat calls: a timeout for the whole exchange (headers and body), the
 * caller's signal, and every failure as a CallError that names the provider. Error bodies are read
 * by the provider's adapter; the key is in the request headers only, never in a message.
 */
import type { IncomingMessage } from 'node:http';
import { CallError } from '../core/call-error.ts';
import { readText, sendRequest } from '../net/send-request.ts';
import type { ProviderAdapter, UpstreamErrorInfo } from '../providers/provider-adapter.ts';
import {
  clientClosedRequest,
  upstreamBadResponse,
  upstreamStatusError,
  upstreamTimeout,
  upstreamUnreachable,
} from '../providers/upstream/upstream-errors.ts';

export const DEFAULT_BATCH_TIMEOUT_MS = 120_000;
const MAX_ERROR_BODY_CHARS = 64 * 1024;

export interface BatchHttpRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  /**
   * A call that submits a batch (or uploads its input), and the scope of its URL: a 404, 405 or
   * 501 to a provider-wide endpoint (`'provider'`: OpenAI's /v1/files and /v1/batches, Anthropic's
   * /v1/messages/batches) says the server has no batch API at all (a custom base URL that serves
   * chat only); a 404 to a URL that names the model (`'model'`: Gemini's
   * `models/{model}:batchGenerateContent`) says only that batch mode does not serve that model
   * (a 405 or 501 to it still says the endpoint itself is missing). See batchRefusalOf.
   */
  submission?: 'provider' | 'model';
}

/** What a server without the endpoint answers: not found, method not allowed, not implemented. */
const NO_BATCH_API_STATUSES = new Set([404, 405, 501]);

const BATCH_API_MISSING = 'batch_api_missing';
const BATCH_MODEL_UNAVAILABLE = 'batch_model_unavailable';

/**
 * What a provider refused when it refused a batch's submission as not served: its whole batch API
 * (`provider`), or batch mode for the batch's model only (`model`); undefined for any other failure.
 */
export function batchRefusalOf(error: unknown): 'provider' | 'model' | undefined {
  if (!(error instanceof CallError)) return undefined;
  if (error.code === BATCH_API_MISSING) return 'provider';
  if (error.code === BATCH_MODEL_UNAVAILABLE) return 'model';
  return undefined;
}

const batchRefused = (provider: string, scope: 'provider' | 'model', status: number, info: UpstreamErrorInfo) =>
  new CallError({
    status: 501,
    kind: 'upstream',
    fault: 'provider',
    provider,
    code: scope === 'provider' ? BATCH_API_MISSING : BATCH_MODEL_UNAVAILABLE,
    message:
      (scope === 'provider'
        ? `${provider} serves no batch API at its base URL: it answered the batch's submission with status ${status}`
        : `${provider} serves no batch mode for the batch's model: it answered the batch's submission with status ${status}`) +
      (info.message ? ` (${info.message})` : ''),
    ...(info.type === undefined ? {} : { providerType: info.type }),
  });

export interface BatchHttpContext {
  provider: string;
  adapter: Pick<ProviderAdapter, 'parseErrorBody'>;
  timeoutMs: number;
}

/** The response body as text; a status of 300 or more is thrown as the provider's error. */
export async function callBatchApi(call: BatchHttpRequest, context: BatchHttpContext, signal?: AbortSignal): Promise<string> {
  const { provider } = context;
  if (signal?.aborted) throw clientClosedRequest();
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('batch API timeout'));
  }, context.timeoutMs);
  const failure = (error: unknown) => {
    if (timedOut) return upstreamTimeout(provider, context.timeoutMs, 'response');
    if (signal?.aborted) return clientClosedRequest();
    return error;
  };

  try {
    let response: IncomingMessage;
    try {
      response = await sendRequest(call, controller.signal);
    } catch (error) {
      throw upstreamUnreachable(provider, error);
    }
    const { headers } = response;
    const statusCode = response.statusCode ?? 0;
    let text: string;
    try {
      text = await readText(response);
    } catch (error) {
      throw upstreamUnreachable(provider, error);
    }
    if (statusCode >= 300) {
      const info = context.adapter.parseErrorBody(text.slice(0, MAX_ERROR_BODY_CHARS), headers);
      if (call.submission && NO_BATCH_API_STATUSES.has(statusCode)) {
        throw batchRefused(provider, call.submission === 'model' && statusCode === 404 ? 'model' : 'provider', statusCode, info);
      }
      const retryAfter = headers['retry-after'];
      throw upstreamStatusError(provider, statusCode, info, typeof retryAfter === 'string' ? retryAfter : null);
    }
    return text;
  } catch (error) {
    throw failure(error);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** The response body as a JSON object. */
export async function callBatchApiJson(call: BatchHttpRequest, context: BatchHttpContext, signal?: AbortSignal): Promise<Record<string, unknown>> {
  const text = await callBatchApi(call, context, signal);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw upstreamBadResponse(context.provider, 'the body is not JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw upstreamBadResponse(context.provider, 'the body is not a JSON object');
  }
  return parsed as Record<string, unknown>;
}

/** The lines of a JSONL body, parsed; blank lines are skipped, an unreadable one is the provider's fault. */
export function parseJsonLines(provider: string, text: string): unknown[] {
  const values: unknown[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      values.push(JSON.parse(line));
    } catch {
      throw upstreamBadResponse(provider, 'a line of the results file is not JSON');
    }
  }
  return values;
}
