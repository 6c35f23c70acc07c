import type { ProviderAdapter } from './provider-adapter.ts';
import { familyOf } from './provider-families.ts';
import { PROVIDERS, type ProviderDefinition } from './provider-registry.ts';

const ADAPTERS: ReadonlyMap<string, ProviderAdapter> = new Map(
  PROVIDERS.map((provider): [string, ProviderAdapter] => [provider.id, familyOf(provider).adapter(provider)]),
);

/** The translator pair for a provider (one per family; OpenAI-compatible ones carry their quirks). */
export function adapterFor(provider: ProviderDefinition): ProviderAdapter {
  const adapter = ADAPTERS.get(provider.id);
  if (!adapter) throw new Error(`No adapter for provider ${provider.id}`);
  return adapter;
}
