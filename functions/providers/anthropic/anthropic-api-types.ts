/**
 * Anthropic Messages API wire format (`POST /v1/messages`, `anthropic-version: 2023-06-01`), only
 * the parts the gateway sends or reads. Request types are exact, but for the blocks and tools a
 * caller wrote in Anthropic's own terms, sent as they are (AnthropicNative); response types list
 * the fields the gateway reads, since Anthropic adds fields and block types over time.
 */
import type { AnthropicNative } from './anthropic-native.ts';

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

/** A file uploaded with Anthropic's Files API (beta `files-api-2025-04-14`). */
export interface AnthropicFileSource {
  type: 'file';
  file_id: string;
}

export interface AnthropicImageBlockParam {
  type: 'image';
  source:
    | { type: 'base64'; media_type: AnthropicImageMediaType; data: string }
    | { type: 'url'; url: string }
    | AnthropicFileSource;
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicDocumentBlockParam {
  type: 'document';
  source:
    | { type: 'base64'; media_type: 'application/pdf'; data: string }
    | { type: 'text'; media_type: 'text/plain'; data: string }
    | { type: 'url'; url: string }
    | AnthropicFileSource;
  title?: string;
  /** Context about the document the model reads but does not cite. */
  context?: string;
  citations?: { enabled: boolean };
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicToolUseBlockParam {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
}

export type AnthropicToolResultContentBlock = AnthropicTextBlockParam | AnthropicImageBlockParam | AnthropicDocumentBlockParam;

export interface AnthropicToolResultBlockParam {
  type: 'tool_result';
  tool_use_id: string;
  /** Text, or blocks when the result holds an image or a document. Omitted for an empty result: Anthropic rejects empty text blocks. */
  content?: string | AnthropicToolResultContentBlock[];
  is_error?: boolean;
  cache_control?: AnthropicCacheControl;
}

/** Claude's own thinking, sent back with the signature that lets Claude verify it. */
export interface AnthropicThinkingBlockParam {
  type: 'thinking';
  thinking: string;
  signature: string;
  /** Thinking blocks cannot be cache breakpoints themselves (they are cached with the turn). */
  cache_control?: never;
}

/** Thinking Claude returned encrypted, sent back as it came. */
export interface AnthropicRedactedThinkingBlockParam {
  type: 'redacted_thinking';
  data: string;
  cache_control?: never;
}

export type AnthropicUserBlockParam =
  | AnthropicTextBlockParam
  | AnthropicImageBlockParam
  | AnthropicDocumentBlockParam
  | AnthropicToolResultBlockParam
  | AnthropicNative;

export type AnthropicAssistantBlockParam =
  | AnthropicTextBlockParam
  | AnthropicToolUseBlockParam
  | AnthropicThinkingBlockParam
  | AnthropicRedactedThinkingBlockParam
  | AnthropicNative;

export type AnthropicMessageParam =
  | { role: 'user'; content: AnthropicUserBlockParam[] }
  | { role: 'assistant'; content: AnthropicAssistantBlockParam[] };

/** A tool the caller runs, described by its input schema. */
export interface AnthropicCustomTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
}

/** A custom tool, or one Anthropic defines (web_search_20250305, bash_20250124…), sent as its definition. */
export type AnthropicTool = AnthropicCustomTool | AnthropicNative;

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
  format?: { type: 'json_schema'; schema: Readonly<Record<string, unknown>> };
  /** How much the model may spend on thinking, tool calls and the answer (with adaptive thinking). */
  effort?: AnthropicEffort;
}

/**
 * The fields the translation sets. What a caller says for Anthropic alone (container, mcp_servers,
 * context_management, more metadata) joins them as sent (with-anthropic-options.ts).
 */
export interface AnthropicMessagesRequest {
  model: string;
  max_tokens: number;
  messages: AnthropicMessageParam[];
  /** A string, or text blocks when one carries a cache breakpoint. */
  system?: string | AnthropicTextBlockParam[];
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
  metadata?: { user_id: string };
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  thinking?: AnthropicThinkingConfig;
  output_config?: AnthropicOutputConfig;
  /** Automatic caching: Anthropic places the breakpoint itself, on the last cacheable block. */
  cache_control?: AnthropicCacheControl;
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
  /** The stop sequence that matched, when one did. */
  stop_sequence?: string;
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
  | { type: 'message_delta'; delta: { stop_reason: string | null; stop_sequence?: string }; usage: AnthropicUsage }
  | { type: 'message_stop' }
  | { type: 'ping' }
  | { type: 'error'; error: AnthropicErrorDetail };
