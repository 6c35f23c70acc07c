/**
 * The OpenAI-compatible family: Chat Completions, one adapter per provider with its quirks,
 * OpenAI's Batch API (`/files`, `/batches`) for jobs, and OpenAI's automatic prompt caching.
 */
import type { ProviderFamily } from '../provider-family.ts';
import { createOpenAIBatchClient } from './openai-batch-client.ts';
import { createOpenAICompatibleAdapter } from './openai-compatible-adapter.ts';
import { OPENAI_CACHE_POLICY } from './openai-prompt-cache.ts';

export const openAICompatibleFamily: ProviderFamily = {
  adapter: createOpenAICompatibleAdapter,
  batchClient: createOpenAIBatchClient,
  promptCachePolicy: () => OPENAI_CACHE_POLICY,
};
