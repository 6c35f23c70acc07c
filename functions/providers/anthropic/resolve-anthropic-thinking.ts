import { invalidRequest } from '../../core/call-error.ts';
import type { ReasoningRequest } from '../../core/reasoning.ts';
import type { AnthropicEffort, AnthropicThinkingConfig } from './anthropic-api-types.ts';
import { DEFAULT_MAX_TOKENS } from './anthropic-constants.ts';
import { usesAdaptiveThinking } from './claude-model-version.ts';

type ReasoningEffort = NonNullable<ReasoningRequest['effort']>;

/** The budget when thinking is asked for without a budget or an effort. */
const MEDIUM_BUDGET = 4096;

/** Thinking tokens per effort level; `none` and `minimal` turn thinking off. Anthropic's minimum is 1024. */
const BUDGET_BY_EFFORT = new Map<ReasoningEffort, number>([
  ['low', 1024],
  ['medium', MEDIUM_BUDGET],
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

/** A thinking budget, and how to tell the caller about it when it does not fit. */
interface Budget {
  tokens: number;
  /** What asked for it, e.g. "reasoning_effort 'high' thinks with up to 16384 tokens". */
  asked: string;
  /** What the caller can lower, and the parameter named in the error. */
  knob: string;
}

/**
 * The budget for Claude models that think within a fixed one (up to 4.5): the caller's own, else
 * its effort's, else a medium one when it asked for thinking by mode alone (adaptive thinking, which
 * these models lack, becomes budgeted).
 */
function budgetFor(reasoning: ReasoningRequest): Budget | undefined {
  if (reasoning.budgetTokens !== undefined) {
    return { tokens: reasoning.budgetTokens, asked: `a thinking budget of ${reasoning.budgetTokens} tokens`, knob: 'thinking.budget_tokens' };
  }
  const effort = reasoning.effort;
  const byEffort = effort === undefined ? undefined : BUDGET_BY_EFFORT.get(effort);
  if (byEffort !== undefined) return { tokens: byEffort, asked: `reasoning_effort '${effort}' thinks with up to ${byEffort} tokens`, knob: 'reasoning_effort' };
  if (reasoning.mode === 'enabled' || reasoning.mode === 'adaptive') {
    return { tokens: MEDIUM_BUDGET, asked: `thinking without a budget thinks with up to ${MEDIUM_BUDGET} tokens`, knob: 'thinking' };
  }
  return undefined;
}

/**
 * `max_tokens` and `thinking` together, since Anthropic counts thinking inside `max_tokens` and
 * requires the budget to be below it. A caller's own limit is kept (400 if it leaves no room to
 * think); without one the limit grows to fit the budget plus a default answer. Claude 4.6 and later
 * think adaptively, at an effort level rather than within a budget, whichever way the caller asked.
 */
export function resolveClaudeThinking(wish: ClaudeThinkingWish, model: string, maxOutputTokens: number | undefined): AnthropicOutputLimits {
  const requested = wish.maxTokens;
  const reasoning = wish.reasoning;
  const plain = { max_tokens: requested ?? maxOutputTokens ?? DEFAULT_MAX_TOKENS };
  if (reasoning === undefined || reasoning.mode === 'disabled') return plain;
  if (usesAdaptiveThinking(model)) {
    const level = reasoning.effort === undefined ? undefined : EFFORT_LEVELS.get(reasoning.effort);
    if (level !== undefined) return { ...plain, thinking: { type: 'adaptive' }, effort: level };
    // Asked by mode or budget, without an effort: the model chooses how much to think.
    return reasoning.mode !== undefined || reasoning.budgetTokens !== undefined ? { ...plain, thinking: { type: 'adaptive' } } : plain;
  }
  const budget = budgetFor(reasoning);
  if (budget === undefined) return plain;

  const thinking: AnthropicThinkingConfig = { type: 'enabled', budget_tokens: budget.tokens };
  if (requested !== undefined) {
    if (requested <= budget.tokens) {
      throw invalidRequest(
        `${budget.asked}, which Anthropic requires to be below the output limit; max_tokens is ${requested}: ` +
          `raise it above ${budget.tokens} or lower ${budget.knob}`,
        budget.knob,
      );
    }
    return { max_tokens: requested, thinking };
  }
  let maxTokens = Math.max(maxOutputTokens ?? DEFAULT_MAX_TOKENS, budget.tokens + DEFAULT_MAX_TOKENS);
  if (maxOutputTokens !== undefined) maxTokens = Math.min(maxTokens, maxOutputTokens);
  if (maxTokens <= budget.tokens) {
    throw invalidRequest(
      `${budget.asked}, more than this model's output limit of ${maxOutputTokens} tokens allows; lower ${budget.knob}`,
      budget.knob,
    );
  }
  return { max_tokens: maxTokens, thinking };
}

