/** Seeds the pricing table for a catalog: the dataset's prices for its models, its overrides applied. */
import type { DocumentClient } from '../aws/dynamodb/document-client.ts';
import type { Catalog } from '../catalog/catalog-schema.ts';
import { catalogPriceOverrides } from './catalog-price-overrides.ts';
import { pricingSeedRows } from './pricing-seed-rows.ts';
import { seedPricingTable, type SeedPricingResult } from './pricing-table.ts';

export interface SeedCatalogPricesOptions {
  client: DocumentClient;
  tableName: string;
  catalog: Catalog;
  /** Epoch ms (tests fix it). */
  now?: number;
}

export interface SeedCatalogPricesResult extends SeedPricingResult {
  /** Catalog models without a price (neither in the dataset nor complete in the catalog). */
  unpriced: string[];
}

export async function seedCatalogPrices({ client, tableName, catalog, now = Date.now() }: SeedCatalogPricesOptions): Promise<SeedCatalogPricesResult> {
  const { rows, unpriced } = pricingSeedRows({ modelIds: catalog.models.map((model) => model.id), overrides: catalogPriceOverrides(catalog), now });
  return { ...(await seedPricingTable(client, tableName, rows)), unpriced };
}
