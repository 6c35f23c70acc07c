/** `npm start` seeds the embedded pricing table with the catalog's prices once the tables exist. */
import { afterEach, describe, expect, it } from 'vitest';
import { createDynamoDbDocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { startLocalTopology, type LocalTopology } from '../../functions/local/start-local-topology.ts';
import { createPriceBook } from '../../functions/pricing/price-book.ts';
import { readPricingTable } from '../../functions/pricing/pricing-table.ts';
import { silentLogger } from '../local/local-test-helpers.ts';

const running: LocalTopology[] = [];
afterEach(async () => {
  for (const topology of running.splice(0)) await topology.close();
});

describe('the local topology', () => {
  it('has the bundled catalog\'s prices in its pricing table when it has started', async () => {
    const env: Record<string, string | undefined> = { NODE_ENV: 'test' };
    const topology = await startLocalTopology({ env, port: 0, logger: silentLogger });
    running.push(topology);
    const client = createDynamoDbDocumentClient(env);
    const book = createPriceBook({ rows: await readPricingTable(client, env.PRICING_TABLE_NAME!) });
    client.destroy();
    expect(book.priceAt('gemini/gemini-2.5-flash')).toMatchObject({ inputPerMTok: 0.3, outputPerMTok: 2.5 });
    expect(book.priceAt('together/deepseek-ai/DeepSeek-V3')).toBeUndefined();
  });
});
