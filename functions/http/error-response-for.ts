/**
 * Which dialect an error is answered in, by the path the client called: Anthropic's under
 * /v1/messages, where its SDKs and Claude Code read Anthropic's errors, OpenAI's everywhere else.
 * By path rather than by route, so that a request refused before it is routed (no key, a body over
 * the limit) is answered in the same dialect as one refused after.
 */
import type { CallError } from '../core/call-error.ts';
import { anthropicErrorResponse } from './anthropic-error-response.ts';
import type { WholeResponse } from './http-types.ts';
import { errorResponse } from './json-response.ts';

export type RenderError = (error: CallError, headers?: Record<string, string>) => WholeResponse;

const MESSAGES_PATH = /^\/v1\/messages(?:\/|$)/;

export const errorResponseFor = (path: string): RenderError => (MESSAGES_PATH.test(path) ? anthropicErrorResponse : errorResponse);
