import { isJsonObject } from '../../core/is-json-object.ts';
import type { CallError } from '../../core/call-error.ts';
import type { UpstreamErrorInfo } from '../provider-adapter.ts';
import { upstreamStreamError } from '../upstream/upstream-errors.ts';
import type { AnthropicErrorDetail } from './anthropic-api-types.ts';
import { ANTHROPIC_PROVIDER } from './anthropic-constants.ts';
import { readErrorDetail } from './read-anthropic-wire.ts';

const MAX_MESSAGE_CHARS = 500;

/** Anthropic's HTTP error body `{type: 'error', error: {type, message}}`, or its text when not JSON. */
export function parseAnthropicErrorBody(body: string): UpstreamErrorInfo {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const text = body.trim().slice(0, MAX_MESSAGE_CHARS);
    return text ? { message: text } : {};
  }
  if (!isJsonObject(parsed)) return {};
  // Some proxies in front of Anthropic answer with a bare `{message}`.
  const detail = isJsonObject(parsed.error) ? readErrorDetail(parsed.error) : readErrorDetail(parsed);
  const info: UpstreamErrorInfo = {};
  if (detail.message !== undefined) info.message = detail.message;
  if (detail.type !== undefined) info.type = detail.type;
  return info;
}

/**
 * The HTTP status each error type has outside a stream (Anthropic's error reference), so an error
 * event inside a stream is answered as the same failure would be before it.
 */
const STATUS_BY_TYPE = new Map<string, number>([
  ['invalid_request_error', 400],
  ['authentication_error', 401],
  ['billing_error', 402],
  ['permission_error', 403],
  ['not_found_error', 404],
  ['request_too_large', 413],
  ['rate_limit_error', 429],
  ['api_error', 500],
  ['timeout_error', 504],
  ['overloaded_error', 529],
]);

/**
 * An error Anthropic reported after answering 200, i.e. an `event: error` in a stream, as a
 * gateway error: overloaded -> 503, api_error -> 502, rate_limit_error -> 429.
 */
export function anthropicReportedError(detail: AnthropicErrorDetail): CallError {
  const status = (detail.type === undefined ? undefined : STATUS_BY_TYPE.get(detail.type)) ?? 500;
  const info: UpstreamErrorInfo = {};
  if (detail.message !== undefined) info.message = detail.message;
  if (detail.type !== undefined) info.type = detail.type;
  return upstreamStreamError(ANTHROPIC_PROVIDER, info, status);
}
