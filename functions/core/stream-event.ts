/**
 * The unified event model every provider translator produces and every client encoder consumes,
 * so N providers and M client formats cost N + M translators rather than N x M.
 *
 * A translator emits `start` first, then content events per choice, a `finish` per choice, and
 * `usage` whenever the provider reports it (each `usage` replaces the previous one: providers
 * report cumulative totals). A stream that the provider did not end properly ends with `error`,
 * never with a silent stop.
 */
import type { CallError } from './call-error.ts';
import type { Signature, SignatureIssuer } from './parts.ts';

export type UnifiedFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/** The finish reason in OpenAI's vocabulary, with the provider's own word kept for logs. */
export interface FinishReason {
  unified: UnifiedFinishReason;
  raw: string;
  /** The stop sequence that ended the answer, where the provider says which one matched (Anthropic, Claude on Bedrock). */
  stopSequence?: string;
}

export interface Usage {
  /** All input tokens, cached and cache-writing ones included (OpenAI's `prompt_tokens`). */
  inputTokens: number;
  /** Input tokens read from the provider's prompt cache. */
  cachedInputTokens?: number;
  /** Input tokens written to the provider's prompt cache (Anthropic bills them apart). */
  cacheWriteInputTokens?: number;
  /** All output tokens, reasoning ones included (OpenAI's `completion_tokens`). */
  outputTokens: number;
  reasoningTokens?: number;
}

/** OpenAI's per-token log-probability entry, kept as is where a provider returns it. */
export interface TokenLogprob {
  token: string;
  logprob: number;
  bytes: number[] | null;
  top_logprobs: Array<{ token: string; logprob: number; bytes: number[] | null }>;
}

/** Provider data a client must send back unchanged for the next turn to work. */
export interface ToolCallExtra {
  google?: { thought_signature: string };
}

export type StreamEvent =
  | {
      type: 'start';
      id: string;
      /** The model that answered, as the provider names it. */
      model: string;
      /** Unix seconds. */
      created: number;
      systemFingerprint?: string;
      serviceTier?: string;
    }
  | { type: 'text'; choice: number; delta: string }
  | { type: 'reasoning'; choice: number; delta: string }
  /** Closes the reasoning block under way: what makes it sendable back to its issuer (Claude's signature_delta). */
  | { type: 'reasoning-signature'; choice: number; signature: Signature }
  /** A whole reasoning block the provider returned encrypted (Claude's redacted_thinking). */
  | { type: 'redacted-reasoning'; choice: number; data: string; issuer: SignatureIssuer }
  | { type: 'refusal'; choice: number; delta: string }
  | {
      type: 'tool-call-start';
      choice: number;
      /** Position of the call within the choice's tool calls, from 0. */
      index: number;
      id: string;
      name: string;
      extra?: ToolCallExtra;
    }
  | { type: 'tool-call-args'; choice: number; index: number; delta: string }
  | { type: 'logprobs'; choice: number; content: TokenLogprob[] }
  | { type: 'finish'; choice: number; reason: FinishReason }
  | { type: 'usage'; usage: Usage }
  | { type: 'error'; error: CallError };

/**
 * Whether an event says something of the answer itself (content, a finish, an error), as opposed
 * to what only opens it or counts it (`start`, `usage`): a stream's answer has begun with the first.
 */
export const isContentOrError = (event: StreamEvent): boolean => event.type !== 'start' && event.type !== 'usage';
