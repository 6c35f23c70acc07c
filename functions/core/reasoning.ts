/** How much the model should think before answering, in whichever terms the caller used. */
export interface ReasoningRequest {
  /** OpenAI reasoning_effort; Anthropic output_config.effort (its `max` is `xhigh`). */
  effort?: 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';
  /** An explicit thinking budget (Anthropic thinking.budget_tokens, Gemini thinkingBudget). Wins over effort where the family has budgets. */
  budgetTokens?: number;
  /** Anthropic thinking.type: enabled (budgeted), adaptive, disabled. */
  mode?: 'enabled' | 'adaptive' | 'disabled';
  /** Later (Responses): reasoning.summary. */
  summary?: 'auto' | 'concise' | 'detailed';
}
