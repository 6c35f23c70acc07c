/**
 * What each provider family implements: a request translator into the provider's wire format and
 * response translators out of it into the unified event model. Adapters are pure: no I/O, no
 * clocks other than `now` passed in, so they are tested by replaying recorded bodies.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import type { ChatRequest } from '../chat/chat-request-schema.ts';
import type { StreamEvent } from '../chat/stream-event.ts';

export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface BuildContext {
  /** The provider's own model name: the part after `provider/`. */
  model: string;
  apiKey: string;
  /** The provider's base URL, as its SDK's `*_BASE_URL` variable means it. */
  baseUrl: string;
  /** Whether to ask the provider for a stream. */
  stream: boolean;
  /** The model's maximum output tokens from the catalog, for providers that require a limit. */
  maxOutputTokens?: number;
}

export interface ResponseContext {
  /** The model the request was sent to, used where a provider's response does not name it. */
  model: string;
  /** Unix seconds, used where a provider's response carries no creation time. */
  now: number;
}

/** What an error body from the provider says, in the provider's own terms. */
export interface UpstreamErrorInfo {
  message?: string;
  type?: string;
  code?: string;
  param?: string;
  /** Seconds to wait, where the body (not only the `retry-after` header) says so. */
  retryAfterSeconds?: number;
}

export interface ProviderAdapter {
  /** Throws a GatewayError (400) for a request the provider cannot serve. */
  buildChatRequest(request: ChatRequest, context: BuildContext): UpstreamRequest;
  /** A whole non-streaming response body, as events. */
  parseChatResponse(body: unknown, context: ResponseContext): StreamEvent[];
  /**
   * The provider's server-sent events, as unified events. Ends with an `error` event when the
   * provider reports one or when the stream ends before the provider's own end marker.
   */
  parseChatStream(messages: AsyncIterable<EventSourceMessage>, context: ResponseContext): AsyncIterable<StreamEvent>;
  /** An error response body (text, possibly not JSON), in the provider's terms. */
  parseErrorBody(body: string): UpstreamErrorInfo;
}
