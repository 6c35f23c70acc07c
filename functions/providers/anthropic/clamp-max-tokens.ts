/**
 * The caller's output limit, no higher than the model's (the catalog's maxOutputTokens): clients
 * ask a fixed figure whatever the model (Claude Code always asks 32,000), and Anthropic rejects a
 * max_tokens above the model's limit rather than lowering it.
 */
export function clampMaxTokens(requested: number | undefined, modelLimit: number | undefined): number | undefined {
  return requested !== undefined && modelLimit !== undefined ? Math.min(requested, modelLimit) : requested;
}
