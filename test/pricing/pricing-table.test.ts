/** The pricing table's seed and read on the embedded DynamoDB (dynalite), through the real SDK. */
import { GetCommand, PutCommand } from '../../functions/aws/dynamodb/commands.ts';
import type { DocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDynamoDbDocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { loadCatalog } from '../../functions/catalog/load-catalog.ts';
import { startEmbeddedAws, type EmbeddedAws } from '../../functions/local/embedded-aws.ts';
import { DATASET_SOURCE } from '../../functions/pricing/dataset-version.ts';
import type { PriceRow } from '../../functions/pricing/model-price.ts';
import { EXPIRY_GRACE_SECONDS, toPriceItem } from '../../functions/pricing/price-item.ts';
import { readPricingTable, seedPricingTable } from '../../functions/pricing/pricing-table.ts';
import { seedCatalogPrices } from '../../functions/pricing/seed-catalog-prices.ts';
import { FUNCTION_TABLE_ACCESS } from '../../lib/constructs/table-access.ts';
import { startIamCheckedDynamoDb, type IamCheckedDynamoDb } from '../support/iam-checked-dynamodb.ts';

let aws: EmbeddedAws;
let client: DocumentClient;
/** The seeds' client: through the grants the stack gives the pricing seed function. */
let seedClient: DocumentClient;
let seedDynamoDb: IamCheckedDynamoDb;
let tableName: string;
let next = 0;
let T: string;

beforeAll(async () => {
  aws = await startEmbeddedAws();
  client = createDynamoDbDocumentClient(aws.env);
  seedDynamoDb = await startIamCheckedDynamoDb(aws.dynamoDbEndpoint, aws.env, FUNCTION_TABLE_ACCESS.pricingSeed);
  seedClient = createDynamoDbDocumentClient({ ...aws.env, DYNAMODB_ENDPOINT: seedDynamoDb.endpoint });
  tableName = aws.env.PRICING_TABLE_NAME!;
});
afterAll(async () => {
  seedClient?.destroy();
  await seedDynamoDb?.close();
  client?.destroy();
  await aws?.close();
});
// A target per test: the tests share one table.
beforeEach(() => {
  T = `openai/model-${++next}`;
});

const now = Date.parse('2026-03-01T12:00:00Z');
const row = (fields: Partial<PriceRow> = {}): PriceRow => ({
  target: T,
  validFrom: 0,
  source: DATASET_SOURCE,
  inputPerMTok: 2,
  outputPerMTok: 8,
  cachedInputPerMTok: 0.5,
  cacheWritePerMTok: 2,
  batchDiscount: 0.5,
  flexDiscount: 0,
  ...fields,
});
const get = async (sk: string) => (await client.send(new GetCommand({ TableName: tableName, Key: { pk: `price#${T}`, sk }, ConsistentRead: true }))).Item;
const rowsOf = async (target: string, options = {}) => (await readPricingTable(client, tableName, { now, ...options })).filter((r) => r.target === target);

describe('seedPricingTable', () => {
  it('writes each row under price#<target> / from#<ISO start>, with an expiry only on rows with an end', async () => {
    const until = Date.parse('2026-04-01T00:00:00Z');
    const daily = { from: '22:00', until: '06:00', timezone: 'UTC' };
    const rows = [row(), row({ source: 'catalog', validFrom: Date.parse('2026-03-10T00:00:00Z'), validUntil: until, outputPerMTok: 4 }), row({ source: 'catalog', daily, inputPerMTok: 1 })];
    expect(await seedPricingTable(seedClient, tableName, rows)).toEqual({ written: 3, keptOperatorRows: 0 });
    expect(await get('from#1970-01-01T00:00:00.000Z')).toEqual({
      pk: `price#${T}`,
      sk: 'from#1970-01-01T00:00:00.000Z',
      target: T,
      source: DATASET_SOURCE,
      inputPerMTok: 2,
      outputPerMTok: 8,
      cachedInputPerMTok: 0.5,
      cacheWritePerMTok: 2,
      batchDiscount: 0.5,
      flexDiscount: 0,
    });
    expect(await get('from#2026-03-10T00:00:00.000Z#until#2026-04-01T00:00:00.000Z')).toMatchObject({ validUntil: '2026-04-01T00:00:00.000Z', expiresAt: until / 1000 + EXPIRY_GRACE_SECONDS });
    expect(await get('from#1970-01-01T00:00:00.000Z#daily#22:00-06:00@UTC')).toMatchObject({ daily, inputPerMTok: 1 });
    // And back: the same rows.
    expect(await rowsOf(T)).toEqual(expect.arrayContaining(rows));
    expect(await rowsOf(T)).toHaveLength(3);
  });

  it('is idempotent and replaces its own and the catalog\'s rows with newer values', async () => {
    await seedPricingTable(seedClient, tableName, [row()]);
    await seedPricingTable(seedClient, tableName, [row({ source: 'catalog', inputPerMTok: 3 })]);
    expect(await seedPricingTable(seedClient, tableName, [row({ inputPerMTok: 4 })])).toEqual({ written: 1, keptOperatorRows: 0 });
    expect(await rowsOf(T)).toEqual([row({ inputPerMTok: 4 })]);
  });

  it('never overwrites an operator\'s row, whatever its source says or if it says nothing', async () => {
    await client.send(new PutCommand({ TableName: tableName, Item: { ...toPriceItem(row({ inputPerMTok: 9 })), source: 'operator' } }));
    const handWritten = { pk: `price#${T}`, sk: 'from#2026-03-10T00:00:00Z', inputPerMTok: 7, outputPerMTok: 7 };
    await client.send(new PutCommand({ TableName: tableName, Item: handWritten }));
    const clash = row({ validFrom: Date.parse('2026-03-10T00:00:00Z') });
    // The hand-written sort key has no milliseconds: a different key from the seed's, so only the base row clashes.
    expect(await seedPricingTable(seedClient, tableName, [row(), clash])).toEqual({ written: 1, keptOperatorRows: 1 });
    expect(await get('from#1970-01-01T00:00:00.000Z')).toMatchObject({ source: 'operator', inputPerMTok: 9 });
    expect(await get('from#2026-03-10T00:00:00Z')).toEqual(handWritten);
  });
});

describe('readPricingTable', () => {
  it('reads hand-written operator rows, with the documented defaults', async () => {
    await client.send(new PutCommand({ TableName: tableName, Item: { pk: `price#${T}`, sk: 'from#2026-03-10T00:00:00Z', inputPerMTok: 7, outputPerMTok: 9, validUntil: '2026-03-20T00:00:00Z' } }));
    expect(await rowsOf(T)).toEqual([
      {
        target: T,
        validFrom: Date.parse('2026-03-10T00:00:00Z'),
        validUntil: Date.parse('2026-03-20T00:00:00Z'),
        source: 'operator',
        inputPerMTok: 7,
        outputPerMTok: 9,
        cachedInputPerMTok: 7,
        cacheWritePerMTok: 7,
        batchDiscount: 0,
        flexDiscount: 0,
      },
    ]);
  });

  it('leaves out expired items (dynalite never deletes them) and reports invalid ones instead of failing', async () => {
    await seedPricingTable(seedClient, tableName, [row({ validFrom: Date.parse('2026-01-01T00:00:00Z'), validUntil: Date.parse('2026-02-01T00:00:00Z') }), row()]);
    await client.send(new PutCommand({ TableName: tableName, Item: { pk: `price#${T}`, sk: 'from#2026-03-10T00:00:00Z', inputPerMTok: 'cheap' } }));
    const invalid: unknown[] = [];
    const rows = await rowsOf(T, { onInvalidItem: (key: unknown, reason: string) => invalid.push({ key, reason }) });
    expect(rows).toEqual([row()]);
    expect(invalid).toEqual([{ key: { pk: `price#${T}`, sk: 'from#2026-03-10T00:00:00Z' }, reason: expect.stringContaining('inputPerMTok') }]);
  });

  it('reads every page', async () => {
    const rows = Array.from({ length: 7 }, (_, index) => row({ validFrom: Date.parse('2026-01-01T00:00:00Z') + index * 60_000 }));
    await seedPricingTable(seedClient, tableName, rows);
    expect(await rowsOf(T, { pageSize: 2 })).toHaveLength(7);
  });
});

describe('seedCatalogPrices', () => {
  it('seeds the bundled catalog\'s models from the dataset and names those it cannot price', async () => {
    const result = await seedCatalogPrices({ client: seedClient, tableName, catalog: loadCatalog(), now });
    expect(result.unpriced).toEqual(['together/deepseek-ai/DeepSeek-V3']);
    expect(result.written).toBeGreaterThanOrEqual(loadCatalog().models.length - 1);
    const haiku = await rowsOf('anthropic/claude-haiku-4-5');
    expect(haiku).toEqual([expect.objectContaining({ inputPerMTok: 1, outputPerMTok: 5, source: DATASET_SOURCE })]);
  });
});

describe('the seeds\' DynamoDB calls', () => {
  // Last in the file: every seed above went through the pricing seed function's grants.
  it('are all granted to the pricing seed function by the stack (dynalite checks no IAM)', () => {
    expect(seedDynamoDb.refused).toEqual([]);
  });
});
