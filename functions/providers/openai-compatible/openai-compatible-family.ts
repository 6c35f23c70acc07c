/**
 * The OpenAI-compatible family: Chat Completions, one adapter per provider with its quirks, and
 * OpenAI's Batch API (`/files`, `/batches`) for jobs.
 */
import type { ProviderFamily } from '../provider-family.ts';
import { createOpenAIBatchClient } from './openai-batch-client.ts';
import { createOpenAICompatibleAdapter } from './openai-compatible-adapter.ts';

export const openAICompatibleFamily: ProviderFamily = {
  adapter: createOpenAICompatibleAdapter,
  batchClient: createOpenAIBatchClient,
};
