import type { CallError } from '../../core/call-error.ts';
import type { UpstreamErrorInfo } from '../provider-adapter.ts';
import { upstreamStreamError } from '../upstream/upstream-errors.ts';
import { BEDROCK_PROVIDER } from './bedrock-constants.ts';
import { readErrorMessage } from './read-bedrock-wire.ts';

const MAX_MESSAGE_CHARS = 500;

/**
 * Bedrock's error: the body is `{"message": ...}` and the type (`ValidationException`,
 * `AccessDeniedException`, `ThrottlingException`...) is in the `x-amzn-errortype` header, as
 * `Type` or `Type:namespace-url`.
 */
export function parseBedrockErrorBody(body: string, headers?: Readonly<Record<string, string | string[] | undefined>>): UpstreamErrorInfo {
  const info: UpstreamErrorInfo = {};
  const header = headers?.['x-amzn-errortype'];
  const type = (Array.isArray(header) ? header[0] : header)?.split(':')[0]?.trim();
  if (type) info.type = type;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    const text = body.trim().slice(0, MAX_MESSAGE_CHARS);
    if (text) info.message = text;
    return info;
  }
  const message = readErrorMessage(parsed);
  if (message !== undefined) info.message = message;
  return info;
}

/**
 * The HTTP status each ConverseStream exception has outside a stream (the API reference), so an
 * exception inside a stream is answered as the same failure would be before it.
 */
const STATUS_BY_EXCEPTION = new Map<string, number>([
  ['validationException', 400],
  ['throttlingException', 429],
  ['serviceUnavailableException', 503],
  ['internalServerException', 500],
  ['modelStreamErrorException', 500],
  ['modelTimeoutException', 504],
]);

/** An event-stream name that is an exception rather than an event (the documented ones all end so). */
export const isBedrockException = (eventType: string): boolean => /exception$/i.test(eventType);

/** An exception Bedrock sent inside a stream that had answered 200, as a gateway error. */
export function bedrockStreamException(exceptionType: string, payload: string): CallError {
  let message: string | undefined;
  try {
    message = readErrorMessage(JSON.parse(payload));
  } catch {
    message = payload.trim().slice(0, MAX_MESSAGE_CHARS) || undefined;
  }
  const info: UpstreamErrorInfo = { type: exceptionType };
  if (message !== undefined) info.message = message;
  return upstreamStreamError(BEDROCK_PROVIDER, info, STATUS_BY_EXCEPTION.get(exceptionType) ?? 500);
}
