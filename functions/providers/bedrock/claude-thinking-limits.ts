import type { ReasoningRequest } from '../../core/reasoning.ts';
import type { AnthropicOutputLimits } from '../anthropic/resolve-anthropic-thinking.ts';
import { resolveClaudeThinking } from '../anthropic/resolve-anthropic-thinking.ts';
import { DEFAULT_MAX_TOKENS } from '../anthropic/anthropic-constants.ts';

/**
 * Claude's output limit and thinking on Bedrock, as on Anthropic's API: the caller's own thinking
 * (a budget, adaptive, or none) as asked, or one sized from the reasoning effort. `requested` is
 * the caller's output limit, `maxOutputTokens` the model's.
 */
export function claudeThinkingLimits(
  reasoning: ReasoningRequest | undefined,
  requested: number | undefined,
  claude: string,
  maxOutputTokens: number | undefined,
): AnthropicOutputLimits {
  const maxTokens = requested ?? maxOutputTokens ?? DEFAULT_MAX_TOKENS;
  if (reasoning?.mode === 'disabled') return { max_tokens: maxTokens };
  // Anthropic requires the budget below max_tokens: without a limit of the caller's or the model's, the budget plus a default answer.
  if (reasoning?.mode === 'enabled' && reasoning.budgetTokens !== undefined) {
    const budget = reasoning.budgetTokens;
    return { max_tokens: requested ?? maxOutputTokens ?? budget + DEFAULT_MAX_TOKENS, thinking: { type: 'enabled', budget_tokens: budget } };
  }
  const byEffort = effortLimits(reasoning?.effort, requested, claude, maxOutputTokens);
  if (reasoning?.mode === 'adaptive') return { max_tokens: maxTokens, thinking: { type: 'adaptive' }, ...(byEffort.effort && { effort: byEffort.effort }) };
  return byEffort;
}

/** Thinking sized from the effort, as Anthropic's own API sizes it. */
const effortLimits = (effort: ReasoningRequest['effort'], requested: number | undefined, claude: string, maxOutputTokens: number | undefined): AnthropicOutputLimits =>
  resolveClaudeThinking({ maxTokens: requested, ...(effort !== undefined && { reasoning: { effort } }) }, claude, maxOutputTokens);
