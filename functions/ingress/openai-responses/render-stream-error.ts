/**
 * A failure after a Responses stream started, as the stream carries it: an `error` event, which the
 * openai SDK raises as an APIError, then `response.failed` for clients that read the response's
 * `error` (Codex retries a failed response by its code: `rate_limit_exceeded`, `server_error`...).
 */
import type { CallError } from '../../core/call-error.ts';
import type { ResponseError } from './response-object.ts';

/** Codex reads these codes of a failed response; any other failure is the server's. */
const FAILED_CODES = new Set(['rate_limit_exceeded', 'context_length_exceeded', 'insufficient_quota']);

/** The `error` a failed response carries, in the codes OpenAI gives one. */
export function responseError(error: CallError): ResponseError {
  const code = error.code !== null && FAILED_CODES.has(error.code) ? error.code : error.kind === 'rate_limit' ? 'rate_limit_exceeded' : 'server_error';
  return { code, message: error.message };
}

/** The `error` event's data, without its type and sequence number. */
export const errorEventFields = (error: CallError) => ({ code: error.code ?? responseError(error).code, message: error.message, param: error.param });

/** The `error` event alone, for a stream passed through from OpenAI: its own response.failed, if any, came before. */
export const responsesErrorFrame = (error: CallError, sequenceNumber: number): string =>
  `event: error\ndata: ${JSON.stringify({ type: 'error', sequence_number: sequenceNumber, ...errorEventFields(error) })}\n\n`;
