/**
 * The call's reasoning effort as Gemini's `thinkingConfig`. Gemini 3 models take a `thinkingLevel`
 * (a budget "may result in suboptimal performance" there); older models take a `thinkingBudget`.
 * Thought summaries are asked for whenever the caller asked for reasoning, so they come back as
 * reasoning text.
 */
import type { ReasoningRequest } from '../../core/reasoning.ts';
import type { GeminiThinkingConfig, GeminiThinkingLevel } from './gemini-api-types.ts';

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

export function convertReasoningEffort(model: string, effort: ReasoningEffort | undefined): GeminiThinkingConfig | undefined {
  if (effort === undefined) return undefined;
  const config: GeminiThinkingConfig = usesThinkingLevel(model) ? { thinkingLevel: LEVELS[effort] } : { thinkingBudget: BUDGETS[effort] };
  if (effort !== 'none') config.includeThoughts = true;
  return config;
}

/** Gemini 3 and later (`gemini-3-pro-preview`, `gemini-3.1-flash`...). */
export function usesThinkingLevel(model: string): boolean {
  const major = /^(?:models\/)?gemini-(\d+)/.exec(model)?.[1];
  return major !== undefined && Number(major) >= 3;
}
