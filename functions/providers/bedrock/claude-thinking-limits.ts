import type { ReasoningRequest } from '../../core/reasoning.ts';
import type { AnthropicOutputLimits } from '../anthropic/resolve-anthropic-thinking.ts';
import { resolveClaudeThinking } from '../anthropic/resolve-anthropic-thinking.ts';

/**
 * Claude's output limit and thinking on Bedrock, by Anthropic's own rules (the family's
 * resolveClaudeThinking): the caller's thinking (a budget, adaptive, or none) or one sized from the
 * effort, adaptive from Claude 4.6 on, and a budget that must leave room under the output limit
 * (the gateway's 400, which fails over, rather than Bedrock's). `requested` is the caller's output
 * limit, `maxOutputTokens` the model's.
 */
export const claudeThinkingLimits = (
  reasoning: ReasoningRequest | undefined,
  requested: number | undefined,
  claude: string,
  maxOutputTokens: number | undefined,
): AnthropicOutputLimits => resolveClaudeThinking({ maxTokens: requested, ...(reasoning && { reasoning }) }, claude, maxOutputTokens);
