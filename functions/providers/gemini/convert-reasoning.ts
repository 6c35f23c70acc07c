/**
 * The call's reasoning request as Gemini's `thinkingConfig`. Gemini 3 models take a `thinkingLevel`
 * (a budget "may result in suboptimal performance" there); older models take a `thinkingBudget`.
 * Thought summaries are asked for whenever the caller asked for reasoning, so they come back as
 * reasoning text. What decides, first to last: thinking turned off, an explicit budget, an effort,
 * then thinking on (adaptive or enabled without a budget) as Gemini's dynamic thinking.
 */
import type { ReasoningRequest } from '../../core/reasoning.ts';
import type { GeminiThinkingConfig, GeminiThinkingLevel } from './gemini-api-types.ts';
import { isGemini3OrLater } from './is-gemini-3-or-later.ts';

type ReasoningEffort = NonNullable<ReasoningRequest['effort']>;

/**
 * Only `low` and `high` exist on every Gemini 3 model (3 Pro has no `minimal` or `medium`), so the
 * efforts fold onto those two. Gemini 3 Pro cannot stop thinking: `none` gets the lowest level.
 */
const LEVELS: Record<ReasoningEffort, GeminiThinkingLevel> = {
  none: 'low',
  minimal: 'low',
  low: 'low',
  medium: 'high',
  high: 'high',
  xhigh: 'high',
};

/**
 * Token budgets inside every 2.5 model's range (Pro 128-32768, Flash 0-24576, Flash-Lite
 * 512-24576). `none` is 0, which 2.5 Pro rejects: it cannot turn thinking off.
 */
const BUDGETS: Record<ReasoningEffort, number> = {
  none: 0,
  minimal: 512,
  low: 1024,
  medium: 8192,
  high: 24576,
  xhigh: 24576,
};

/** Gemini's "think as much as the prompt needs" budget on 2.5; Gemini 3 thinks dynamically unless given a level. */
const DYNAMIC_BUDGET = -1;

export function convertReasoning(model: string, reasoning: ReasoningRequest | undefined): GeminiThinkingConfig | undefined {
  if (reasoning === undefined) return undefined;
  if (reasoning.mode === 'disabled') return fromEffort(model, 'none');
  if (reasoning.budgetTokens !== undefined) return fromBudget(model, reasoning.budgetTokens);
  if (reasoning.effort !== undefined) return fromEffort(model, reasoning.effort);
  if (reasoning.mode !== undefined) return isGemini3OrLater(model) ? { includeThoughts: true } : { thinkingBudget: DYNAMIC_BUDGET, includeThoughts: true };
  return undefined;
}

function fromEffort(model: string, effort: ReasoningEffort): GeminiThinkingConfig {
  const config: GeminiThinkingConfig = isGemini3OrLater(model) ? { thinkingLevel: LEVELS[effort] } : { thinkingBudget: BUDGETS[effort] };
  if (effort !== 'none') config.includeThoughts = true;
  return config;
}

/**
 * A budget as given, within the model's maximum (Anthropic callers ask up to their own 32k and
 * more; Gemini rejects a budget over its range). On Gemini 3 it folds onto the level whose effort
 * budget it reaches.
 */
function fromBudget(model: string, budget: number): GeminiThinkingConfig {
  if (isGemini3OrLater(model)) return { thinkingLevel: budget >= BUDGETS.medium ? LEVELS.medium : LEVELS.low, includeThoughts: true };
  return { thinkingBudget: Math.min(budget, maxBudget(model)), includeThoughts: true };
}

/** 2.5 Pro thinks up to 32768 tokens, the other 2.5 models up to 24576. */
const maxBudget = (model: string) => (/-pro\b/.test(model) ? 32768 : BUDGETS.xhigh);
