/**
 * Where each provider processes requests by default, for residency constraints. A catalog entry's
 * `region` overrides it (a model served from a provider's regional endpoint); Bedrock's is the
 * region the gateway calls it in.
 */
const DEFAULT_REGIONS: Readonly<Record<string, string>> = {
  openai: 'us',
  anthropic: 'us',
  gemini: 'us',
  deepseek: 'cn',
  mistral: 'eu',
  groq: 'us',
  xai: 'us',
  together: 'us',
};

/** `unknown` meets no residency constraint: a request that asks for one never goes there. */
export const defaultRegion = (provider: string, configuredRegion: string | undefined): string =>
  configuredRegion ?? DEFAULT_REGIONS[provider] ?? 'unknown';
