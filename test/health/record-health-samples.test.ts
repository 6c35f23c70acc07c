/** The health write against the embedded DynamoDB, through the real SDK. */
import { GetCommand } from '../../functions/aws/dynamodb/commands.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoDbDocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import type { HealthSample } from '../../functions/health/health-sample.ts';
import { HealthWriteError, recordHealthSamples } from '../../functions/health/record-health-samples.ts';
import { startEmbeddedAws, type EmbeddedAws } from '../../functions/local/embedded-aws.ts';

let aws: EmbeddedAws;
let client: ReturnType<typeof createDynamoDbDocumentClient>;
beforeAll(async () => {
  aws = await startEmbeddedAws();
  client = createDynamoDbDocumentClient(aws.env);
});
afterAll(async () => {
  client.destroy();
  await aws.close();
});

const at = Date.parse('2026-03-01T12:34:56Z');
const sample = (fields: Partial<HealthSample>): HealthSample => ({ target: 'openai/gpt-4o-mini', outcome: 'ok', ttfbMs: 150, totalMs: 500, outputTokens: 5, at, ...fields });

describe('recordHealthSamples', () => {
  it('writes one item per target and minute, and later batches add to its counters', async () => {
    const tableName = aws.env.HEALTH_TABLE_NAME!;
    const first = await recordHealthSamples(
      [sample({}), sample({ outcome: '5xx', ttfbMs: undefined, totalMs: 30 }), sample({ target: 'gemini/gemini-2.5-flash', at: at + 60_000 })],
      { client, tableName },
    );
    expect(first).toEqual({ items: 2 });
    await recordHealthSamples([sample({ ttfbMs: 1000, totalMs: 2000, outputTokens: 3 })], { client, tableName });

    const { Item } = await client.send(new GetCommand({ TableName: tableName, Key: { pk: 'target#openai/gpt-4o-mini', sk: 'minute#2026-03-01T12:34Z' } }));
    expect(Item).toEqual({
      pk: 'target#openai/gpt-4o-mini',
      sk: 'minute#2026-03-01T12:34Z',
      target: 'openai/gpt-4o-mini',
      minute: '2026-03-01T12:34Z',
      expiresAt: Date.parse('2026-03-08T12:34:00Z') / 1000,
      count_ok: 2,
      count_5xx: 1,
      ttfb_le200: 1,
      ttfb_le1600: 1,
      ttfb_count: 2,
      ttfb_sumMs: 1150,
      total_le800: 1,
      total_le3200: 1,
      total_count: 2,
      total_sumMs: 2500,
      outputTokens: 8,
    });
    const other = await client.send(new GetCommand({ TableName: tableName, Key: { pk: 'target#gemini/gemini-2.5-flash', sk: 'minute#2026-03-01T12:35Z' } }));
    expect(other.Item).toMatchObject({ count_ok: 1, total_count: 1 });
  });

  it('writes nothing for no samples, and reports a failed write after trying every item', async () => {
    expect(await recordHealthSamples([], { client, tableName: aws.env.HEALTH_TABLE_NAME! })).toEqual({ items: 0 });
    await expect(recordHealthSamples([sample({})], { client, tableName: 'no-such-table' })).rejects.toThrow(HealthWriteError);
  });
});
