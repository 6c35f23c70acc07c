/**
 * Routing as a user expects it, end to end through `npm start`: a model named with its provider
 * goes there, one 429 is not a trend, and a provider that recovered gets its traffic back at once.
 *
 * The gateway runs a catalog of its own: three models, each at OpenAI (the cheaper, 1 USD per
 * million tokens) and at Mistral (1.20), declared equivalent and named without a provider. The
 * prices are close on purpose, as Groq's and Bedrock's Llama are: a small penalty decides. Each
 * test has its own model, so that what one teaches the health matrix does not steer another.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../support/fake-upstream.ts';
import { createProviderRouter, OVERLOADED, providerOf, providerRouterEnv, type Behaviour } from '../support/provider-router.ts';
import { useGateway } from '../support/use-gateway.ts';

const KEY = 'sy-routing-expectations-key';
const MODELS = ['named', 'trend', 'recovers'] as const;

function writeCatalog(): string {
  const entry = (id: string, perMTok: number, aliases: string[] = []) => ({
    id,
    aliases,
    released: '2025-06-01',
    context_window: 128_000,
    max_output_tokens: 16_384,
    pricing: { inputPerMTok: perMTok, outputPerMTok: perMTok },
  });
  const catalog = {
    models: MODELS.flatMap((model) => [entry(`openai/${model}`, 1), entry(`mistral/${model}`, 1.2, [`mistral-${model}`])]),
    equivalents: MODELS.map((model) => ({ aliases: [model], models: [`openai/${model}`, `mistral/${model}`] })),
  };
  const path = join(mkdtempSync(join(tmpdir(), 'switchyard-catalog-')), 'catalog.json');
  writeFileSync(path, JSON.stringify(catalog));
  return path;
}

const providers = createProviderRouter();
const under = useGateway(
  (url) => ({
    NODE_ENV: 'production',
    SWITCHYARD_API_KEYS: KEY,
    SWITCHYARD_CATALOG: writeCatalog(),
    // A breaker opens on the second failure in a row (the two attempts at one target) and cools down quickly.
    SWITCHYARD_BREAKER_FAILURES: '2',
    SWITCHYARD_BREAKER_COOLDOWN_MS: '200',
    ...providerRouterEnv(url),
  }),
  KEY,
);

beforeEach(() => {
  providers.reset();
  under.upstream.reply(providers.handler);
});

const hello = [{ role: 'user' as const, content: 'Say hello.' }];

async function ask(model: string) {
  const { response } = await under.client.chat.completions.create({ model, messages: hello }).withResponse();
  return { provider: response.headers.get('x-switchyard-provider'), route: response.headers.get('x-switchyard-route')! };
}

/** OpenAI answers with `behaviour` for requests for `model`, and normally otherwise. */
const openaiFor = (model: string, behaviour: (request: RecordedRequest) => Behaviour) =>
  providers.set('openai', (request) => (request.json.model === model ? behaviour(request) : { kind: 'ok' }));

/** The breaker of a target as GET /v1/health shows it. */
async function breakerOf(target: string): Promise<string> {
  const response = await fetch(`${under.gateway.baseURL}/health`, { headers: { authorization: `Bearer ${KEY}` } });
  const body = (await response.json()) as { data: Array<{ target: string; breaker: { state: string } }> };
  return body.data.find((entry) => entry.target === target)?.breaker.state ?? 'unknown';
}

describe('a model named with its provider', () => {
  it('is served there first although an equivalent is cheaper, with the equivalents as fallbacks', async () => {
    for (const model of ['mistral/named', 'mistral-named']) {
      const { provider, route } = await ask(model);
      expect(provider, model).toBe('mistral');
      expect(route).toMatch(/^mistral\/named; reason="provider named: first choice"; candidates=mistral\/named\(\$[\d.]+\) openai\/named\(/);
    }
    expect(under.upstream.requests.map(providerOf)).toEqual(['mistral', 'mistral']);

    providers.set('mistral', { kind: 'status', status: 503, body: OVERLOADED.mistral });
    const fallback = await ask('mistral/named');
    expect(fallback.provider).toBe('openai');
    expect(fallback.route).toMatch(/^openai\/named; reason="failover after 2 failed attempts; first choice provider named: first choice"/);
  });

  it('named alone lets the engine pick the cheapest provider, and the route says so', async () => {
    const { provider, route } = await ask('named');
    expect(provider).toBe('openai');
    expect(route).toMatch(/^openai\/named; reason="model named, provider open: cheapest feasible"/);
  });
});

describe('one 429', () => {
  it('retried successfully, does not move the next requests to a dearer equivalent', async () => {
    for (let i = 0; i < 4; i += 1) expect((await ask('trend')).provider).toBe('openai');

    let limited = false;
    openaiFor('trend', () => {
      if (limited) return { kind: 'ok' };
      limited = true;
      return { kind: 'status', status: 429, body: { error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' } }, headers: { 'retry-after-ms': '10' } };
    });
    expect((await ask('trend')).provider).toBe('openai');
    expect(under.upstream.requests.map(providerOf).slice(-2)).toEqual(['openai', 'openai']);

    for (let i = 0; i < 3; i += 1) {
      const { provider, route } = await ask('trend');
      expect(provider).toBe('openai');
      expect(route).not.toMatch(/climbing/);
    }
  });
});

describe('a provider that recovers', () => {
  it('gets its traffic back as soon as its breaker closes after good trials', async () => {
    const TARGET = 'openai/recovers';
    expect((await ask('recovers')).provider).toBe('openai');

    // A burst of 500s: the breaker opens and the dearer equivalent serves.
    openaiFor('recovers', () => ({ kind: 'status', status: 500, body: { error: { message: 'The server had an error while processing your request.', type: 'server_error', param: null, code: null } } }));
    expect((await ask('recovers')).provider).toBe('mistral');
    expect(await breakerOf(TARGET)).toBe('open');

    // It heals. Requests keep coming; the breaker's trials go to it (a couple of seconds apart) until it closes.
    providers.set('openai', { kind: 'ok' });
    let closed = false;
    for (let i = 0; i < 200 && !closed; i += 1) {
      await ask('recovers');
      closed = (await breakerOf(TARGET)) === 'closed';
      if (!closed) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(closed).toBe(true);

    // Closed: it is the cheapest again, with nothing counted against it but its failures of a moment ago.
    for (let i = 0; i < 3; i += 1) {
      const { provider, route } = await ask('recovers');
      expect(provider, route).toBe('openai');
    }
  });
});
