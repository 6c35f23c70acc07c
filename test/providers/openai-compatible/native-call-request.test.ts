/**
 * A call that arrived as an OpenAI Chat body (native mode): the OpenAI-compatible adapter sends the
 * client's body as the chat body builder always did, with the gateway's own overrides written on.
 */
import { describe, expect, it } from 'vitest';
import { chatRequestSchema } from '../../../functions/ingress/openai-chat/chat-request-schema.ts';
import type { Call, GatewayOverrides } from '../../../functions/core/call.ts';
import { adapterFor } from '../../../functions/providers/adapter-for.ts';
import { buildOpenAICompatibleRequest } from '../../../functions/providers/openai-compatible/build-openai-compatible-request.ts';
import type { BuildContext } from '../../../functions/providers/provider-adapter.ts';
import { findProvider } from '../../../functions/providers/provider-registry.ts';
import { callFromChat } from '../../support/call-from-chat.ts';

const context: BuildContext = { model: 'm', apiKey: 'k', baseUrl: 'https://host/v1', stream: false };

const chatFor = (provider: string, body: Record<string, unknown> = {}) =>
  chatRequestSchema().parse({ model: `${provider}/m`, messages: [{ role: 'user', content: 'hi' }], ...body });

const send = (provider: string, call: Call, stream = false) => {
  const upstream = adapterFor(findProvider(provider)!).buildRequest(call, { ...context, stream });
  return { ...upstream, json: JSON.parse(upstream.body) as Record<string, unknown> };
};

const withOverrides = (call: Call, overrides: GatewayOverrides): Call => ({ ...call, overrides });

describe('OpenAI-compatible adapter, native mode', () => {
  it('sends the client body as the chat body builder does, unknown fields and quirks included', () => {
    const chat = chatFor('mistral', { seed: 3, max_completion_tokens: 9, logit_bias: { '1': 2 }, some_new_field: { a: 1 }, stream: true });
    const sent = send('mistral', callFromChat(chat), true);
    expect(sent).toEqual({ ...buildOpenAICompatibleRequest(chat, { ...context, stream: true }, findProvider('mistral')!.quirks!), json: sent.json });
    expect(sent.json).toMatchObject({ random_seed: 3, max_tokens: 9, logit_bias: { '1': 2 }, some_new_field: { a: 1 } });
    expect(sent).not.toHaveProperty('notes');
  });

  it("a limit above the model's is lowered to it, as translated bodies are: the provider's 400 would not fail over", () => {
    const call = callFromChat(chatFor('openai', { max_completion_tokens: 32_000 }));
    const upstream = adapterFor(findProvider('openai')!).buildRequest(call, { ...context, maxOutputTokens: 16_384 });
    expect(JSON.parse(upstream.body).max_completion_tokens).toBe(16_384);
    const legacy = adapterFor(findProvider('deepseek')!).buildRequest(callFromChat(chatFor('deepseek', { max_tokens: 9_000 })), { ...context, maxOutputTokens: 8_192 });
    expect(JSON.parse(legacy.body).max_tokens).toBe(8_192);
    expect(call.origin.body).toMatchObject({ max_completion_tokens: 32_000 });
  });

  it("the cascade's logprobs override asks for log-probabilities without changing the client's body", () => {
    const call = callFromChat(chatFor('openai', { temperature: 0 }));
    const sent = send('openai', withOverrides(call, { logprobs: true }));
    expect(sent.json).toEqual({ model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 0, logprobs: true });
    expect(call.origin.body).not.toHaveProperty('logprobs');
  });

  it("the worker's flex override sets service_tier, over the client's own", () => {
    const call = callFromChat(chatFor('openai', { service_tier: 'auto' }));
    expect(send('openai', withOverrides(call, { serviceTier: 'flex' })).json).toMatchObject({ service_tier: 'flex' });
    expect(send('groq', withOverrides(callFromChat(chatFor('groq')), { serviceTier: 'flex', logprobs: true })).json).toMatchObject({
      service_tier: 'flex',
      logprobs: true,
    });
    expect(call.origin.body).toMatchObject({ service_tier: 'auto' });
  });

  it('an override the body already carries changes nothing', () => {
    const chat = chatFor('openai', { logprobs: true, top_logprobs: 2, service_tier: 'flex' });
    expect(send('openai', withOverrides(callFromChat(chat), { logprobs: true, serviceTier: 'flex' })).json).toEqual(
      send('openai', callFromChat(chat)).json,
    );
  });
});
