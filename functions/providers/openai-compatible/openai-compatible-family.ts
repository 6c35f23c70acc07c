/**
 * The OpenAI-compatible family: Chat Completions, one adapter per provider with its quirks, and
 * OpenAI's automatic prompt caching.
 */
import type { ProviderFamily } from '../provider-family.ts';
import { createOpenAICompatibleAdapter } from './openai-compatible-adapter.ts';
import { OPENAI_CACHE_POLICY } from './openai-prompt-cache.ts';

export const openAICompatibleFamily: ProviderFamily = {
  adapter: createOpenAICompatibleAdapter,
  promptCachePolicy: () => OPENAI_CACHE_POLICY,
};
