/**
 * Creates the stack's tables on a DynamoDB-compatible endpoint from resource-definitions.ts, the
 * same data the CDK stack reads: keys, global secondary indexes (all attributes projected),
 * on-demand billing. Idempotent: a table that exists with the defined keys and indexes is kept
 * with its data; one that differs is an error, since dynalite cannot add an index to a table.
 *
 * TTL is not set: dynalite has no UpdateTimeToLive and never expires items, so readers filter
 * expired items by the `ttlAttribute` themselves (as they must on DynamoDB too, where expiry lags).
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  type AttributeDefinition,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type KeySchemaElement,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import type { KeyAttribute, TableDefinition } from '../infrastructure/resource-definitions.ts';

export type TableStatus = 'created' | 'existing';

export async function ensureTable(client: DynamoDBClient, definition: TableDefinition): Promise<TableStatus> {
  const input = createTableInput(definition);
  const existing = await describe(client, definition.name);
  if (existing) {
    assertMatches(existing, input);
    return 'existing';
  }
  await client.send(new CreateTableCommand(input));
  return 'created';
}

export function createTableInput(definition: TableDefinition): CreateTableCommandInput {
  const attributes = new Map<string, KeyAttribute>();
  const keySchema = (partitionKey: KeyAttribute, sortKey: KeyAttribute): KeySchemaElement[] => {
    attributes.set(partitionKey.name, partitionKey);
    attributes.set(sortKey.name, sortKey);
    return [
      { AttributeName: partitionKey.name, KeyType: 'HASH' },
      { AttributeName: sortKey.name, KeyType: 'RANGE' },
    ];
  };
  const KeySchema = keySchema(definition.partitionKey, definition.sortKey);
  const GlobalSecondaryIndexes = definition.globalSecondaryIndexes.map((index) => ({
    IndexName: index.name,
    KeySchema: keySchema(index.partitionKey, index.sortKey),
    Projection: { ProjectionType: 'ALL' as const },
  }));
  const AttributeDefinitions: AttributeDefinition[] = [...attributes.values()].map((attribute) => ({
    AttributeName: attribute.name,
    AttributeType: attribute.type,
  }));
  return {
    TableName: definition.name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions,
    KeySchema,
    ...(GlobalSecondaryIndexes.length > 0 ? { GlobalSecondaryIndexes } : {}),
  };
}

async function describe(client: DynamoDBClient, tableName: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return undefined;
    throw error;
  }
}

function assertMatches(existing: TableDescription, wanted: CreateTableCommandInput): void {
  const shape = (keys: readonly KeySchemaElement[] | undefined) =>
    (keys ?? []).map((key) => `${key.AttributeName}:${key.KeyType}`).join(',');
  const indexes = (list: ReadonlyArray<{ IndexName?: string; KeySchema?: KeySchemaElement[] }> | undefined) =>
    (list ?? [])
      .map((index) => `${index.IndexName}(${shape(index.KeySchema)})`)
      .sort()
      .join(' ');
  const have = `${shape(existing.KeySchema)} ${indexes(existing.GlobalSecondaryIndexes)}`;
  const want = `${shape(wanted.KeySchema)} ${indexes(wanted.GlobalSecondaryIndexes)}`;
  if (have !== want) {
    throw new Error(
      `local table ${wanted.TableName} has keys and indexes [${have.trim()}] but resource-definitions.ts defines [${want.trim()}]; delete the local data folder (or run with SWITCHYARD_IN_MEMORY=1) to recreate it`,
    );
  }
}
