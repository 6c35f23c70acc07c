/**
 * A provider that asks for a long wait is never slept on: `npm start` with Gemini (answering its
 * spent-quota 429, 34.4 s in a RetryInfo detail) and Anthropic on one fake, and an SDK client that
 * waits 15 s at most, as the client that first met this did. The client gets an answer from the
 * next target, or, with none left, the 429 and its retry-after to decide for itself.
 */
import OpenAI from 'openai';
import { beforeEach, describe, expect, it } from 'vitest';
import { createProviderRouter, GEMINI_QUOTA_EXCEEDED, providerOf } from '../support/provider-router.ts';
import { useGateway } from '../support/use-gateway.ts';

const providers = createProviderRouter();
const under = useGateway((url) => ({
  GEMINI_API_KEY: 'AIza-test',
  GEMINI_BASE_URL: url,
  ANTHROPIC_API_KEY: 'sk-ant',
  ANTHROPIC_BASE_URL: url,
}));

beforeEach(() => {
  providers.reset();
  under.upstream.reply(providers.handler);
  providers.set('gemini', { kind: 'status', status: 429, body: GEMINI_QUOTA_EXCEEDED });
});

const hello = [{ role: 'user' as const, content: 'Say hello.' }];
const client = () => new OpenAI({ baseURL: under.gateway.baseURL, apiKey: 'unused', maxRetries: 0, timeout: 15_000 });
const sentTo = () => under.upstream.requests.map(providerOf);

describe("a provider's long retry-after", () => {
  it('sends the request on to the next target at once', async () => {
    const { response } = await client().chat.completions.create({ model: 'switchyard/fast', messages: hello }).withResponse();
    expect(response.headers.get('x-switchyard-provider')).toBe('anthropic');
    expect(sentTo()).toEqual(['gemini', 'anthropic']);
  });

  it('reaches the client as a 429 with its retry-after in seconds when there is no other target', async () => {
    const error = await client()
      .chat.completions.create({ model: 'gemini/gemini-2.5-flash', messages: hello })
      .then(
        () => undefined,
        (thrown: unknown) => thrown,
      );
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers?.get('retry-after')).toBe('35');
    expect(sentTo()).toEqual(['gemini']);
  });
});
