/** The Bedrock family: the Converse API, and settings of its own (a region, AWS credentials or a Bedrock API key). */
import type { ProviderFamily } from '../provider-family.ts';
import { bedrockAdapter } from './bedrock-adapter.ts';
import { readBedrockConfig } from './read-bedrock-config.ts';

export const bedrockFamily: ProviderFamily = {
  adapter: () => bedrockAdapter,
  readConfig: readBedrockConfig,
};
