/**
 * The parts of Bedrock's Converse and ConverseStream wire formats the gateway reads and writes
 * (Amazon Bedrock API reference, `bedrock-runtime`). Binary fields (`bytes`) travel as base64
 * strings in the JSON protocol.
 */

export type BedrockImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';
export type BedrockDocumentFormat = 'pdf' | 'csv' | 'doc' | 'docx' | 'xls' | 'xlsx' | 'html' | 'txt' | 'md';

export interface BedrockTextBlock {
  text: string;
}
/** Caches the prompt up to here (the tools, system or messages before it); Claude and Nova models read it. */
export interface BedrockCachePointBlock {
  cachePoint: { type: 'default'; ttl?: '5m' | '1h' };
}
export interface BedrockImageBlock {
  image: { format: BedrockImageFormat; source: { bytes: string } };
}
export interface BedrockDocumentBlock {
  document: { format: BedrockDocumentFormat; name: string; source: { bytes: string } };
}
export interface BedrockToolUseBlock {
  toolUse: { toolUseId: string; name: string; input: Record<string, unknown> };
}
/** Images in tool results are for Claude and Nova models; others refuse them. */
export type BedrockToolResultContent = BedrockTextBlock | BedrockImageBlock | BedrockDocumentBlock;
export interface BedrockToolResultBlock {
  toolResult: { toolUseId: string; content: BedrockToolResultContent[]; status?: 'success' | 'error' };
}

/** Reasoning sent back to the model that issued it: signed text, or what it returned encrypted (base64). */
export interface BedrockReasoningBlock {
  reasoningContent: { reasoningText: { text: string; signature?: string } } | { redactedContent: string };
}

export type BedrockUserBlock = BedrockTextBlock | BedrockImageBlock | BedrockDocumentBlock | BedrockToolResultBlock | BedrockCachePointBlock;
export type BedrockAssistantBlock = BedrockTextBlock | BedrockToolUseBlock | BedrockReasoningBlock | BedrockCachePointBlock;
export type BedrockSystemBlock = BedrockTextBlock | BedrockCachePointBlock;

export type BedrockMessage = { role: 'user'; content: BedrockUserBlock[] } | { role: 'assistant'; content: BedrockAssistantBlock[] };

export interface BedrockInferenceConfig {
  maxTokens?: number;
  temperature?: number;
  topP?: number;
  stopSequences?: string[];
}

export interface BedrockTool {
  toolSpec: { name: string; description?: string; inputSchema: { json: Record<string, unknown> } };
}

export type BedrockToolChoice = { auto: Record<string, never> } | { any: Record<string, never> } | { tool: { name: string } };

export interface BedrockToolConfig {
  tools: Array<BedrockTool | BedrockCachePointBlock>;
  toolChoice?: BedrockToolChoice;
}

/** The Converse request body; the model id travels in the URL, not here. */
export interface BedrockConverseRequest {
  messages: BedrockMessage[];
  system?: BedrockSystemBlock[];
  inferenceConfig?: BedrockInferenceConfig;
  toolConfig?: BedrockToolConfig;
  /** Model-specific fields Converse passes through (Claude's `thinking`). */
  additionalModelRequestFields?: Record<string, unknown>;
  /** Fields of the model's own response to return in `additionalModelResponseFields`, as JSON pointers (Claude's `/stop_sequence`). */
  additionalModelResponseFieldPaths?: string[];
  /** The caller's own, as its provider options give them. */
  guardrailConfig?: unknown;
  performanceConfig?: unknown;
}

/** `TokenUsage`. For Claude, `inputTokens` leaves out cache reads and writes, as Anthropic's API does. */
export interface BedrockUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
}

/** A response content block the gateway translates; others (images, citations...) are skipped. */
export type BedrockContentBlock =
  | { kind: 'text'; text: string }
  | { kind: 'reasoning'; text: string; signature?: string }
  /** Reasoning the model returned encrypted: `redactedContent`'s bytes, as the base64 they travel as. */
  | { kind: 'redacted-reasoning'; data: string }
  | { kind: 'toolUse'; toolUseId: string; name: string; input: unknown };

export interface BedrockConverseResponse {
  content: BedrockContentBlock[];
  stopReason: string | null;
  /** The stop sequence that matched, from `additionalModelResponseFields` where the request asked for it. */
  stopSequence?: string;
  usage: BedrockUsage;
}

/** One ConverseStream event, by its `:event-type`. */
export type BedrockStreamEvent =
  | { type: 'messageStart' }
  | { type: 'contentBlockStart'; index: number; toolUse?: { toolUseId: string; name: string } }
  | { type: 'contentBlockDelta'; index: number; delta: BedrockDelta | undefined }
  | { type: 'contentBlockStop'; index: number }
  | { type: 'messageStop'; stopReason: string | null; stopSequence?: string }
  | { type: 'metadata'; usage: BedrockUsage | undefined };

export type BedrockDelta =
  | { kind: 'text'; text: string }
  | { kind: 'toolUse'; input: string }
  | { kind: 'reasoning'; text: string }
  /** Ends a reasoning block: what makes it sendable back. */
  | { kind: 'reasoning-signature'; signature: string }
  | { kind: 'redacted-reasoning'; data: string };
