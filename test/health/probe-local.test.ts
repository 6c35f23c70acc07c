/**
 * The probe end to end: on `npm start`'s timer through the local topology, and as the Lambda
 * entry, against a fake OpenAI on loopback and the embedded DynamoDB, read back with the real SDK.
 */
import { QueryCommand } from '../../functions/aws/dynamodb/commands.ts';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createDynamoDbDocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { startEmbeddedAws } from '../../functions/local/embedded-aws.ts';
import { startProbeTimer } from '../../functions/local/probe-timer.ts';
import { startLocalTopology, type LocalTopology } from '../../functions/local/start-local-topology.ts';
import { silentLogger, waitFor } from '../local/local-test-helpers.ts';
import { startFakeUpstream, type FakeReply, type FakeUpstream } from '../support/fake-upstream.ts';
import { recordedSseBody } from '../support/recorded.ts';
import { FUNCTION_TABLE_ACCESS } from '../../lib/constructs/table-access.ts';
import { startIamCheckedDynamoDb } from '../support/iam-checked-dynamodb.ts';

const healthy: FakeReply = { chunks: [recordedSseBody('openai', 'openai-text')] };

const upstreams: FakeUpstream[] = [];
const topologies: LocalTopology[] = [];
afterEach(async () => {
  for (const topology of topologies.splice(0)) await topology.close();
  for (const upstream of upstreams.splice(0)) await upstream.close();
});

async function startWithProbe(reply: FakeReply, extra: Record<string, string> = {}) {
  const upstream = await startFakeUpstream(() => reply);
  upstreams.push(upstream);
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: `${upstream.url}/v1`,
    SWITCHYARD_PROBE_TARGETS: 'gpt-4o-mini',
    ...extra,
  };
  const topology = await startLocalTopology({ env, port: 0, logger: silentLogger, probe: (probeEnv) => startProbeTimer(probeEnv, silentLogger) });
  topologies.push(topology);
  return { upstream, topology, env };
}

/** The health items of a target, every minute. */
async function healthItems(env: Record<string, string | undefined>, target: string): Promise<Array<Record<string, unknown>>> {
  const client = createDynamoDbDocumentClient(env);
  try {
    const { Items = [] } = await client.send(
      new QueryCommand({ TableName: env.HEALTH_TABLE_NAME!, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `target#${target}` } }),
    );
    return Items;
  } finally {
    client.destroy();
  }
}

const firstItem = (env: Record<string, string | undefined>) => async () => (await healthItems(env, 'openai/gpt-4o-mini'))[0];
/** Ok probes over every minute's item: runs 50 ms apart may fall in two minutes. */
const okProbes = async (env: Record<string, string | undefined>) => (await healthItems(env, 'openai/gpt-4o-mini')).reduce((sum, item) => sum + Number(item.count_ok ?? 0), 0);

describe('the probe on npm start\'s timer', () => {
  it('probes at start-up and records a healthy answer: one ok and its time to first byte', async () => {
    const { upstream, env } = await startWithProbe(healthy);
    const item = await waitFor(firstItem(env), 5_000, 'the health item');
    expect(item).toMatchObject({ target: 'openai/gpt-4o-mini', count_ok: 1, ttfb_count: 1, total_count: 1, outputTokens: expect.any(Number) });
    expect(item.sk).toMatch(/^minute#\d{4}-\d\d-\d\dT\d\d:\d\dZ$/);
    const buckets = Object.entries(item).filter(([name]) => /^ttfb_(le\d+|inf)$/.test(name));
    expect(buckets).toEqual([[expect.any(String), 1]]);
    expect(upstream.requests).toHaveLength(1);
  });

  it('records a failing target as its outcome class', async () => {
    const { env } = await startWithProbe({ status: 500, json: { error: { message: 'down' } } });
    const item = await waitFor(firstItem(env), 5_000, 'the health item');
    expect(item).toMatchObject({ count_5xx: 1 });
    expect(item.count_ok).toBeUndefined();
    expect(item.total_count).toBeUndefined();
  });

  it('runs again after its interval, and stops at once on shutdown with a probe in flight', async () => {
    const { upstream, topology, env } = await startWithProbe(healthy, { SWITCHYARD_PROBE_EVERY_MS: '50' });
    await waitFor(async () => (await okProbes(env)) >= 2 || undefined, 5_000, 'a second run');
    upstream.reply(() => ({ hang: true }));
    const hanging = upstream.requests.length + 1;
    const inFlight = await waitFor(() => upstream.requests[hanging - 1], 5_000, 'a probe in flight');
    const okBefore = await okProbes(env);

    await topology.close();
    topologies.splice(topologies.indexOf(topology), 1);
    // The in-flight probe was aborted rather than awaited (its 20 s deadline), and no run followed.
    await inFlight.aborted;
    const requests = upstream.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(upstream.requests.length).toBe(requests);
    expect(okBefore).toBeGreaterThanOrEqual(2);
  });

  it('does not start without targets, nor without a health table to write to', async () => {
    const aws = await startEmbeddedAws();
    try {
      expect(await startProbeTimer({ NODE_ENV: 'test', OPENAI_API_KEY: 'sk-test', ...aws.env }, silentLogger)).toBeUndefined();
    } finally {
      await aws.close();
    }
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (message: string) => void warnings.push(message) };
    expect(await startProbeTimer({ NODE_ENV: 'test', OPENAI_API_KEY: 'sk-test', SWITCHYARD_PROBE_TARGETS: 'gpt-4o-mini' }, logger)).toBeUndefined();
    expect(warnings).toEqual([expect.stringMatching(/^probe: not started: HEALTH_TABLE_NAME is not set/)]);
  });
});

describe('the probe Lambda entry', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
  });

  it('probes and records on a scheduled event, configured from the environment without gateway keys', async () => {
    const aws = await startEmbeddedAws();
    const upstream = await startFakeUpstream(() => healthy);
    // DynamoDB through the grants the stack gives the probe: dynalite checks no IAM.
    const probeDynamoDb = await startIamCheckedDynamoDb(aws.dynamoDbEndpoint, aws.env, FUNCTION_TABLE_ACCESS.probe);
    try {
      Object.assign(process.env, aws.env, {
        DYNAMODB_ENDPOINT: probeDynamoDb.endpoint,
        NODE_ENV: 'production',
        OPENAI_API_KEY: 'sk-test',
        OPENAI_BASE_URL: `${upstream.url}/v1`,
        SWITCHYARD_PROBE_TARGETS: 'gpt-4o-mini',
        // Long enough that a loaded machine's answer is never late: the probe is answered at once.
        SWITCHYARD_PROBE_TIMEOUT_MS: '10000',
        SWITCHYARD_PROBE_EVERY_MS: '30000',
        POWERTOOLS_LOG_LEVEL: 'SILENT',
      });
      delete process.env.SWITCHYARD_API_KEYS;
      delete process.env.SWITCHYARD_SECRET_ARN;
      const { handler } = await import('../../functions/probe.ts');
      // Time for one round (the 10 s probe timeout and the 5 s margin), not for a second 30 s later.
      const context = { getRemainingTimeInMillis: () => 5_000 + 10_000 + 10_000 } as Context;
      const summary = await handler({ 'detail-type': 'Scheduled Event', source: 'aws.events' } as ScheduledEvent, context);
      expect(summary).toEqual({ rounds: 1, targets: 1, samples: 1, outcomes: { ok: 1 }, items: 2 });
      expect(await firstItem(aws.env)()).toMatchObject({ count_ok: 1 });
      const probeItem = (await healthItems(aws.env, 'openai/gpt-4o-mini')).find((item) => item.sk === 'probe');
      expect(probeItem).toMatchObject({ target: 'openai/gpt-4o-mini', outcome: 'ok', at: expect.any(Number), totalMs: expect.any(Number) });
      expect(probeDynamoDb.refused).toEqual([]);
    } finally {
      await probeDynamoDb.close();
      await upstream.close();
      await aws.close();
    }
  });
});
