import type { ChatRequest } from './chat-request-schema.ts';

/**
 * Whether an OpenAI-shaped request carries Anthropic's `cache_control` of its own: on the request
 * (automatic caching), a tool, a message or a content part. The call does not carry these
 * breakpoints on, but a caller who places them has chosen where to cache, so the gateway places
 * none of its own (`CacheHints.callerPlaced`).
 */
export function requestHasCacheControl(request: ChatRequest): boolean {
  const has = (item: object) => 'cache_control' in item;
  return (
    has(request) ||
    (request.tools?.some(has) ?? false) ||
    request.messages.some((message) => has(message) || (Array.isArray(message.content) && message.content.some(has)))
  );
}
