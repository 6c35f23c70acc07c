/**
 * The prompt cache in the price estimate: what a request would find cached at a target, from the
 * prefixes this instance sent there recently, and the record of what it sent once a call was
 * served. Prefixes are split once per request (the router asks for every candidate).
 */
import type { ChatRequest } from '../chat/chat-request-schema.ts';
import { promptCachePolicyFor, createPromptCacheTracker, type PromptCacheTarget } from './prompt-cache-tracker.ts';
import type { RouteTarget } from './route-target.ts';
import { splitPromptPrefixes, type PromptPrefix } from './split-prompt-prefixes.ts';
import { tokenizerFactor } from './tokenizer-factor.ts';

export interface PromptCacheForecast {
  /** `promptTokens` (o200k, the router's estimate) lets a prompt too short for any cache skip the work. */
  forecast(target: RouteTarget, request: ChatRequest, promptTokens: number): { cachedInputTokens: number; cacheWriteInputTokens: number };
  remember(target: RouteTarget, request: ChatRequest, promptTokens: number): void;
}

export function createPromptCacheForecast(): PromptCacheForecast {
  const tracker = createPromptCacheTracker();
  const prefixes = new WeakMap<ChatRequest, PromptPrefix[]>();
  const prefixesOf = (request: ChatRequest) => {
    let split = prefixes.get(request);
    if (!split) {
      split = splitPromptPrefixes(request);
      prefixes.set(request, split);
    }
    return split;
  };
  /** The target's cache, unless it has none or the prompt is shorter than anything it caches (most chat turns). */
  const cacheTarget = (target: RouteTarget, promptTokens: number): PromptCacheTarget | undefined => {
    const policy = promptCachePolicyFor(target.provider.id, target.model);
    const tokenFactor = tokenizerFactor(target.provider.id, target.model);
    if (!policy || promptTokens * tokenFactor < policy.minTokens) return undefined;
    return { key: `${target.id}@${target.region}`, policy, tokenFactor };
  };

  return {
    forecast(target, request, promptTokens) {
      const scope = cacheTarget(target, promptTokens);
      if (!scope) return { cachedInputTokens: 0, cacheWriteInputTokens: 0 };
      const { cachedTokens, cacheWriteTokens } = tracker.expect(scope, prefixesOf(request));
      return { cachedInputTokens: cachedTokens, cacheWriteInputTokens: cacheWriteTokens };
    },
    remember(target, request, promptTokens) {
      const scope = cacheTarget(target, promptTokens);
      if (scope) tracker.remember(scope, prefixesOf(request));
    },
  };
}
