/**
 * A target: one model at one provider (and, for Bedrock, one region), the unit the router chooses
 * between, health is recorded for and breakers guard. Its id is `provider/model`: the catalog's id
 * when the model has an entry, so an Anthropic snapshot (`claude-sonnet-4-5-20250929`, sent as
 * named) has its model's price, health, breaker and equivalents; else the provider's own name.
 */
import type { CatalogModel } from '../catalog/catalog-schema.ts';
import type { ResolvedModel } from '../catalog/resolve-model.ts';
import type { GatewayConfig } from '../config/load-config.ts';
import type { ProviderDefinition } from '../providers/provider-registry.ts';
import { defaultRegion } from './provider-regions.ts';

export interface RouteTarget {
  /** `provider/model`, the catalog's id where the model has an entry. */
  id: string;
  provider: ProviderDefinition;
  /** The provider's own model name. */
  model: string;
  /** The catalog's entry, when the model has one: capabilities and limits. */
  entry: CatalogModel | undefined;
  region: string;
}

export function targetOf(resolved: ResolvedModel, config: Pick<GatewayConfig, 'providers'>): RouteTarget {
  const provider = config.providers.get(resolved.provider.id);
  return {
    id: resolved.entry?.id ?? `${resolved.provider.id}/${resolved.model}`,
    provider: resolved.provider,
    model: resolved.model,
    entry: resolved.entry,
    region: resolved.entry?.region ?? defaultRegion(resolved.provider, provider?.region),
  };
}
