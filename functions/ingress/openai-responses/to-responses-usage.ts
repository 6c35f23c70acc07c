import type { Usage } from '../../core/stream-event.ts';

/** Usage in the Responses API's terms. */
export interface ResponsesUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** The unified counts already are OpenAI's (input includes the cached tokens, output the reasoning): renamed only. */
export const toResponsesUsage = (usage: Usage): ResponsesUsage => ({
  input_tokens: usage.inputTokens,
  input_tokens_details: { cached_tokens: usage.cachedInputTokens ?? 0 },
  output_tokens: usage.outputTokens,
  output_tokens_details: { reasoning_tokens: usage.reasoningTokens ?? 0 },
  total_tokens: usage.inputTokens + usage.outputTokens,
});
