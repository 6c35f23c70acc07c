/**
 * The parts of OpenAI's Responses API answers the gateway reads (node_modules/openai's
 * resources/responses/responses.d.ts, and xAI's Responses API, which follows it). Everything is
 * optional and nullable: providers omit freely, and the client gets the answer as sent anyway.
 */

export interface ResponsesUsage {
  input_tokens?: number | null;
  input_tokens_details?: { cached_tokens?: number | null } | null;
  output_tokens?: number | null;
  output_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/** One token of `output_text.logprobs`; xAI may send `bytes: null` and no alternatives. */
export interface ResponsesLogprob {
  token?: string;
  logprob?: number;
  bytes?: number[] | null;
  top_logprobs?: Array<{ token?: string; logprob?: number; bytes?: number[] | null }> | null;
}

/** A message's `output_text` or `refusal` part, or a reasoning item's own `reasoning_text`. */
export interface ResponsesContentPart {
  type?: string;
  text?: string;
  refusal?: string;
  logprobs?: ResponsesLogprob[] | null;
}

/**
 * An output item, by its `type`: `message`, `function_call`, `reasoning`; server tool calls,
 * custom tools and the rest reach a native client as sent and are not read here.
 */
export interface ResponsesOutputItem {
  type?: string;
  content?: ResponsesContentPart[] | null;
  call_id?: string;
  name?: string;
  arguments?: string | null;
  summary?: Array<{ text?: string }> | null;
  encrypted_content?: string | null;
}

/** What the Responses API calls an error: a failed response's `error`, or a stream's `error` event. */
export interface ResponsesError {
  code?: string | null;
  message?: string | null;
  type?: string | null;
  param?: string | null;
}

export interface ResponsesResponse {
  id?: string;
  created_at?: number;
  model?: string;
  service_tier?: string | null;
  /** completed, incomplete, failed; in_progress and queued only while it runs. */
  status?: string;
  output?: ResponsesOutputItem[] | null;
  incomplete_details?: { reason?: string | null } | null;
  error?: ResponsesError | null;
  usage?: ResponsesUsage | null;
}

/**
 * A streaming event's payload. Its `type` names it (as the SSE `event:` line does, where the
 * provider writes one); the fields are those of the types this translator reads.
 */
export interface ResponsesStreamEvent extends ResponsesError {
  type?: string;
  response?: ResponsesResponse | null;
  output_index?: number;
  item?: ResponsesOutputItem | null;
  summary_index?: number;
  delta?: string;
  logprobs?: ResponsesLogprob[] | null;
  /**
   * OpenAI documents an `error` event's code and message at its top level, and has been recorded
   * sending them nested here (test/fixtures/recorded/openai/responses-error.chunks.txt).
   */
  error?: ResponsesError | null;
}
