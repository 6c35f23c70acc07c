import type { Usage } from '../../core/stream-event.ts';
import type { BedrockUsage } from './bedrock-api-types.ts';

/**
 * Converse's counts as the unified usage. Like Anthropic's, Bedrock's `inputTokens` leaves out cache
 * reads and writes, while the unified `inputTokens` (OpenAI's `prompt_tokens`) counts every input
 * token, so they are added back.
 */
export function mapBedrockUsage(usage: BedrockUsage): Usage {
  const cacheRead = usage.cacheReadInputTokens;
  const cacheWrite = usage.cacheWriteInputTokens;
  const mapped: Usage = {
    inputTokens: (usage.inputTokens ?? 0) + (cacheRead ?? 0) + (cacheWrite ?? 0),
    outputTokens: usage.outputTokens ?? 0,
  };
  if (cacheRead !== undefined) mapped.cachedInputTokens = cacheRead;
  if (cacheWrite !== undefined) mapped.cacheWriteInputTokens = cacheWrite;
  return mapped;
}
