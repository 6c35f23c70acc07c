import type { Usage } from '../../core/stream-event.ts';

/** Anthropic's `usage`, in the order Anthropic writes it. */
export interface AnthropicUsageObject {
  input_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
  output_tokens: number;
  output_tokens_details?: { thinking_tokens: number };
}

/**
 * Unified usage in Anthropic's terms: `input_tokens` leaves out the cache reads and writes, which
 * Anthropic counts apart (the reverse of providers/anthropic/map-anthropic-usage.ts).
 */
export function toAnthropicUsage(usage: Usage): AnthropicUsageObject {
  const cacheRead = usage.cachedInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  return {
    // Never below zero, whatever a provider's counts say: a client adds these up.
    input_tokens: Math.max(0, usage.inputTokens - cacheRead - cacheWrite),
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
    output_tokens: usage.outputTokens,
    ...(usage.reasoningTokens !== undefined && { output_tokens_details: { thinking_tokens: usage.reasoningTokens } }),
  };
}

/** What an answer reports before (or without) the provider's counts. */
export const NO_USAGE: Usage = { inputTokens: 0, outputTokens: 0 };
