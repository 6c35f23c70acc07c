/** The Anthropic family: the Messages API, Message Batches for jobs, and its prompt cache's rules. */
import type { ProviderFamily } from '../provider-family.ts';
import { anthropicAdapter } from './anthropic-adapter.ts';
import { createAnthropicBatchClient } from './anthropic-batch-client.ts';
import { anthropicCachePolicy } from './anthropic-prompt-cache.ts';

export const anthropicFamily: ProviderFamily = {
  adapter: () => anthropicAdapter,
  batchClient: (_provider, config, options) => createAnthropicBatchClient(config, options),
  promptCachePolicy: anthropicCachePolicy,
};
