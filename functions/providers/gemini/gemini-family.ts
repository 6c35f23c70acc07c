/** The Gemini family: the Gemini API's generateContent. */
import type { ProviderFamily } from '../provider-family.ts';
import { geminiAdapter } from './gemini-adapter.ts';

export const geminiFamily: ProviderFamily = {
  adapter: () => geminiAdapter,
};
