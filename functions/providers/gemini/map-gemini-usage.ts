/**
 * Gemini's usage counts in OpenAI's terms. Gemini counts thoughts apart from the answer, OpenAI's
 * `completion_tokens` include reasoning, so output = candidates + thoughts. `promptTokenCount`
 * already includes cached tokens; prompt tokens spent on tool use are input too.
 */
import type { Usage } from '../../core/stream-event.ts';
import type { GeminiUsageMetadata } from './gemini-api-types.ts';

export function mapGeminiUsage(metadata: GeminiUsageMetadata): Usage {
  const usage: Usage = {
    inputTokens: (metadata.promptTokenCount ?? 0) + (metadata.toolUsePromptTokenCount ?? 0),
    outputTokens: (metadata.candidatesTokenCount ?? 0) + (metadata.thoughtsTokenCount ?? 0),
  };
  if (metadata.cachedContentTokenCount !== undefined) usage.cachedInputTokens = metadata.cachedContentTokenCount;
  if (metadata.thoughtsTokenCount !== undefined) usage.reasoningTokens = metadata.thoughtsTokenCount;
  return usage;
}
