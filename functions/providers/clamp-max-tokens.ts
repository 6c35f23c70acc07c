/**
 * The caller's output limit, no higher than the model's (the catalog's maxOutputTokens), for every
 * family: clients ask a fixed figure whatever the model (Claude Code always asks 32,000), and
 * providers reject a limit above the model's rather than lowering it, with a 400 that does not fail
 * over. The router counts the same lowered figure (filter-candidates.ts).
 */
export function clampMaxTokens(requested: number | undefined, modelLimit: number | undefined): number | undefined {
  return requested !== undefined && modelLimit !== undefined ? Math.min(requested, modelLimit) : requested;
}
