import { anthropicAdapter } from './anthropic/anthropic-adapter.ts';
import { bedrockAdapter } from './bedrock/bedrock-adapter.ts';
import { geminiAdapter } from './gemini/gemini-adapter.ts';
import { createOpenAICompatibleAdapter } from './openai-compatible/openai-compatible-adapter.ts';
import type { ProviderAdapter } from './provider-adapter.ts';
import { PROVIDERS, type ProviderDefinition } from './provider-registry.ts';

const ADAPTERS: ReadonlyMap<string, ProviderAdapter> = new Map(
  PROVIDERS.map((provider): [string, ProviderAdapter] => [
    provider.id,
    provider.family === 'anthropic'
      ? anthropicAdapter
      : provider.family === 'gemini'
        ? geminiAdapter
        : provider.family === 'bedrock'
          ? bedrockAdapter
          : createOpenAICompatibleAdapter(provider),
  ]),
);

/** The translator pair for a provider (one per family; OpenAI-compatible ones carry their quirks). */
export function adapterFor(provider: ProviderDefinition): ProviderAdapter {
  const adapter = ADAPTERS.get(provider.id);
  if (!adapter) throw new Error(`No adapter for provider ${provider.id}`);
  return adapter;
}
