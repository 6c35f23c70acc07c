/**
 * Failure handling end to end, in the order a degrading provider goes through it: `npm start`
 * with OpenAI and Anthropic on one fake that degrades on command, `switchyard/fast` (cheapest:
 * OpenAI's gpt-4o-mini, then Claude Haiku). The tests run in sequence and share the gateway's
 * state on purpose: the breaker opened by one is the breaker the next sees.
 */
import OpenAI from 'openai';
import { beforeEach, describe, expect, it } from 'vitest';
import { createProviderRouter, OVERLOADED, providerOf } from '../support/provider-router.ts';
import { useGateway } from '../support/use-gateway.ts';

const providers = createProviderRouter();
const under = useGateway((url) => ({
  OPENAI_API_KEY: 'sk-openai',
  OPENAI_BASE_URL: `${url}/v1`,
  ANTHROPIC_API_KEY: 'sk-ant',
  ANTHROPIC_BASE_URL: url,
  SWITCHYARD_BREAKER_FAILURES: '4',
  SWITCHYARD_BREAKER_COOLDOWN_MS: '1000',
}));

beforeEach(() => {
  providers.reset();
  under.upstream.reply(providers.handler);
});

const hello = [{ role: 'user' as const, content: 'Say hello.' }];
const fast = () => under.client.chat.completions.create({ model: 'switchyard/fast', messages: hello }).withResponse();
const sentTo = () => under.upstream.requests.map(providerOf);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function health(target: string) {
  const body = (await (await fetch(`${under.gateway.baseURL}/health`)).json()) as { data: Array<{ target: string; breaker: { state: string; reason?: string } }> };
  return body.data.find((entry) => entry.target === target);
}

describe('a degrading provider', () => {
  it('is retried after the wait its 429 asks for, and then answers', async () => {
    let calls = 0;
    providers.set('openai', () => (++calls === 1 ? { kind: 'status', status: 429, body: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }, headers: { 'retry-after': '1' } } : { kind: 'ok' }));
    const started = Date.now();
    const { response } = await fast();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(sentTo()).toEqual(['openai', 'openai']);
    expect(response.headers.get('x-switchyard-provider')).toBe('openai');
    expect(response.headers.get('x-switchyard-route')).toMatch(/attempts=openai\/gpt-4o-mini:rate_limit_exceeded openai\/gpt-4o-mini:ok$/);
  });

  it('is retried once with backoff on a 503, then the request fails over to the next candidate', async () => {
    providers.set('openai', { kind: 'status', status: 503, body: OVERLOADED.openai });
    const { data, response } = await fast();
    expect(sentTo()).toEqual(['openai', 'openai', 'anthropic']);
    expect(response.headers.get('x-switchyard-provider')).toBe('anthropic');
    expect(response.headers.get('x-switchyard-route')).toMatch(/^anthropic\/claude-haiku-4-5; reason="failover after 2 failed attempts; first choice cheapest feasible"/);
    expect(data.choices[0]!.message.content).toBeTruthy();
  });

  it('gets its breaker opened after consecutive failures, and is then passed over without being called', async () => {
    providers.set('openai', { kind: 'status', status: 503, body: OVERLOADED.openai });
    await fast();
    expect(sentTo()).toEqual(['openai', 'openai', 'anthropic']);
    expect((await health('openai/gpt-4o-mini'))?.breaker).toMatchObject({ state: 'open', reason: '4 consecutive failures' });

    under.upstream.requests.length = 0;
    const { response } = await fast();
    expect(sentTo()).toEqual(['anthropic']);
    expect(response.headers.get('x-switchyard-route')).toMatch(/excluded=.*openai\/gpt-4o-mini\(breaker open: 4 consecutive failures\)/);
  });

  it('gets trial requests after the cooldown, and its breaker closes once they succeed', async () => {
    await sleep(1100);
    expect((await health('openai/gpt-4o-mini'))?.breaker.state).toBe('half_open');
    const first = await fast();
    expect(sentTo()).toEqual(['openai']);
    expect(first.response.headers.get('x-switchyard-provider')).toBe('openai');
    expect((await health('openai/gpt-4o-mini'))?.breaker.state).toBe('half_open');

    // One trial at a time, spaced: until the next is due, the healthy candidates serve.
    await fast();
    expect(sentTo()).toEqual(['openai', 'anthropic']);

    await sleep(2100);
    await fast();
    expect(sentTo()).toEqual(['openai', 'anthropic', 'openai']);
    expect((await health('openai/gpt-4o-mini'))?.breaker.state).toBe('closed');
  });
});

describe('streams', () => {
  it('fail over before the first byte: the client sees one whole stream from the next candidate', async () => {
    providers.set('openai', { kind: 'status', status: 503, body: OVERLOADED.openai });
    const { data: stream, response } = await under.client.chat.completions.create({ model: 'switchyard/fast', messages: hello, stream: true }).withResponse();
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text.length).toBeGreaterThan(0);
    expect(response.headers.get('x-switchyard-provider')).toBe('anthropic');
    expect(sentTo()).toEqual(['openai', 'openai', 'anthropic']);
  });

  it('are never retried once bytes have gone out: a cut stream ends with an error', async () => {
    providers.set('openai', { kind: 'cut' });
    const stream = await under.client.chat.completions.create({ model: 'gpt-4o-mini', messages: hello, stream: true });
    const read = (async () => {
      for await (const chunk of stream) void chunk;
    })();
    await expect(read).rejects.toBeInstanceOf(OpenAI.APIError);
    expect(sentTo()).toEqual(['openai']);
  });
});
