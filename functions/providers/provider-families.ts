/**
 * The provider families the gateway knows, by the name a provider's entry gives
 * (provider-registry.ts). A new family is a folder with its `<family>-family.ts`, a line here, and
 * its providers' entries in the registry; with a batch API, a line in batches/batch-client.ts too.
 */
import { anthropicFamily } from './anthropic/anthropic-family.ts';
import { bedrockFamily } from './bedrock/bedrock-family.ts';
import { geminiFamily } from './gemini/gemini-family.ts';
import { openAICompatibleFamily } from './openai-compatible/openai-compatible-family.ts';
import type { ProviderFamily } from './provider-family.ts';
import type { ProviderDefinition } from './provider-registry.ts';

const FAMILIES = {
  'openai-compatible': openAICompatibleFamily,
  anthropic: anthropicFamily,
  gemini: geminiFamily,
  bedrock: bedrockFamily,
} as const satisfies Readonly<Record<string, ProviderFamily>>;

export type ProviderFamilyId = keyof typeof FAMILIES;

export const familyOf = (provider: ProviderDefinition): ProviderFamily => FAMILIES[provider.family];
