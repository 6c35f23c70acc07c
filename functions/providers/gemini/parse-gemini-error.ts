/**
 * Google's error body, `{"error": {code, message, status, details}}` (a `google.rpc.Status`), in the
 * gateway's terms. `status` ("INVALID_ARGUMENT", "RESOURCE_EXHAUSTED"...) is the stable machine
 * word, so it serves as both type and code; a `RetryInfo` detail says how long to wait.
 */
import { isJsonObject } from '../../core/is-json-object.ts';
import type { UpstreamErrorInfo } from '../provider-adapter.ts';
import type { GeminiErrorObject } from './gemini-api-types.ts';

export function parseGeminiErrorObject(error: GeminiErrorObject): UpstreamErrorInfo {
  const info: UpstreamErrorInfo = {};
  if (typeof error.message === 'string') info.message = error.message;
  if (typeof error.status === 'string') {
    info.type = error.status;
    info.code = error.status;
  }
  const retryAfterSeconds = retryDelaySeconds(error.details);
  if (retryAfterSeconds !== undefined) info.retryAfterSeconds = retryAfterSeconds;
  return info;
}

export function parseGeminiErrorBody(body: string): UpstreamErrorInfo {
  try {
    let parsed: unknown = JSON.parse(body);
    // Without `alt=sse`, streaming endpoints answer a JSON array: the error is its first element.
    if (Array.isArray(parsed)) parsed = parsed[0];
    const error = isJsonObject(parsed) ? parsed.error : undefined;
    if (isJsonObject(error)) return parseGeminiErrorObject(error as GeminiErrorObject);
  } catch {
    // Not JSON: a proxy's HTML page or plain text.
  }
  const text = body.trim();
  return text === '' ? {} : { message: text.slice(0, 500) };
}

/** `RetryInfo.retryDelay` is a protobuf Duration in JSON: seconds with an `s` suffix ("30s", "1.5s"). */
function retryDelaySeconds(details: GeminiErrorObject['details']): number | undefined {
  if (!Array.isArray(details)) return undefined;
  for (const detail of details) {
    if (!isJsonObject(detail) || typeof detail['@type'] !== 'string' || !detail['@type'].endsWith('RetryInfo')) continue;
    const match = typeof detail.retryDelay === 'string' ? /^(\d+(?:\.\d+)?)s$/.exec(detail.retryDelay) : null;
    if (match?.[1]) return Number(match[1]);
  }
  return undefined;
}

