/** The Bedrock family: the Converse API, signed with AWS credentials or sent with a Bedrock API key. */
import type { ProviderFamily } from '../provider-family.ts';
import { bedrockAdapter } from './bedrock-adapter.ts';
import { readBedrockConfig } from './read-bedrock-config.ts';

export const bedrockFamily: ProviderFamily = {
  adapter: () => bedrockAdapter,
  readConfig: readBedrockConfig,
};
