/**
 * The pricing table, written by the seed (every deploy, every `npm start`) and read whole by the
 * price book's refresher. The seed's writes are conditional: a row is written where there is none
 * or where the dataset or the catalog wrote it, never over an operator's row, so an operator's
 * price stays until the operator removes it.
 */
import { PutCommand, ScanCommand } from '../aws/dynamodb/commands.ts';
import type { DocumentClient } from '../aws/dynamodb/document-client.ts';
import { isConditionalCheckFailed } from '../aws/is-conditional-check-failed.ts';
import type { PriceRow } from './model-price.ts';
import { fromPriceItem, toPriceItem } from './price-item.ts';

export interface SeedPricingResult {
  written: number;
  /** Rows left alone because an operator owns that key. */
  keptOperatorRows: number;
}

export class PricingSeedError extends Error {
  override name = 'PricingSeedError';
}

/** Writes in flight at once: a seed has a few dozen rows. */
const CONCURRENCY = 8;

export async function seedPricingTable(client: DocumentClient, tableName: string, rows: readonly PriceRow[]): Promise<SeedPricingResult> {
  let written = 0;
  let keptOperatorRows = 0;
  const failures: unknown[] = [];
  for (let start = 0; start < rows.length; start += CONCURRENCY) {
    const results = await Promise.allSettled(rows.slice(start, start + CONCURRENCY).map((row) => client.send(seedPut(tableName, row))));
    for (const result of results) {
      if (result.status === 'fulfilled') written++;
      else if (isConditionalCheckFailed(result.reason)) keptOperatorRows++;
      else failures.push(result.reason);
    }
  }
  if (failures.length > 0) throw new PricingSeedError(`${failures.length} of ${rows.length} price rows could not be written`, { cause: failures[0] });
  return { written, keptOperatorRows };
}

function seedPut(tableName: string, row: PriceRow): PutCommand {
  return new PutCommand({
    TableName: tableName,
    Item: toPriceItem(row),
    ConditionExpression: 'attribute_not_exists(pk) OR begins_with(#source, :dataset) OR begins_with(#source, :catalog)',
    ExpressionAttributeNames: { '#source': 'source' },
    ExpressionAttributeValues: { ':dataset': 'genai-prices@', ':catalog': 'catalog' },
  });
}

export interface ReadPricingOptions {
  /** Epoch ms (tests fix it). */
  now?: number;
  /** Told about items that are not valid rows (skipped). */
  onInvalidItem?: (key: { pk: unknown; sk: unknown }, reason: string) => void;
  /** Items per Scan page (DynamoDB's 1 MB page by default). */
  pageSize?: number;
}

/** Every live row: one paginated Scan (the table is small), expired items left out (dynalite never expires them). */
export async function readPricingTable(client: DocumentClient, tableName: string, { now = Date.now(), onInvalidItem, pageSize }: ReadPricingOptions = {}): Promise<PriceRow[]> {
  const nowSeconds = Math.floor(now / 1000);
  const rows: PriceRow[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: tableName, ConsistentRead: true, ...(pageSize ? { Limit: pageSize } : {}), ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }));
    for (const item of page.Items ?? []) {
      if (typeof item.expiresAt === 'number' && item.expiresAt <= nowSeconds) continue;
      const row = fromPriceItem(item);
      if ('invalid' in row) onInvalidItem?.({ pk: item.pk, sk: item.sk }, row.invalid);
      else rows.push(row);
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return rows;
}
