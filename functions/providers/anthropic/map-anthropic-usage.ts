import type { Usage } from '../../core/stream-event.ts';
import type { AnthropicUsage } from './anthropic-api-types.ts';

/**
 * Anthropic's counts in OpenAI's terms. Anthropic's `input_tokens` leaves out cache reads and
 * writes, while OpenAI's `prompt_tokens` counts every input token, so they are added back.
 */
export function mapAnthropicUsage(usage: AnthropicUsage): Usage {
  const cacheRead = usage.cache_read_input_tokens;
  const cacheWrite = usage.cache_creation_input_tokens;
  const mapped: Usage = {
    inputTokens: (usage.input_tokens ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: usage.output_tokens ?? 0,
  };
  if (cacheRead !== undefined) mapped.cachedInputTokens = cacheRead;
  if (cacheWrite !== undefined) mapped.cacheWriteInputTokens = cacheWrite;
  return mapped;
}

/**
 * A stream's usage so far: `message_start` carries the input counts, `message_delta` cumulative
 * totals that may repeat or revise any of them, so later fields replace earlier ones.
 */
export const mergeAnthropicUsage = (earlier: AnthropicUsage, later: AnthropicUsage): AnthropicUsage => ({
  ...earlier,
  ...later,
});
