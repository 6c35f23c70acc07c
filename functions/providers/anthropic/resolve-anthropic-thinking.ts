import type { ChatRequest } from '../../chat/chat-request-schema.ts';
import { requestedMaxTokens } from '../../chat/request-options.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { ReasoningRequest } from '../../core/reasoning.ts';
import type { AnthropicEffort, AnthropicThinkingConfig } from './anthropic-api-types.ts';
import { DEFAULT_MAX_TOKENS } from './anthropic-constants.ts';
import { usesAdaptiveThinking } from './claude-model-version.ts';

type ReasoningEffort = NonNullable<ReasoningRequest['effort']>;

/** Thinking tokens per effort level; `none` and `minimal` turn thinking off. Anthropic's minimum is 1024. */
const BUDGET_BY_EFFORT = new Map<ReasoningEffort, number>([
  ['low', 1024],
  ['medium', 4096],
  ['high', 16384],
  ['xhigh', 32768],
]);

/** Adaptive thinking takes an effort level instead of a budget; `max` is above `high`. */
const EFFORT_LEVELS = new Map<ReasoningEffort, AnthropicEffort>([
  ['minimal', 'low'],
  ['low', 'low'],
  ['medium', 'medium'],
  ['high', 'high'],
  ['xhigh', 'max'],
]);

/** What the caller asked of the answer's length and thinking. */
export interface ClaudeThinkingWish {
  /** The caller's output limit, if it set one. */
  maxTokens?: number | undefined;
  reasoning?: ReasoningRequest | undefined;
}

export interface AnthropicOutputLimits {
  max_tokens: number;
  thinking?: AnthropicThinkingConfig;
  effort?: AnthropicEffort;
}

/**
 * `max_tokens` and `thinking` together, since Anthropic counts thinking inside `max_tokens` and
 * requires the budget to be below it. A caller's own limit is kept (400 if it leaves no room to
 * think); without one the limit grows to fit the budget plus a default answer.
 */
export function resolveClaudeThinking(wish: ClaudeThinkingWish, model: string, maxOutputTokens: number | undefined): AnthropicOutputLimits {
  const requested = wish.maxTokens;
  const effort = wish.reasoning?.effort;
  if (usesAdaptiveThinking(model)) {
    const level = effort === undefined ? undefined : EFFORT_LEVELS.get(effort);
    const max_tokens = requested ?? maxOutputTokens ?? DEFAULT_MAX_TOKENS;
    return level === undefined ? { max_tokens } : { max_tokens, thinking: { type: 'adaptive' }, effort: level };
  }
  const budget = effort === undefined ? undefined : BUDGET_BY_EFFORT.get(effort);
  if (effort === undefined || budget === undefined) return { max_tokens: requested ?? maxOutputTokens ?? DEFAULT_MAX_TOKENS };

  const thinking: AnthropicThinkingConfig = { type: 'enabled', budget_tokens: budget };
  if (requested !== undefined) {
    if (requested <= budget) {
      throw invalidRequest(
        `reasoning_effort '${effort}' thinks with up to ${budget} tokens, which Anthropic requires to be below the ` +
          `output limit; max_tokens is ${requested}: raise it above ${budget} or lower reasoning_effort`,
        'reasoning_effort',
      );
    }
    return { max_tokens: requested, thinking };
  }
  let maxTokens = Math.max(maxOutputTokens ?? DEFAULT_MAX_TOKENS, budget + DEFAULT_MAX_TOKENS);
  if (maxOutputTokens !== undefined) maxTokens = Math.min(maxTokens, maxOutputTokens);
  if (maxTokens <= budget) {
    throw invalidRequest(
      `reasoning_effort '${effort}' thinks with up to ${budget} tokens, more than this model's output limit of ` +
        `${maxOutputTokens} tokens allows; lower reasoning_effort`,
      'reasoning_effort',
    );
  }
  return { max_tokens: maxTokens, thinking };
}

/** The same for an OpenAI body: Bedrock's translator reads one until it moves to the call, and this goes with it. */
export function resolveAnthropicThinking(request: ChatRequest, model: string, maxOutputTokens: number | undefined): AnthropicOutputLimits {
  const effort = request.reasoning_effort;
  return resolveClaudeThinking({ maxTokens: requestedMaxTokens(request), ...(effort != null && { reasoning: { effort } }) }, model, maxOutputTokens);
}
