/**
 * Lambda entry for the pricing seed: the handler of a CloudFormation custom resource (through the
 * CDK Provider framework, which answers CloudFormation and reports failures), run whenever a
 * deploy changes the dataset's version or the catalog's models or overrides. It writes the
 * dataset's prices for the bundled catalog's models, its overrides applied, with the conditional
 * writes that leave operators' rows alone. Deleting the resource deletes nothing: the table is
 * retained with the stack's other state.
 */
import middy from '@middy/core';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { createDynamoDbDocumentClient } from './aws/dynamodb/document-client.ts';
import { tableName } from './aws/resource-names.ts';
import { loadCatalog } from './catalog/load-catalog.ts';
import { createLogger } from './observability/logger.ts';
import { DATASET_SOURCE } from './pricing/dataset-version.ts';
import { seedCatalogPrices } from './pricing/seed-catalog-prices.ts';

/** The resource stays the same resource across updates: CloudFormation never replaces it. */
export const PHYSICAL_RESOURCE_ID = 'switchyard-pricing-seed';

interface OnEventResponse {
  PhysicalResourceId: string;
  Data?: Record<string, string>;
}

const logger = createLogger();
const client = createDynamoDbDocumentClient(process.env);
const pricingTable = tableName(process.env, 'pricing');

export const handler = middy<CloudFormationCustomResourceEvent, OnEventResponse>().handler(async (event) => {
  if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
  const { written, keptOperatorRows, unpriced } = await seedCatalogPrices({ client, tableName: pricingTable, catalog: loadCatalog() });
  logger.info(`pricing: seeded ${written} price rows from ${DATASET_SOURCE} and the catalog`, { keptOperatorRows, unpriced });
  return { PhysicalResourceId: PHYSICAL_RESOURCE_ID, Data: { Written: String(written), KeptOperatorRows: String(keptOperatorRows), Unpriced: unpriced.join(',') } };
});
