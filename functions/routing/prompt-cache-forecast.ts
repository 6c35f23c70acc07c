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
  forecast(target: RouteTarget, request: ChatRequest): { cachedInputTokens: number; cacheWriteInputTokens: number };
  remember(target: RouteTarget, request: ChatRequest): void;
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
  const cacheTarget = (target: RouteTarget): PromptCacheTarget | undefined => {
    const policy = promptCachePolicyFor(target.provider.id, target.model);
    return policy && { key: `${target.id}@${target.region}`, policy, tokenFactor: tokenizerFactor(target.provider.id, target.model) };
  };

  return {
    forecast(target, request) {
      const scope = cacheTarget(target);
      if (!scope) return { cachedInputTokens: 0, cacheWriteInputTokens: 0 };
      const { cachedTokens, cacheWriteTokens } = tracker.expect(scope, prefixesOf(request));
      return { cachedInputTokens: cachedTokens, cacheWriteInputTokens: cacheWriteTokens };
    },
    remember(target, request) {
      const scope = cacheTarget(target);
      if (scope) tracker.remember(scope, prefixesOf(request));
    },
  };
}
