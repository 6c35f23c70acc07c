/**
 * A degrading provider over time, through the whole gateway (createGateway behind its Node
 * adapter, the OpenAI SDK as client) on a clock the test moves: the wait a 429 asks for, the
 * breaker's cooldown, its trials one at a time and spaced, and its closing. OpenAI and Anthropic
 * on one fake; `switchyard/fast` is gpt-4o-mini, then Claude Haiku. routing-failover.test.ts has
 * the same provider through `npm start`, whose clock no test can move. The tests run in order and
 * share the gateway's state, as a degrading provider's calls do.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createModelResolver } from '../../functions/catalog/resolve-model.ts';
import { loadConfig } from '../../functions/config/load-config.ts';
import { createNodeListener } from '../../functions/http/adapters/node-http.ts';
import { createGateway } from '../../functions/http/create-gateway.ts';
import { createEngine } from '../../functions/routing/create-engine.ts';
import { DEFAULT_BREAKER_SETTINGS } from '../../functions/routing/circuit-breaker.ts';
import { DEFAULT_RETRY_SETTINGS } from '../../functions/routing/retry-policy.ts';
import { silentLogger } from '../local/local-test-helpers.ts';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { manualClock } from '../support/manual-clock.ts';
import { createProviderRouter, OVERLOADED, providerOf } from '../support/provider-router.ts';

const COOLDOWN_MS = 30_000;
const clock = manualClock(Date.now());
/** What the route waited before each retry: the wait moves the clock, nothing real. */
const waits: number[] = [];
const providers = createProviderRouter();
let upstream: FakeUpstream;
let server: Server;
let client: OpenAI;
let baseURL: string;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  const config = loadConfig({
    NODE_ENV: 'test',
    OPENAI_API_KEY: 'sk-openai',
    OPENAI_BASE_URL: `${upstream.url}/v1`,
    ANTHROPIC_API_KEY: 'sk-ant',
    ANTHROPIC_BASE_URL: upstream.url,
    SWITCHYARD_BREAKER_FAILURES: '4',
    SWITCHYARD_BREAKER_COOLDOWN_MS: String(COOLDOWN_MS),
  });
  const gateway = createGateway(config, {
    logger: silentLogger,
    engine: createEngine({ config, resolver: createModelResolver(config.catalog), logger: silentLogger, now: clock.now }),
    now: clock.now,
    sleep: async (ms) => {
      waits.push(ms);
      clock.advance(ms);
    },
  });
  server = createServer(createNodeListener(gateway, { maxRequestBytes: config.maxRequestBytes, drainTimeoutMs: config.streamIdleTimeoutMs }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  client = new OpenAI({ baseURL, apiKey: 'no-key-needed-in-test', maxRetries: 0 });
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await upstream?.close();
});
beforeEach(() => {
  providers.reset();
  upstream.reply(providers.handler);
  upstream.requests.length = 0;
  waits.length = 0;
});

const hello = [{ role: 'user' as const, content: 'Say hello.' }];
const fast = () => client.chat.completions.create({ model: 'switchyard/fast', messages: hello }).withResponse();
const sentTo = () => upstream.requests.map(providerOf);

async function breaker(target: string) {
  const body = (await (await fetch(`${baseURL}/health`)).json()) as { data: Array<{ target: string; breaker: { state: string; reason?: string } }> };
  return body.data.find((entry) => entry.target === target)?.breaker;
}

describe('a degrading provider, over time', () => {
  it('is retried after the wait its 429 asks for (and a little jitter), and then answers', async () => {
    let calls = 0;
    providers.set('openai', () => (++calls === 1 ? { kind: 'status', status: 429, body: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }, headers: { 'retry-after': '1' } } : { kind: 'ok' }));
    const { response } = await fast();
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThanOrEqual(1_000);
    expect(waits[0]).toBeLessThan(1_000 + DEFAULT_RETRY_SETTINGS.baseDelayMs);
    expect(sentTo()).toEqual(['openai', 'openai']);
    expect(response.headers.get('x-switchyard-provider')).toBe('openai');
    expect(response.headers.get('x-switchyard-route')).toMatch(/attempts=openai\/gpt-4o-mini:rate_limit_exceeded openai\/gpt-4o-mini:ok$/);
  });

  it('gets its breaker opened after consecutive failures, and is passed over for the whole cooldown', async () => {
    providers.set('openai', { kind: 'status', status: 503, body: OVERLOADED.openai });
    await fast();
    await fast();
    expect(sentTo()).toEqual(['openai', 'openai', 'anthropic', 'openai', 'openai', 'anthropic']);
    expect(await breaker('openai/gpt-4o-mini')).toMatchObject({ state: 'open', reason: '4 consecutive failures' });

    clock.advance(COOLDOWN_MS - 1);
    upstream.requests.length = 0;
    const { response } = await fast();
    expect(sentTo()).toEqual(['anthropic']);
    expect(response.headers.get('x-switchyard-route')).toMatch(/excluded=.*openai\/gpt-4o-mini\(breaker open: 4 consecutive failures\)/);
    expect(await breaker('openai/gpt-4o-mini')).toMatchObject({ state: 'open' });

    // Its own model has nowhere else to go: a 503 to retry, which explains itself and names no provider.
    const refused = await fetch(`${baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: hello }) });
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('circuit_open');
    expect(refused.headers.get('x-switchyard-route')).toMatch(/^none; .*excluded=openai\/gpt-4o-mini\(breaker open: 4 consecutive failures\); attempts=$/);
    expect(refused.headers.get('x-switchyard-provider')).toBeNull();
  });

  it('gets trial requests once the cooldown is over, one at a time and spaced, and its breaker closes once they succeed', async () => {
    clock.advance(1);
    expect(await breaker('openai/gpt-4o-mini')).toMatchObject({ state: 'half_open' });
    const first = await fast();
    expect(sentTo()).toEqual(['openai']);
    expect(first.response.headers.get('x-switchyard-provider')).toBe('openai');
    expect(await breaker('openai/gpt-4o-mini')).toMatchObject({ state: 'half_open' });

    // Until the next trial is due, the healthy candidates serve.
    clock.advance(DEFAULT_BREAKER_SETTINGS.trialSpacingMs - 1);
    await fast();
    expect(sentTo()).toEqual(['openai', 'anthropic']);

    clock.advance(1);
    await fast();
    expect(sentTo()).toEqual(['openai', 'anthropic', 'openai']);
    expect(await breaker('openai/gpt-4o-mini')).toMatchObject({ state: 'closed' });
  });

  it('answers a route on which every target failed with the last error, naming no provider as if one had served', async () => {
    for (const provider of ['openai', 'anthropic'] as const) providers.set(provider, { kind: 'status', status: 500, body: { error: { message: 'Internal error', type: 'server_error' } } });
    const response = await fetch(`${baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'switchyard/fast', messages: hello }) });
    expect(response.status).toBe(502);
    expect(sentTo()).toEqual(['openai', 'openai', 'anthropic', 'anthropic']);
    expect(response.headers.get('x-switchyard-provider')).toBeNull();
    expect(response.headers.get('x-switchyard-model')).toBeNull();
    expect(response.headers.get('x-switchyard-route')).toMatch(/^none; .*attempts=openai\/gpt-4o-mini:\w+ openai\/gpt-4o-mini:\w+ anthropic\/claude-haiku-4-5:\w+ anthropic\/claude-haiku-4-5:\w+$/);
  });
});
