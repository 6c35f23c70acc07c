/**
 * The decision engine's choice, end to end: `npm start` with three providers configured on one
 * fake, the official SDK as the client. What is checked is where requests go (the fake's log),
 * what the gateway says about it (x-switchyard-route) and what it charges (x-switchyard-cost-usd).
 */
import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../functions/catalog/load-catalog.ts';
import { catalogPriceOverrides } from '../../functions/pricing/catalog-price-overrides.ts';
import { costOfUsage } from '../../functions/pricing/cost.ts';
import { formatUsd } from '../../functions/pricing/format-usd.ts';
import { createPriceBook } from '../../functions/pricing/price-book.ts';
import { pricingSeedRows } from '../../functions/pricing/pricing-seed-rows.ts';
import { createProviderRouter, providerRouterEnv, OVERLOADED, providerOf } from '../support/provider-router.ts';
import { useGateway } from '../support/use-gateway.ts';

const KEY = 'sy-routing-key';
const OPENAI_ONLY_KEY = 'sy-openai-only-key';
/** Keys that may use a model but not every group the cascade goes through. */
const GPT_4O_ONLY_KEY = 'sy-gpt-4o-only-key';
const FAST_ONLY_KEY = 'sy-fast-only-key';
const FAST_AND_BALANCED_KEY = 'sy-fast-and-balanced-key';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const providers = createProviderRouter();
const under = useGateway(
  (url) => ({
    NODE_ENV: 'production',
    SWITCHYARD_API_KEYS: [KEY, OPENAI_ONLY_KEY, GPT_4O_ONLY_KEY, FAST_ONLY_KEY, FAST_AND_BALANCED_KEY].join(','),
    SWITCHYARD_API_KEY_POLICIES: JSON.stringify([
      { key_sha256: sha256(OPENAI_ONLY_KEY), models: ['openai/*'] },
      { key_sha256: sha256(GPT_4O_ONLY_KEY), models: ['openai/gpt-4o'] },
      { key_sha256: sha256(FAST_ONLY_KEY), models: ['openai/gpt-4o-mini'] },
      { key_sha256: sha256(FAST_AND_BALANCED_KEY), models: ['openai/gpt-4o-mini', 'openai/gpt-4.1-mini'] },
    ]),
    ...providerRouterEnv(url),
  }),
  KEY,
);

beforeEach(() => {
  providers.reset();
  under.upstream.reply(providers.handler);
});

const hello = [{ role: 'user' as const, content: 'Say hello.' }];
const book = createPriceBook({ rows: pricingSeedRows({ modelIds: loadCatalog().models.map((model) => model.id), overrides: catalogPriceOverrides(loadCatalog()) }).rows });

/** The candidates of x-switchyard-route, in the order the engine ranked them, with their estimates. */
/** The explanation on an error the SDK raised. */
const routeOf = (error: unknown) => (error as InstanceType<typeof OpenAI.APIError>).headers?.get('x-switchyard-route');

function candidatesOf(route: string): Array<{ target: string; usd: number | undefined }> {
  const list = /candidates=([^;]*)/.exec(route)?.[1] ?? '';
  return list
    .split(' ')
    .filter(Boolean)
    .map((entry) => {
      const match = /^(.+?)\((.*)\)$/.exec(entry)!;
      const usd = /\$([\d.]+)/.exec(match[2]!)?.[1];
      return { target: match[1]!, usd: usd === undefined ? undefined : Number(usd) };
    });
}

describe('the choice', () => {
  it('sends a group request to its cheapest member by estimated cost, and says so', async () => {
    const { data, response } = await under.client.chat.completions.create({ model: 'switchyard/fast', messages: hello }).withResponse();
    const route = response.headers.get('x-switchyard-route')!;
    const candidates = candidatesOf(route);
    expect(candidates.map((candidate) => candidate.target).sort()).toEqual(
      ['anthropic/claude-haiku-4-5', 'gemini/gemini-2.5-flash-lite', 'mistral/mistral-small-latest', 'openai/gpt-4o-mini'].sort(),
    );
    const estimates = candidates.map((candidate) => candidate.usd!);
    expect(estimates).toEqual([...estimates].sort((a, b) => a - b));
    expect(route.startsWith(`${candidates[0]!.target}; reason="cheapest feasible"`)).toBe(true);
    expect(response.headers.get('x-switchyard-provider')).toBe(candidates[0]!.target.split('/')[0]);
    expect(under.upstream.requests.map(providerOf)).toEqual([candidates[0]!.target.split('/')[0]]);
    expect(data.object).toBe('chat.completion');
  });

  it("prices the answer from its actual usage at the served model's price", async () => {
    const { data, response } = await under.client.chat.completions.create({ model: 'gpt-4o-mini', messages: hello }).withResponse();
    const price = book.priceAt('openai/gpt-4o-mini')!;
    const usage = data.usage!;
    const expected = costOfUsage(
      { inputTokens: usage.prompt_tokens, cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? 0, outputTokens: usage.completion_tokens },
      price,
    );
    expect(expected).toBeGreaterThan(0);
    expect(response.headers.get('x-switchyard-cost-usd')).toBe(formatUsd(expected));
  });

  it('keeps to the residency the caller asks for, and refuses when no candidate can', async () => {
    const { response } = await under.client.chat.completions
      .create({ model: 'switchyard/fast', messages: hello }, { headers: { 'x-switchyard-residency': 'eu' } })
      .withResponse();
    expect(response.headers.get('x-switchyard-provider')).toBe('mistral');
    expect(response.headers.get('x-switchyard-route')).toMatch(/excluded=.*openai\/gpt-4o-mini\(region us is outside eu\)/);

    const refused = await under.client.chat.completions.create({ model: 'gpt-4o-mini', messages: hello, switchyard: { residency: 'eu' } } as never).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.BadRequestError);
    expect(refused).toMatchObject({ status: 400, code: 'no_eligible_model', param: 'model' });
    expect(routeOf(refused)).toMatch(/^none; .*excluded=openai\/gpt-4o-mini\(region us is outside eu\)/);
    expect(under.upstream.requests.map(providerOf)).toEqual(['mistral']);
  });

  it("keeps a key to the models its policy allows", async () => {
    const client = new OpenAI({ baseURL: under.gateway.baseURL, apiKey: OPENAI_ONLY_KEY, maxRetries: 0 });
    const { response } = await client.chat.completions.create({ model: 'switchyard/fast', messages: hello }).withResponse();
    expect(response.headers.get('x-switchyard-provider')).toBe('openai');
    expect(response.headers.get('x-switchyard-route')).toMatch(/gemini\/gemini-2\.5-flash-lite\(not allowed for this key\)/);
    const refused = await client.chat.completions.create({ model: 'claude-haiku-4-5', messages: hello }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 403, code: 'model_not_allowed', param: 'model' });
  });

  it('refuses a request whose price ceiling no candidate fits, before calling anyone', async () => {
    const refused = await under.client.chat.completions
      .create({ model: 'switchyard/frontier', messages: hello, max_completion_tokens: 20_000 }, { headers: { 'x-switchyard-max-cost-usd': '0.000001' } })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 400, code: 'price_ceiling_unmet', param: 'x-switchyard-max-cost-usd' });
    expect(routeOf(refused)).toMatch(/^none; .*excluded=.*\(over price ceiling\)/);
    expect(under.upstream.requests).toEqual([]);
  });

  it('answers a bad routing header with a 400 naming it', async () => {
    const refused = await under.client.chat.completions
      .create({ model: 'switchyard/fast', messages: hello }, { headers: { 'x-switchyard-criticality': 'urgent' } })
      .catch((error: unknown) => error);
    expect(refused).toMatchObject({ status: 400, param: 'x-switchyard-criticality' });
  });

  it('sends switchyard/auto to a cheap group for a simple request and a strong one for a hard request', async () => {
    const simple = await under.client.chat.completions.create({ model: 'switchyard/auto', messages: hello }).withResponse();
    expect(simple.response.headers.get('x-switchyard-route')).toMatch(/reason="auto: complexity 0\.\d\d.*-> fast;/);

    const hard = [
      'Prove by induction that for every integer n >= 1 the sum of the first n odd numbers equals n^2, then derive a closed form for',
      'the sum of the first n squares, and explain step by step:',
      '1. state the base case and the inductive hypothesis;',
      '2. show the inductive step in full, with every algebraic manipulation;',
      '3. derive $\\sum_{k=1}^{n} k^2 = \\frac{n(n+1)(2n+1)}{6}$ with a telescoping argument;',
      '4. write a Python function that checks both identities for n up to 10^6 and analyse its complexity.',
      '```python\ndef check(n):\n    return sum(2*k-1 for k in range(1, n+1)) == n*n\n```',
    ].join('\n');
    const strong = await under.client.chat.completions
      .create({ model: 'switchyard/auto', messages: [{ role: 'system', content: 'You are a careful mathematician.' }, { role: 'user', content: hard }] })
      .withResponse();
    expect(strong.response.headers.get('x-switchyard-route')).toMatch(/-> (balanced|frontier);/);
  });

  it("escalates a cascade to the requested model when the cheap answer's confidence cannot be read", async () => {
    const { response } = await under.client.chat.completions
      .create({ model: 'gpt-4o', messages: hello }, { headers: { 'x-switchyard-cascade': 'true' } })
      .withResponse();
    const sent = under.upstream.requests.map((request) => `${providerOf(request)}:${String(request.json.model ?? request.url)}`);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toBe('openai:gpt-4o');
    expect(response.headers.get('x-switchyard-route')).toMatch(/cascade="escalated from .+: no logprobs < 0\.75"/);
  });

  it('keeps the cheap answer of a cascade when its token log-probabilities say it is confident', async () => {
    // Only OpenAI answers here (the others are overloaded): it is asked for logprobs it then returns.
    for (const provider of ['gemini', 'anthropic', 'mistral'] as const) providers.set(provider, { kind: 'status', status: 503, body: OVERLOADED[provider] });
    providers.set('openai', (request) => ({
      kind: 'ok',
      json: {
        id: 'chatcmpl-confident',
        object: 'chat.completion',
        created: 1_795_000_000,
        model: String(request.json.model),
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: 'Hello!', refusal: null },
            logprobs: request.json.logprobs === true ? { content: [{ token: 'Hello', logprob: -0.01, bytes: null, top_logprobs: [] }, { token: '!', logprob: -0.02, bytes: null, top_logprobs: [] }], refusal: null } : null,
            finish_reason: 'stop',
          },
        ],
        usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
      },
    }));
    const { data, response } = await under.client.chat.completions
      .create({ model: 'gpt-4o', messages: hello }, { headers: { 'x-switchyard-cascade': 'true' } })
      .withResponse();
    const openaiCalls = under.upstream.requests.filter((request) => providerOf(request) === 'openai');
    expect(openaiCalls.map((request) => [request.json.model, request.json.logprobs])).toEqual([['gpt-4o-mini', true]]);
    expect(response.headers.get('x-switchyard-route')).toMatch(/cascade="openai\/gpt-4o-mini kept: confidence 0\.99 vs 0\.75"/);
    // The client did not ask for log-probabilities: it does not get them.
    expect(data.choices[0]!.logprobs).toBeNull();
  });
});

describe('a cascade for a key that may not use its groups', () => {
  const clientFor = (key: string) => new OpenAI({ baseURL: under.gateway.baseURL, apiKey: key, maxRetries: 0 });
  const cascade = { headers: { 'x-switchyard-cascade': 'true' } };
  const sent = () => under.upstream.requests.map((request) => `${providerOf(request)}:${String(request.json.model ?? request.url)}`);

  it('serves the requested model directly when the key may use no member of the cheap group, and says so', async () => {
    const { data, response } = await clientFor(GPT_4O_ONLY_KEY).chat.completions.create({ model: 'gpt-4o', messages: hello }, cascade).withResponse();
    expect(data.object).toBe('chat.completion');
    expect(sent()).toEqual(['openai:gpt-4o']);
    expect(response.headers.get('x-switchyard-route')).toMatch(/cascade="skipped: this key may use no member of switchyard\/fast"/);
  });

  it('keeps the cheap answer of switchyard/auto when the key may use nothing stronger than the cheap group', async () => {
    const { data, response } = await clientFor(FAST_ONLY_KEY).chat.completions.create({ model: 'switchyard/auto', messages: hello }, cascade).withResponse();
    expect(data.object).toBe('chat.completion');
    expect(sent()).toEqual(['openai:gpt-4o-mini']);
    expect(response.headers.get('x-switchyard-route')).toMatch(
      /cascade="openai\/gpt-4o-mini kept: no logprobs < 0\.75, but this key may use no member of switchyard\/frontier"/,
    );
  });

  it('escalates switchyard/auto to the tier it chose when the key may use no member of the strong group', async () => {
    // Scored 0.4: the balanced tier.
    const proof = [{ role: 'user' as const, content: 'Prove that the square root of 2 is irrational.' }];
    const { response } = await clientFor(FAST_AND_BALANCED_KEY).chat.completions.create({ model: 'switchyard/auto', messages: proof }, cascade).withResponse();
    expect(sent()).toEqual(['openai:gpt-4o-mini', 'openai:gpt-4.1-mini']);
    expect(response.headers.get('x-switchyard-route')).toMatch(
      /cascade="escalated from openai\/gpt-4o-mini: no logprobs < 0\.75 \(this key may use no member of switchyard\/frontier: switchyard\/balanced instead\)"/,
    );
  });
});

describe('GET /v1/health', () => {
  it('needs a key and lists the targets this gateway has seen, with their latencies and breakers', async () => {
    const anonymous = await fetch(`${under.gateway.baseURL}/health`);
    expect(anonymous.status).toBe(401);
    const response = await fetch(`${under.gateway.baseURL}/health`, { headers: { authorization: `Bearer ${KEY}` } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { object: string; data: Array<{ target: string; requests: number; breaker: { state: string } }> };
    expect(body.object).toBe('list');
    const openai = body.data.find((entry) => entry.target === 'openai/gpt-4o-mini')!;
    expect(openai.requests).toBeGreaterThan(0);
    expect(openai.breaker.state).toBe('closed');
  });
});
