/**
 * A CallError in Anthropic's shape, `{"type":"error","error":{"type","message"}}`, with the status
 * Anthropic's clients expect for that type (its error reference: 400 invalid_request_error, 401
 * authentication_error, 402 billing_error, 403 permission_error, 404 not_found_error, 413
 * request_too_large, 429 rate_limit_error, 500 api_error, 504 timeout_error, 529 overloaded_error).
 *
 * The type follows the kind alone: Anthropic answers its own refused key with
 * `authentication_error`, so the gateway's refusals read the same as a provider's. The choices
 * the reference leaves open:
 * - overloaded (a provider's 503 or 529, an open breaker, no target): 529 `overloaded_error`,
 *   which Anthropic clients retry and Claude Code can answer by falling back to another model;
 * - timeout (a provider's or the route's deadline): 504 `timeout_error`, the status it already has;
 * - upstream, unavailable, internal: `api_error` with the gateway's own status (502 for a provider
 *   that failed, 503 for one out of reach or a missing part of the gateway, 500 for a bug), which
 *   clients retry as any 5xx;
 * - cancelled (the client left): `invalid_request_error` with its 499, the type Anthropic uses for
 *   any other 4xx; nobody reads it;
 * - a provider's 402 arrives as invalid_request: its `billing_error` type is kept.
 * Response headers (retry-after) are the error's own `headers`, set by the route.
 */
import type { CallError, ErrorKind } from '../../core/call-error.ts';

export type AnthropicErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'billing_error'
  | 'permission_error'
  | 'not_found_error'
  | 'request_too_large'
  | 'rate_limit_error'
  | 'api_error'
  | 'timeout_error'
  | 'overloaded_error';

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType; message: string };
  request_id?: string;
}

const TYPE_BY_KIND: Record<ErrorKind, AnthropicErrorType> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  request_too_large: 'request_too_large',
  rate_limit: 'rate_limit_error',
  timeout: 'timeout_error',
  overloaded: 'overloaded_error',
  upstream: 'api_error',
  unavailable: 'api_error',
  internal: 'api_error',
  cancelled: 'invalid_request_error',
};

/** Anthropic's status for overloaded; every other kind keeps the status the gateway chose. */
const OVERLOADED_STATUS = 529;

const anthropicErrorType = (error: CallError): AnthropicErrorType =>
  error.kind === 'invalid_request' && error.providerType === 'billing_error' ? 'billing_error' : TYPE_BY_KIND[error.kind];

/** The body alone: what an `event: error` frame carries in a stream. */
export const toAnthropicErrorBody = (error: CallError, requestId?: string): AnthropicErrorBody => ({
  type: 'error',
  error: { type: anthropicErrorType(error), message: error.message },
  ...(requestId !== undefined && { request_id: requestId }),
});

export const renderAnthropicError = (error: CallError, requestId?: string): { status: number; body: AnthropicErrorBody } => ({
  status: error.kind === 'overloaded' ? OVERLOADED_STATUS : error.status,
  body: toAnthropicErrorBody(error, requestId),
});

/** The `event: error` frame a stream ends with when it fails after it started. */
export const anthropicErrorFrame = (error: CallError): string => `event: error\ndata: ${JSON.stringify(toAnthropicErrorBody(error))}\n\n`;
