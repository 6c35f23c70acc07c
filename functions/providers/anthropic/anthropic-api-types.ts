/**
 * Anthropic Messages API wire format (`POST /v1/messages`, `anthropic-version: 2023-06-01`), only
 * the parts the gateway sends or reads. Request types are exact; response types list the fields
 * the gateway reads, since Anthropic adds fields and block types over time.
 */

// ---- Request -------------------------------------------------------------------------------

export type AnthropicImageMediaType = 'image/jpeg' | 'image/png' | 'image/gif' | 'image/webp';

/** A prompt-cache breakpoint: the prefix up to and including the block it is on is cached. */
export interface AnthropicCacheControl {
  type: 'ephemeral';
  ttl?: '5m' | '1h';
}

export interface AnthropicTextBlockParam {
  type: 'text';
  text: string;
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicImageBlockParam {
  type: 'image';
  source:
    | { type: 'base64'; media_type: AnthropicImageMediaType; data: string }
    | { type: 'url'; url: string };
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicDocumentBlockParam {
  type: 'document';
  source:
    | { type: 'base64'; media_type: 'application/pdf'; data: string }
    | { type: 'text'; media_type: 'text/plain'; data: string };
  title?: string;
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicToolUseBlockParam {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicToolResultBlockParam {
  type: 'tool_result';
  tool_use_id: string;
  /** Omitted for an empty result: Anthropic rejects empty text blocks. */
  content?: string;
  cache_control?: AnthropicCacheControl;
}

export type AnthropicUserBlockParam =
  | AnthropicTextBlockParam
  | AnthropicImageBlockParam
  | AnthropicDocumentBlockParam
  | AnthropicToolResultBlockParam;

export type AnthropicAssistantBlockParam = AnthropicTextBlockParam | AnthropicToolUseBlockParam;

export type AnthropicMessageParam =
  | { role: 'user'; content: AnthropicUserBlockParam[] }
  | { role: 'assistant'; content: AnthropicAssistantBlockParam[] };

export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
}

export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

/** A fixed thinking budget (up to Claude 4.5), or the model's own choice (Claude 4.6 and later). */
export type AnthropicThinkingConfig = { type: 'enabled'; budget_tokens: number } | { type: 'adaptive' };

export type AnthropicEffort = 'low' | 'medium' | 'high' | 'max';

export interface AnthropicOutputConfig {
  /** Structured outputs (GA, no beta header): the answer's text is JSON matching `schema`. */
  format?: { type: 'json_schema'; schema: Record<string, unknown> };
  /** How much the model may spend on thinking, tool calls and the answer (with adaptive thinking). */
  effort?: AnthropicEffort;
}

export interface AnthropicMessagesRequest {
  model: string;
  max_tokens: number;
  messages: AnthropicMessageParam[];
  /** A string, or text blocks when one carries a cache breakpoint. */
  system?: string | AnthropicTextBlockParam[];
  temperature?: number;
  top_p?: number;
  stop_sequences?: string[];
  metadata?: { user_id: string };
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  thinking?: AnthropicThinkingConfig;
  output_config?: AnthropicOutputConfig;
  stream?: boolean;
}

// ---- Response ------------------------------------------------------------------------------

/**
 * Token counts. `input_tokens` excludes cache reads and writes. In `message_delta` every field is
 * cumulative and any of them may be absent or null.
 */
export interface AnthropicUsage {
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

/** The content blocks the gateway translates; any other `type` (server tools, compaction) is skipped. */
export type AnthropicContentBlock =
  | { type: 'text'; text: string }
  /** `signature` is empty in a stream's content_block_start: it comes as a signature_delta. */
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown };

export interface AnthropicMessage {
  id: string;
  model?: string;
  content: AnthropicContentBlock[];
  stop_reason: string | null;
  usage: AnthropicUsage;
}

export interface AnthropicErrorDetail {
  type?: string;
  message?: string;
}

/** `{type: 'error', error: {type, message}}`, both as an HTTP error body and as a stream event. */
export interface AnthropicErrorBody {
  type: 'error';
  error: AnthropicErrorDetail;
}

export type AnthropicDelta =
  | { type: 'text_delta'; text: string }
  | { type: 'thinking_delta'; thinking: string }
  | { type: 'input_json_delta'; partial_json: string }
  | { type: 'signature_delta'; signature: string };

export type AnthropicStreamEvent =
  | { type: 'message_start'; message: AnthropicMessage }
  /** `content_block` is undefined for a block type the gateway does not translate. */
  | { type: 'content_block_start'; index: number; content_block: AnthropicContentBlock | undefined }
  /** `delta` is undefined for a delta type the gateway does not translate. */
  | { type: 'content_block_delta'; index: number; delta: AnthropicDelta | undefined }
  | { type: 'content_block_stop'; index: number }
  | { type: 'message_delta'; delta: { stop_reason: string | null }; usage: AnthropicUsage }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | { type: 'error'; error: AnthropicErrorDetail };
