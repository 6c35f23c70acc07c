import type { Call } from '../../core/call.ts';
import { resolveAnthropicThinking, type AnthropicOutputLimits } from '../anthropic/resolve-anthropic-thinking.ts';

/**
 * Claude's output limit and thinking on Bedrock, sized as on Anthropic's API. Anthropic's resolver
 * still reads an OpenAI body (its family moves to the call in its own commit), so it is given the
 * two fields it reads.
 */
export function claudeThinkingLimits(call: Call, claude: string, maxOutputTokens: number | undefined): AnthropicOutputLimits {
  const effort = call.reasoning?.effort;
  return resolveAnthropicThinking(
    {
      model: call.model,
      messages: [],
      ...(effort !== undefined && { reasoning_effort: effort }),
      ...(call.output.maxTokens !== undefined && { max_completion_tokens: call.output.maxTokens }),
    },
    claude,
    maxOutputTokens,
  );
}
