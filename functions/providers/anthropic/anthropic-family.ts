/** The Anthropic family: the Messages API, and Message Batches for jobs. */
import type { ProviderFamily } from '../provider-family.ts';
import { anthropicAdapter } from './anthropic-adapter.ts';
import { createAnthropicBatchClient } from './anthropic-batch-client.ts';

export const anthropicFamily: ProviderFamily = {
  adapter: () => anthropicAdapter,
  batchClient: (_provider, config, options) => createAnthropicBatchClient(config, options),
};
