/**
 * What the engine writes to the health table, on the embedded DynamoDB: the catalog's targets,
 * which every instance reads back, and nothing of the targets outside it, whose names a client
 * may invent at will and which no instance reads.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { healthPartitionKey } from '../../functions/health/health-keys.ts';
import type { HealthSample } from '../../functions/health/health-sample.ts';
import { createEngine } from '../../functions/routing/create-engine.ts';
import { silentLogger, waitFor } from '../local/local-test-helpers.ts';
import { useEmbeddedAws } from '../support/use-embedded-aws.ts';
import { fullConfig, resolver } from './routing-fixtures.ts';

const embedded = useEmbeddedAws();
const sample = (target: string): HealthSample => ({ target, outcome: 'ok', ttfbMs: 100, totalMs: 300, outputTokens: 10, at: Date.now() });

describe('the engine and the health table', () => {
  it('writes samples and opened breakers of catalog targets only; a target outside the catalog is counted in memory', async () => {
    const { client, aws } = embedded;
    const healthTable = aws.env.HEALTH_TABLE_NAME!;
    const engine = createEngine({ config: fullConfig, resolver, logger: silentLogger, store: { client, healthTable, pricingTable: aws.env.PRICING_TABLE_NAME! } });
    const items = async (target: string) =>
      (await client.send(new QueryCommand({ TableName: healthTable, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': healthPartitionKey(target) } }))).Items ?? [];
    const invented = 'openai/engine-invented';
    const catalog = 'openai/gpt-4o-mini';

    for (const target of [invented, catalog]) {
      engine.recordSample(sample(target));
      for (let failure = 0; failure < fullConfig.resilience.breakerFailures; failure += 1) engine.breakers.record(target, false);
    }
    await engine.flush();
    await waitFor(async () => ((await items(catalog)).some((item) => item.sk === 'breaker') ? true : undefined), 5_000, "the catalog target's breaker item");

    expect((await items(catalog)).length).toBe(2);
    expect(await items(invented)).toEqual([]);
    expect(engine.matrix?.get(invented).requests).toBe(1);
    expect(engine.breakers.view(invented).state).toBe('open');
    await engine.stop();
  });
});
