/**
 * Where a target processes requests, for residency constraints, when its catalog entry does not
 * say (a model served from a provider's regional endpoint): the region the gateway calls the
 * provider in (Bedrock's), else the provider's default (its registry entry's `region`).
 */
import type { ProviderDefinition } from '../providers/provider-registry.ts';

/** `unknown` meets no residency constraint: a request that asks for one never goes there. */
export const defaultRegion = (provider: ProviderDefinition, configuredRegion: string | undefined): string =>
  configuredRegion ?? provider.region ?? 'unknown';
