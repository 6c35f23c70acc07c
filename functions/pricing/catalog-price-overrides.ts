/**
 * The one place the catalog's per-model `pricing` becomes the seed's overrides (local start-up and
 * the deploy's seed both come through here). It reads the field whether or not catalog-schema.ts
 * declares it yet, and validates it with priceOverrideSchema either way; a catalog without it
 * gives no overrides.
 */
import { createHash } from 'node:crypto';
import type { Catalog } from '../catalog/catalog-schema.ts';
import { priceOverrideSchema, type PriceOverride } from './price-override-schema.ts';
import { PARSE_ONCE } from '../validation/parse-once.ts';

export function catalogPriceOverrides(catalog: Catalog): Map<string, PriceOverride> {
  const overrides = new Map<string, PriceOverride>();
  for (const model of catalog.models) {
    const pricing = (model as { pricing?: unknown }).pricing;
    if (pricing !== undefined) overrides.set(model.id, priceOverrideSchema.parse(pricing, PARSE_ONCE));
  }
  return overrides;
}

/** A digest of what the seed writes from the catalog (its model ids and overrides): it changes when they do. */
export function catalogPricingHash(catalog: Catalog): string {
  const input = JSON.stringify([catalog.models.map((model) => model.id), [...catalogPriceOverrides(catalog)]]);
  return createHash('sha256').update(input).digest('hex').slice(0, 16);
}
