/**
 * `npm start`'s seed of the embedded pricing table, once its tables exist: the dataset's prices for
 * the configured catalog, its `pricing` overrides applied (catalogPriceOverrides). A failed seed is
 * logged, not fatal: the gateway serves without prices (no cost header) rather than not at all.
 */
import { createDynamoDbDocumentClient } from '../aws/dynamodb/document-client.ts';
import { tableName } from '../aws/resource-names.ts';
import { loadConfig, type Environment } from '../config/load-config.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import { DATASET_SOURCE } from './dataset-version.ts';
import { seedCatalogPrices } from './seed-catalog-prices.ts';

export async function seedLocalPrices(env: Environment, logger: GatewayLogger): Promise<void> {
  const client = createDynamoDbDocumentClient(env);
  try {
    const { catalog } = loadConfig(env, { requireGatewayKeys: false });
    const { written, keptOperatorRows, unpriced } = await seedCatalogPrices({ client, tableName: tableName(env, 'pricing'), catalog });
    logger.info(`pricing: seeded ${written} price rows from ${DATASET_SOURCE} and the catalog`, { keptOperatorRows, unpriced });
  } catch (error) {
    logger.warn('pricing: the pricing table could not be seeded; costs will be unknown', { error: error as Error });
  } finally {
    client.destroy();
  }
}
