/**
 * What the engine writes to the health table, on the embedded DynamoDB: the catalog's targets,
 * which every instance reads back, and nothing of the targets outside it, whose names a client
 * may invent at will and which no instance reads. And what it reads at start: the configured
 * providers' targets, without holding ready() for them.
 */
import { BatchGetCommand, QueryCommand, ScanCommand } from '../../functions/aws/dynamodb/commands.ts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { healthPartitionKey } from '../../functions/health/health-keys.ts';
import type { HealthSample } from '../../functions/health/health-sample.ts';
import { createPricingSnapshot } from '../../functions/pricing/pricing-snapshot.ts';
import { createEngine } from '../../functions/routing/create-engine.ts';
import { createTableEngine } from '../../functions/routing/create-table-engine.ts';
import { silentLogger, waitFor } from '../local/local-test-helpers.ts';
import { useEmbeddedAws } from '../support/use-embedded-aws.ts';
import { configWith, fullConfig, resolver } from './routing-fixtures.ts';

const embedded = useEmbeddedAws();
afterEach(() => {
  vi.restoreAllMocks();
});
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

describe('the engine at start', () => {
  const storeOf = () => ({ client: embedded.client, healthTable: embedded.aws.env.HEALTH_TABLE_NAME!, pricingTable: embedded.aws.env.PRICING_TABLE_NAME! });

  it('reads the health of the configured providers\' targets only', async () => {
    const config = configWith({ OPENAI_API_KEY: 'sk-openai-engine' });
    const send = vi.spyOn(embedded.client, 'send');
    const engine = createEngine({ config, resolver, logger: silentLogger, store: storeOf() });
    engine.start();
    await engine.ready();
    await engine.matrix!.loaded();
    const healthTable = storeOf().healthTable;
    const partitions = send.mock.calls.flatMap(([command]) => {
      if (command instanceof QueryCommand && command.input.TableName === healthTable) return [command.input.ExpressionAttributeValues?.[':pk'] as string];
      if (command instanceof BatchGetCommand) return (command.input.RequestItems?.[healthTable]?.Keys ?? []).map((key) => key.pk as string);
      return [];
    });
    expect(partitions.length).toBeGreaterThan(0);
    expect(partitions.filter((pk) => !pk.startsWith('target#openai/'))).toEqual([]);
    await engine.stop();
  });

  it('is ready once the prices are loaded, without waiting for the health window', async () => {
    const { healthTable } = storeOf();
    const original = embedded.client.send.bind(embedded.client);
    let releaseHealth!: () => void;
    const healthHeld = new Promise<void>((resolve) => (releaseHealth = resolve));
    vi.spyOn(embedded.client, 'send').mockImplementation((async (command: unknown) => {
      const input = (command as { input: { TableName?: string; RequestItems?: Record<string, unknown> } }).input;
      if (input.TableName === healthTable || (input.RequestItems && healthTable in input.RequestItems)) await healthHeld;
      return original(command as never);
    }) as typeof embedded.client.send);
    const engine = createEngine({ config: fullConfig, resolver, logger: silentLogger, store: storeOf() });
    engine.start();
    let healthLoaded = false;
    void engine.matrix!.loaded().then(() => (healthLoaded = true));
    await engine.ready();
    expect(healthLoaded).toBe(false);
    releaseHealth();
    await engine.matrix!.loaded();
    expect(healthLoaded).toBe(true);
    await engine.stop();
  });

  it('prices with a pricing snapshot its caller started before it, reading the table once', async () => {
    const store = storeOf();
    const send = vi.spyOn(embedded.client, 'send');
    const scans = () => send.mock.calls.filter(([command]) => command instanceof ScanCommand).length;
    const pricing = createPricingSnapshot({ client: store.client, tableName: store.pricingTable, logger: silentLogger });
    pricing.start();
    expect(scans()).toBe(1);
    const engine = createTableEngine({ config: fullConfig, resolver, logger: silentLogger, store, pricing });
    engine.start();
    await engine.ready();
    expect(scans()).toBe(1);
    expect(engine.prices()).toBe(pricing.book());
    await engine.matrix!.loaded();
    await engine.stop();
  });
});

