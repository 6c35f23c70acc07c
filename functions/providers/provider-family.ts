/**
 * What the gateway does differently by provider family, asked of the family rather than decided
 * by switches on its name: each family folder's `<family>-family.ts` is one of these, and
 * provider-families.ts lists them. What differs between the providers of one family (a region,
 * whether jobs may use its batch API) is data in their entries (provider-registry.ts); a family
 * holds the code that acts on it. Its batch client, in its folder too, is listed apart
 * (batches/batch-client.ts), so that the functions that never batch carry no batch code.
 */
import type { Environment, ProviderConfig } from '../config/load-config.ts';
import type { PromptCachePolicy } from '../routing/prompt-cache-tracker.ts';
import type { ProviderAdapter } from './provider-adapter.ts';
import type { ProviderDefinition } from './provider-registry.ts';

export interface ProviderFamily {
  /** The translator pair for one of its providers; asked once per provider (adapter-for.ts). */
  adapter(provider: ProviderDefinition): ProviderAdapter;
  /** A provider's settings, where they are not its `<PREFIX>_API_KEY` and `<PREFIX>_BASE_URL` (load-config.ts). */
  readConfig?(provider: ProviderDefinition, env: Environment): ProviderConfig;
  /** How long a model's prompt prefixes stay cached, for a provider whose entry has `promptCache`. */
  promptCachePolicy?(model: string): PromptCachePolicy;
}
