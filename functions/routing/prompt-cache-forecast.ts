/**
 * The prompt cache in the price estimate: what a call would find cached at a target, from the
 * prefixes this instance sent there recently, and the record of what it sent once a call was
 * served. A call's prefixes are split once, by its profile, and only for a target whose cache the
 * prompt is long enough for.
 */
import type { CallProfile } from './call-profile.ts';
import { promptCachePolicyFor, createPromptCacheTracker, type PromptCacheTarget } from './prompt-cache-tracker.ts';
import type { RouteTarget } from './route-target.ts';
import { tokenizerFactor } from './tokenizer-factor.ts';

/** The profile's parts the forecast reads: the prompt's size (o200k), and its prefixes. */
type CachedProfile = Pick<CallProfile, 'prompt' | 'prefixes'>;

export interface PromptCacheForecast {
  forecast(target: RouteTarget, profile: CachedProfile): { cachedInputTokens: number; cacheWriteInputTokens: number };
  remember(target: RouteTarget, profile: CachedProfile): void;
}

export function createPromptCacheForecast(): PromptCacheForecast {
  const tracker = createPromptCacheTracker();
  /** The target's cache, unless it has none or the prompt is shorter than anything it caches (most chat turns). */
  const cacheTarget = (target: RouteTarget, promptTokens: number): PromptCacheTarget | undefined => {
    const policy = promptCachePolicyFor(target.provider.id, target.model);
    const tokenFactor = tokenizerFactor(target.provider.id, target.model);
    if (!policy || promptTokens * tokenFactor < policy.minTokens) return undefined;
    return { key: `${target.id}@${target.region}`, policy, tokenFactor };
  };

  return {
    forecast(target, profile) {
      const scope = cacheTarget(target, profile.prompt.total);
      if (!scope) return { cachedInputTokens: 0, cacheWriteInputTokens: 0 };
      const { cachedTokens, cacheWriteTokens } = tracker.expect(scope, profile.prefixes());
      return { cachedInputTokens: cachedTokens, cacheWriteInputTokens: cacheWriteTokens };
    },
    remember(target, profile) {
      const scope = cacheTarget(target, profile.prompt.total);
      if (scope) tracker.remember(scope, profile.prefixes());
    },
  };
}
