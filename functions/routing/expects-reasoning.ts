/**
 * Whether a target will spend reasoning tokens (billed as output) on a call: the call asks for
 * reasoning (an effort other than `none`, a thinking budget or mode other than `disabled`), or
 * says nothing of it and the model reasons by default (GPT-5, Gemini 2.5 Pro; Claude thinks only
 * when asked).
 */
import type { ReasoningRequest } from '../core/reasoning.ts';
import type { RouteTarget } from './route-target.ts';

export function expectsReasoning(target: Pick<RouteTarget, 'entry'>, reasoning: ReasoningRequest | undefined): boolean {
  const entry = target.entry;
  if (!entry?.capabilities.includes('reasoning')) return false;
  return reasoningAsked(reasoning) ?? entry.reasons_by_default;
}

/** Undefined when the call says nothing of reasoning. */
function reasoningAsked(reasoning: ReasoningRequest | undefined): boolean | undefined {
  if (reasoning === undefined) return undefined;
  if (reasoning.effort === 'none' || reasoning.mode === 'disabled') return false;
  if (reasoning.effort !== undefined || reasoning.mode !== undefined || reasoning.budgetTokens !== undefined) return true;
  return undefined;
}
