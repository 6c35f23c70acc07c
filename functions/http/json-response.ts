import type { GatewayError } from './gateway-error.ts';
import type { WholeResponse } from './http-types.ts';

export const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}): WholeResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Every error answer: OpenAI's envelope, the error's own status and headers (e.g. `retry-after`). */
export const errorResponse = (error: GatewayError, headers: Record<string, string> = {}): WholeResponse =>
  jsonResponse(error.status, error.toJSON(), { ...headers, ...error.headers });
