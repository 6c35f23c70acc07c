/**
 * What each provider family implements: a request translator into the provider's wire format and
 * response translators out of it into the unified event model. Adapters are pure: no I/O, no
 * clocks other than `now` passed in, so they are tested by replaying recorded bodies.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import type { Call, Dialect } from '../core/call.ts';
import type { StreamEvent } from '../core/stream-event.ts';

export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /**
   * What the translation left out that the caller should know of (a server tool this provider
   * cannot run), for the route's explanation (`x-switchyard-route`). Never silent.
   */
  notes?: string[];
}

export interface BuildContext {
  /** The provider's own model name: the part after `provider/`. */
  model: string;
  apiKey: string;
  /** The provider's base URL, as its SDK's `*_BASE_URL` variable means it, without a trailing slash (loadConfig strips it). */
  baseUrl: string;
  /** Whether to ask the provider for a stream. */
  stream: boolean;
  /** The model's maximum output tokens from the catalog, for providers that require a limit. */
  maxOutputTokens?: number;
  /** Whether the model reasons, by the catalog's capabilities; absent when the catalog does not list it. */
  reasons?: boolean;
  /**
   * The family's translated form even for a call in the target's own dialect: for a batch API that
   * takes one kind of body (OpenAI's batch lines here are chat completions).
   */
  translated?: true;
}

export interface ResponseContext {
  /** The model the request was sent to, used where a provider's response does not name it. */
  model: string;
  /** Unix seconds, used where a provider's response carries no creation time. */
  now: number;
  /**
   * The dialect the request went in when it went natively (one of `nativeDialects`, the call's
   * own): the answer is in that dialect, for an adapter whose provider speaks more than one
   * (OpenAI's Chat Completions and Responses).
   */
  native?: Dialect;
  /**
   * The events are read for the gateway's records only (serve/translate-for-records.ts), which
   * leaves the content's deltas unread once it has begun: a translator learns no template to read
   * them by (core/string-slot-template.ts). Only its usage, errors and the content's beginning are
   * read.
   */
  forRecords?: true;
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

/**
 * Translates one provider stream, message by message, synchronously: the gateway calls it for
 * every message of an upstream read and writes what they yield at once, so a stream costs one
 * async step and one socket write per read rather than per event.
 */
export interface StreamTranslator {
  /**
   * The events one provider message yields. An `error` event ends the stream (the provider
   * reported one, or sent something unreadable); after the provider's own end marker, further
   * messages yield nothing.
   */
  push(message: EventSourceMessage): StreamEvent[];
  /** The events the end of the body yields: an `error` when the provider had not ended its stream. */
  end(): StreamEvent[];
}

/** What a provider that signs its requests needs to do so. */
export interface AuthorizeContext {
  /** The provider's key when one is set (Bedrock: an API key, sent as a bearer token). */
  apiKey: string | undefined;
  /** The AWS region to sign for, for providers called with SigV4. */
  region: string | undefined;
}

/** How a provider frames its stream: server-sent events, or AWS's binary event stream (Bedrock). */
export type StreamFraming = 'sse' | 'aws-eventstream';

export interface ProviderAdapter {
  /** Throws a CallError (400) for a call the provider cannot serve. */
  buildRequest(call: Call, context: BuildContext): UpstreamRequest;
  /**
   * Adds credentials that cannot be known when the request is built (a signature over the final
   * request, credentials fetched from AWS): the one step of an adapter that may do I/O. Without it,
   * `buildRequest`'s request is sent as is.
   */
  authorize?(request: UpstreamRequest, context: AuthorizeContext): Promise<UpstreamRequest>;
  /**
   * The front doors' dialects this provider's own API speaks (Anthropic: Messages; OpenAI: Chat
   * Completions and Responses). A call that came in by one of those doors is sent as the caller
   * wrote it, and its answer can go back as the provider sent it.
   */
  nativeDialects?: readonly Dialect[];
  /** `sse` when absent. Either way, the translator receives `{ event, data }` messages. */
  streamFraming?: StreamFraming;
  /** A whole non-streaming response body, as events. */
  parseChatResponse(body: unknown, context: ResponseContext): StreamEvent[];
  /** A translator for one stream of the provider's server-sent events. */
  createStreamTranslator(context: ResponseContext): StreamTranslator;
  /**
   * For a native stream a door passes on as sent, whose events are read for the records only
   * (serve/translate-for-records.ts): whether a message holds nothing they read (no usage, no
   * error, not the stream's end), so that it need not be translated. Before the content has begun
   * (`contentBegun` false), a message that could begin it, or carries what the records read later
   * (Anthropic's input tokens in `message_start`), must be. Absent: every message is.
   */
  holdsNothingForRecords?(message: EventSourceMessage, context: ResponseContext, contentBegun: boolean): boolean;
  /**
   * For a native stream a door passes on as sent: whether a message begins the provider's answer
   * though the translator makes no content of it (a Responses output item the core does not model,
   * such as a custom tool's call), so that the stream is handed on from it rather than held until
   * content comes, perhaps at its end (serve/open-event-stream.ts). Absent: content alone begins it.
   */
  beginsAnswer?(message: EventSourceMessage, context: ResponseContext): boolean;
  /**
   * An error response body (text, possibly not JSON), in the provider's terms; some providers put
   * the error's type in a header (Bedrock's `x-amzn-errortype`).
   */
  parseErrorBody(body: string, headers?: Readonly<Record<string, string | string[] | undefined>>): UpstreamErrorInfo;
}
