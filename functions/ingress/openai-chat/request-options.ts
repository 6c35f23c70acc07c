import type { ChatRequest } from './chat-request-schema.ts';

/** The client's output-token limit, whichever of OpenAI's two names it used. */
export const requestedMaxTokens = (request: ChatRequest): number | undefined =>
  request.max_completion_tokens ?? request.max_tokens ?? undefined;

/** `stop` as a list, whether the client sent a string or an array. */
export function stopSequences(request: ChatRequest): string[] {
  const stop = request.stop;
  if (stop == null) return [];
  return typeof stop === 'string' ? [stop] : stop;
}
