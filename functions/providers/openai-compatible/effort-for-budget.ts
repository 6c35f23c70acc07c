/**
 * A thinking budget (Anthropic's budget_tokens, Gemini's thinkingBudget) as a Chat Completions
 * `reasoning_effort`, for a call that names a budget and no effort: up to 2,048 tokens is low, up
 * to 8,192 medium, more high. Each band holds the budget the Anthropic family thinks with for that
 * effort (1,024, 4,096, 16,384), so an effort that became a budget on the way comes back as itself.
 */
export type BudgetEffort = 'low' | 'medium' | 'high';

export function effortForBudget(budgetTokens: number): BudgetEffort {
  if (budgetTokens <= 2048) return 'low';
  if (budgetTokens <= 8192) return 'medium';
  return 'high';
}
