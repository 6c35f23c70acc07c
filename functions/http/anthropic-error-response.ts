/**
 * An error answer on the Messages door: Anthropic's envelope and status, the error's own headers
 * (`retry-after`), and the request id under the name Anthropic's clients read (`request-id`).
 */
import type { CallError } from '../core/call-error.ts';
import { renderAnthropicError } from '../ingress/anthropic-messages/render-error.ts';
import type { WholeResponse } from './http-types.ts';
import { jsonResponse } from './json-response.ts';

export function anthropicErrorResponse(error: CallError, headers: Record<string, string> = {}): WholeResponse {
  const requestId = headers['x-request-id'];
  const { status, body } = renderAnthropicError(error, requestId);
  return jsonResponse(status, body, { ...headers, ...error.headers, ...(requestId !== undefined && { 'request-id': requestId }) });
}
