/**
 * What a Lambda entry starts before it has read its secret: the tables are the stack's, named in
 * the function's environment, so the prices are read while the secret is, their two round trips at
 * once (docs/benchmarks.md, "Cold start"). The engine then takes the snapshot already loading.
 */
import { createDynamoDbDocumentClient, type DocumentClient } from '../aws/dynamodb/document-client.ts';
import { tableName } from '../aws/resource-names.ts';
import type { Environment } from '../config/read-environment.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import { createPricingSnapshot, type PricingSnapshot } from './pricing-snapshot.ts';

export interface EarlyStart {
  client: DocumentClient;
  pricing: PricingSnapshot;
}

export function readPricesEarly(env: Environment, logger: GatewayLogger): EarlyStart {
  const client = createDynamoDbDocumentClient(env);
  const pricing = createPricingSnapshot({ client, tableName: tableName(env, 'pricing'), logger });
  pricing.start();
  return { client, pricing };
}
