import { describe, expect, it } from 'vitest';
import { chatRequestSchema } from '../../../functions/ingress/openai-chat/chat-request-schema.ts';
import { buildOpenAICompatibleRequest } from '../../../functions/providers/openai-compatible/build-openai-compatible-request.ts';
import { findProvider } from '../../../functions/providers/provider-registry.ts';

const build = (provider: string, body: Record<string, unknown>, stream = false) => {
  const upstream = buildOpenAICompatibleRequest(
    chatRequestSchema().parse({ model: `${provider}/m`, messages: [{ role: 'user', content: 'hi' }], ...body }),
    { model: 'm', apiKey: 'k', baseUrl: 'https://host/v1', stream },
    findProvider(provider)!.quirks!,
  );
  return { ...upstream, json: JSON.parse(upstream.body) as Record<string, unknown> };
};

describe('buildOpenAICompatibleRequest', () => {
  it('passes the request through with the provider model name, and unknown parameters kept', () => {
    const { url, headers, json } = build('openai', { temperature: 0.5, logit_bias: { '50256': -100 }, service_tier: 'flex' });
    expect(url).toBe('https://host/v1/chat/completions');
    expect(headers.authorization).toBe('Bearer k');
    expect(json).toEqual({ model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 0.5, logit_bias: { '50256': -100 }, service_tier: 'flex' });
  });

  it('always asks for usage when streaming, keeping the client options', () => {
    expect(build('groq', { stream: true }, true).json).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(build('openai', { stream: false }).json).not.toHaveProperty('stream');
  });

  it("applies a provider's quirks: max_tokens, seed and tool_choice for Mistral", () => {
    const { json } = build(
      'mistral',
      { max_completion_tokens: 9, seed: 3, tool_choice: 'required', tools: [{ type: 'function', function: { name: 'f' } }], stream: true },
      true,
    );
    expect(json).toMatchObject({ max_tokens: 9, random_seed: 3, tool_choice: 'any', stream: true });
    expect(json).not.toHaveProperty('max_completion_tokens');
    expect(json).not.toHaveProperty('seed');
    expect(json).not.toHaveProperty('stream_options');
  });

  it('strips gateway-only fields from earlier assistant turns', () => {
    const { json } = build('openai', {
      messages: [
        { role: 'user', content: 'hi' },
        {
          role: 'assistant',
          content: null,
          reasoning_content: 'thoughts',
          tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' }, extra_content: { google: { thought_signature: 's' } } }],
        },
      ],
    });
    expect((json.messages as unknown[])[1]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
    });
  });
});
