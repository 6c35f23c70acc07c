import type { PromptCachePolicy } from '../../routing/prompt-cache-tracker.ts';
import { minCacheableTokens } from './place-cache-breakpoints.ts';

/**
 * Anthropic: 5 minutes, refreshed at no cost by each hit (prompt-caching guide; the 1-hour
 * lifetime is opt-in per breakpoint and the gateway's breakpoints do not ask for it).
 */
export function anthropicCachePolicy(model: string): PromptCachePolicy {
  return { ttlMs: 5 * 60_000, refreshOnHit: true, minTokens: minCacheableTokens(model), incrementTokens: 1, billsWrites: true };
}
