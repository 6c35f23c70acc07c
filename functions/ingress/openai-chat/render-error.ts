/**
 * A CallError in OpenAI's shape: `{"error": {message, type, param, code}}`, its `type` from the
 * error's kind and fault. A provider's refusal keeps its meaning (`authentication_error`,
 * `rate_limit_error`...); the gateway's own 4xx are all `invalid_request_error`, as OpenAI answers a
 * wrong key (`invalid_api_key`) or a model the project may not use.
 */
import type { CallError, ErrorKind, Fault } from '../../core/call-error.ts';

export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'server_error'
  | 'upstream_error'
  | 'timeout_error';

export interface OpenAIErrorBody {
  error: { message: string; type: OpenAIErrorType; param: string | null; code: string | null };
}

/** Kinds whose type is the provider's meaning when a provider said it, else `invalid_request_error`. */
const PROVIDER_REFUSALS: Partial<Record<ErrorKind, OpenAIErrorType>> = {
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  rate_limit: 'rate_limit_error',
};

const TYPE_BY_KIND: Record<ErrorKind, OpenAIErrorType> = {
  invalid_request: 'invalid_request_error',
  authentication: 'invalid_request_error',
  permission: 'invalid_request_error',
  not_found: 'invalid_request_error',
  request_too_large: 'invalid_request_error',
  rate_limit: 'invalid_request_error',
  cancelled: 'invalid_request_error',
  timeout: 'timeout_error',
  overloaded: 'upstream_error',
  upstream: 'upstream_error',
  unavailable: 'server_error',
  internal: 'server_error',
};

export const openAIErrorType = (kind: ErrorKind, fault: Fault): OpenAIErrorType =>
  (fault === 'provider' ? PROVIDER_REFUSALS[kind] : undefined) ?? TYPE_BY_KIND[kind];

export const toOpenAIErrorBody = (error: CallError): OpenAIErrorBody => ({
  error: { message: error.message, type: openAIErrorType(error.kind, error.fault), param: error.param, code: error.code },
});
