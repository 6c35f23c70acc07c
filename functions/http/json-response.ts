import type { CallError } from '../core/call-error.ts';
import { toOpenAIErrorBody } from '../ingress/openai-chat/render-error.ts';
import type { WholeResponse } from './http-types.ts';

export const jsonResponse = (status: number, body: unknown, headers: Record<string, string> = {}): WholeResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Every error answer: OpenAI's envelope, the error's own status and headers (e.g. `retry-after`). */
export const errorResponse = (error: CallError, headers: Record<string, string> = {}): WholeResponse =>
  jsonResponse(error.status, toOpenAIErrorBody(error), { ...headers, ...error.headers });
