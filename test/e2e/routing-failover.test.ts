/**
 * Failure handling end to end: `npm start` with OpenAI and Anthropic on one fake that degrades on
 * command, `switchyard/fast` (cheapest: OpenAI's gpt-4o-mini, then Claude Haiku). What takes time
 * (a 429's wait, a breaker's cooldown and trials) is test/http/failover-over-time.test.ts's, on a
 * clock it moves: no test can move this process's.
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
  // No breaker opens here, whatever the failures add up to across tests.
  SWITCHYARD_BREAKER_FAILURES: '1000000',
}));

beforeEach(() => {
  providers.reset();
  under.upstream.reply(providers.handler);
});

const hello = [{ role: 'user' as const, content: 'Say hello.' }];
const fast = () => under.client.chat.completions.create({ model: 'switchyard/fast', messages: hello }).withResponse();
const sentTo = () => under.upstream.requests.map(providerOf);

describe('a degrading provider', () => {
  it('is retried once with backoff on a 503, then the request fails over to the next candidate', async () => {
    providers.set('openai', { kind: 'status', status: 503, body: OVERLOADED.openai });
    const { data, response } = await fast();
    expect(sentTo()).toEqual(['openai', 'openai', 'anthropic']);
    expect(response.headers.get('x-switchyard-provider')).toBe('anthropic');
    expect(response.headers.get('x-switchyard-route')).toMatch(/^anthropic\/claude-haiku-4-5; reason="failover after 2 failed attempts; first choice cheapest feasible"/);
    expect(data.choices[0]!.message.content).toBeTruthy();
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
