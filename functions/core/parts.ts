/**
 * The content of a call's messages, typed by what it is rather than by how a dialect spells it, so
 * each provider family converts from one vocabulary. What only one dialect can express is kept
 * whole as a NativePart: a family that cannot send it fails loudly or drops it on purpose.
 */
import type { ProviderFamilyId } from '../providers/provider-families.ts';
import type { CacheBreakpoint } from './cache.ts';
import type { Dialect } from './call.ts';

export type UserPart = TextPart | ImagePart | DocumentPart | AudioPart | NativePart;
export type AssistantPart = TextPart | RefusalPart | ReasoningPart | RedactedReasoningPart | ToolCallPart | NativePart;

export interface TextPart {
  type: 'text';
  text: string;
  cache?: CacheBreakpoint;
  citations?: Citation[];
}
export interface RefusalPart {
  type: 'refusal';
  text: string;
}

export type MediaSource =
  | { kind: 'url'; url: string }
  | { kind: 'base64'; mediaType: string; data: string }
  | { kind: 'text'; mediaType: 'text/plain'; data: string }
  /** A provider-side file (OpenAI file_id, Anthropic Files API): only that family can read it. */
  | { kind: 'file'; family: ProviderFamilyId; id: string };

export interface ImagePart {
  type: 'image';
  source: MediaSource;
  detail?: 'auto' | 'low' | 'high';
  cache?: CacheBreakpoint;
}
/** A PDF (base64, URL or provider file) or plain text the model reads as a document. */
export interface DocumentPart {
  type: 'document';
  source: MediaSource;
  /** Anthropic's title, OpenAI's file.filename. */
  title?: string;
  /** Anthropic's document context. */
  context?: string;
  /** Anthropic's citations.enabled. */
  citations?: boolean;
  cache?: CacheBreakpoint;
}
export interface AudioPart {
  type: 'audio';
  data: string;
  format: string;
}

export interface ToolCallPart {
  type: 'tool-call';
  id: string;
  name: string;
  /** The arguments as JSON text, exactly as received: invalid JSON is the provider's to reject, as today. */
  arguments: string;
  /** Opaque provider state to send back with the call (Gemini's thought signature). */
  signature?: Signature;
  cache?: CacheBreakpoint;
}
export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  content: Array<TextPart | ImagePart | DocumentPart>;
  /** Anthropic's is_error. */
  isError?: boolean;
  cache?: CacheBreakpoint;
}

/** Reasoning text. A signature makes it sendable back to the model line that issued it (Claude thinking). */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  signature?: Signature;
}
/** Reasoning the provider returned encrypted (Claude redacted_thinking; later OpenAI encrypted_content). */
export interface RedactedReasoningPart {
  type: 'redacted-reasoning';
  data: string;
  issuer: SignatureIssuer;
}

/** A block only one dialect can express (server_tool_use, web_search_tool_result, an OpenAI file part of no known form…). */
export interface NativePart {
  type: 'native';
  dialect: Dialect;
  block: Readonly<Record<string, unknown>>;
}

/**
 * Which model line can verify a signature. Keyed by issuer, not provider: a Claude signature is
 * meant for Claude wherever it runs, a Gemini one for Gemini only, so a family sends back only those
 * it serves.
 */
export type SignatureIssuer = 'claude' | 'gemini' | 'openai';
export interface Signature {
  issuer: SignatureIssuer;
  value: string;
}

export interface Citation {
  kind: string;
  citedText: string;
  documentIndex?: number;
  raw: Readonly<Record<string, unknown>>;
}
