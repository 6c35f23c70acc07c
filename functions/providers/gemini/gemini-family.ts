/** The Gemini family: the Gemini API's generateContent, and its batch mode for jobs. */
import type { ProviderFamily } from '../provider-family.ts';
import { geminiAdapter } from './gemini-adapter.ts';
import { createGeminiBatchClient } from './gemini-batch-client.ts';

export const geminiFamily: ProviderFamily = {
  adapter: () => geminiAdapter,
  batchClient: (_provider, config, options) => createGeminiBatchClient(config, options),
};
