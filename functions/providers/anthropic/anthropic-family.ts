/** The Anthropic family: the Messages API and its prompt cache's rules. */
import type { ProviderFamily } from '../provider-family.ts';
import { anthropicAdapter } from './anthropic-adapter.ts';
import { anthropicCachePolicy } from './anthropic-prompt-cache.ts';

export const anthropicFamily: ProviderFamily = {
  adapter: () => anthropicAdapter,
  promptCachePolicy: anthropicCachePolicy,
};
