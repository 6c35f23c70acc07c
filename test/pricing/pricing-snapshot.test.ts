/** The refresher that keeps the price book loaded from the table, on the embedded DynamoDB. */
import type { DocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbDocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { startEmbeddedAws, type EmbeddedAws } from '../../functions/local/embedded-aws.ts';
import type { PriceRow } from '../../functions/pricing/model-price.ts';
import { createPricingSnapshot } from '../../functions/pricing/pricing-snapshot.ts';
import { seedPricingTable } from '../../functions/pricing/pricing-table.ts';
import { silentLogger, waitFor } from '../local/local-test-helpers.ts';

let aws: EmbeddedAws;
let client: DocumentClient;
let tableName: string;

beforeAll(async () => {
  aws = await startEmbeddedAws();
  client = createDynamoDbDocumentClient(aws.env);
  tableName = aws.env.PRICING_TABLE_NAME!;
});
afterAll(async () => {
  client?.destroy();
  await aws?.close();
});

const row = (target: string, inputPerMTok: number): PriceRow => ({
  target,
  validFrom: 0,
  source: 'genai-prices@0.0.0',
  inputPerMTok,
  outputPerMTok: 1,
  cachedInputPerMTok: 1,
  cacheWritePerMTok: 1,
  batchDiscount: 0,
  flexDiscount: 0,
});

/** The real client, whose sends fail while `failing` is set. */
function switchable(): { client: DocumentClient; failing: boolean } {
  const state = { failing: false, client: undefined as unknown as DocumentClient };
  state.client = { send: (command: never) => (state.failing ? Promise.reject(new Error('DynamoDB is down')) : client.send(command)) } as unknown as DocumentClient;
  return state;
}

describe('createPricingSnapshot', () => {
  it('is empty before its first load, ready after it, and picks up new rows on a later refresh', async () => {
    await seedPricingTable(client, tableName, [row('openai/snap-a', 1)]);
    const snapshot = createPricingSnapshot({ client, tableName, refreshMs: 20, logger: silentLogger });
    expect(snapshot.book().priceAt('openai/snap-a', 0)).toBeUndefined();
    snapshot.start();
    await snapshot.ready;
    expect(snapshot.book().priceAt('openai/snap-a', 0)?.inputPerMTok).toBe(1);

    await seedPricingTable(client, tableName, [row('openai/snap-a', 2)]);
    await waitFor(() => snapshot.book().priceAt('openai/snap-a', 0)?.inputPerMTok === 2 || undefined, 5_000, 'the refreshed price');
    await snapshot.stop();
  });

  it('rejects ready when the first load fails, and loads on a later refresh', async () => {
    const flaky = switchable();
    flaky.failing = true;
    const warnings: string[] = [];
    const snapshot = createPricingSnapshot({ client: flaky.client, tableName, refreshMs: 20, logger: { ...silentLogger, warn: (message: string) => void warnings.push(message) } });
    snapshot.start();
    await expect(snapshot.ready).rejects.toThrow('DynamoDB is down');
    expect(warnings[0]).toContain('could not read the pricing table');
    await seedPricingTable(client, tableName, [row('openai/snap-b', 3)]);
    flaky.failing = false;
    await waitFor(() => snapshot.book().priceAt('openai/snap-b', 0), 5_000, 'a load after the failure');
    await snapshot.stop();
  });

  it('keeps the prices it had when a refresh fails', async () => {
    await seedPricingTable(client, tableName, [row('openai/snap-c', 4)]);
    const flaky = switchable();
    let failures = 0;
    const snapshot = createPricingSnapshot({ client: flaky.client, tableName, refreshMs: 20, logger: { ...silentLogger, warn: () => void failures++ } });
    snapshot.start();
    await snapshot.ready;
    flaky.failing = true;
    await waitFor(() => failures >= 2 || undefined, 5_000, 'failed refreshes');
    expect(snapshot.book().priceAt('openai/snap-c', 0)?.inputPerMTok).toBe(4);
    await snapshot.stop();
  });
});
