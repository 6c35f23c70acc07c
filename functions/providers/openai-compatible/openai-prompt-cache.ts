import type { PromptCachePolicy } from '../../routing/prompt-cache-tracker.ts';

/**
 * OpenAI (GPT-4o and later): automatic for prompts of 1,024 tokens or more, hits in 128-token
 * increments, writes free; prefixes usually stay 5-10 minutes after their last use (up to an
 * hour off-peak), so 5 is the lifetime to count on (prompt-caching guide).
 */
export const OPENAI_CACHE_POLICY: PromptCachePolicy = {
  ttlMs: 5 * 60_000,
  refreshOnHit: true,
  minTokens: 1_024,
  incrementTokens: 128,
  billsWrites: false,
};
