/**
 * A check of translated mode against native mode: an OpenAI Chat body, decoded into a call and
 * encoded back (the call's origin made another dialect's, to force the translated path), reaches
 * each OpenAI-compatible provider as the body itself does.
 */
import { describe, expect, it } from 'vitest';
import { chatRequestSchema } from '../../../functions/ingress/openai-chat/chat-request-schema.ts';
import type { Call } from '../../../functions/core/call.ts';
import { adapterFor } from '../../../functions/providers/adapter-for.ts';
import type { BuildContext } from '../../../functions/providers/provider-adapter.ts';
import { findProvider } from '../../../functions/providers/provider-registry.ts';
import { callFromChat } from '../../support/call-from-chat.ts';

const PROVIDERS = ['openai', 'deepseek', 'mistral', 'groq', 'xai', 'together'];
const context: BuildContext = { model: 'm', apiKey: 'k', baseUrl: 'https://host/v1', stream: false };

const translated = (call: Call): Call => ({ ...call, origin: { ...call.origin, dialect: 'anthropic-messages' } });

function bothWays(provider: string, body: Record<string, unknown>) {
  const call = callFromChat(chatRequestSchema().parse({ model: `${provider}/m`, ...body }));
  const adapter = adapterFor(findProvider(provider)!);
  const buildContext = { ...context, stream: body.stream === true };
  const native = adapter.buildRequest(call, buildContext);
  const encoded = adapter.buildRequest(translated(call), buildContext);
  return { native: JSON.parse(native.body) as unknown, translated: JSON.parse(encoded.body) as unknown, notes: encoded.notes };
}

const weather = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    strict: true,
  },
};

const BODIES: Record<string, Record<string, unknown>> = {
  'a system prompt and a question, with sampling and a limit': {
    messages: [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Why is the sky blue?' },
    ],
    temperature: 0.2,
    top_p: 0.9,
    max_completion_tokens: 300,
  },
  'a tool loop': {
    messages: [
      { role: 'developer', content: 'Use tools.', name: 'ops' },
      { role: 'user', content: 'Weather in Paris and Rome?', name: 'ann' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
      { role: 'tool', tool_call_id: 'call_2', content: 'Rain' },
      { role: 'assistant', content: 'Paris is sunny; Rome has rain.' },
      { role: 'user', content: 'Thanks' },
    ],
    tools: [weather, { type: 'function', function: { name: 'noop' } }],
    tool_choice: { type: 'function', function: { name: 'get_weather' } },
    parallel_tool_calls: false,
  },
  'images, audio and files': {
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Compare these.' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png', detail: 'high' } },
          { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ' } },
          { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
          { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0x', filename: 'a.pdf' } },
          { type: 'file', file: { file_id: 'file-abc' } },
          { type: 'file', file: { file_data: 'JVBERi0x' } },
        ],
      },
    ],
  },
  'structured output and every other named field': {
    messages: [{ role: 'user', content: 'Give me JSON.' }],
    response_format: {
      type: 'json_schema',
      json_schema: { name: 'answer', description: 'One answer', schema: { type: 'object', properties: { a: { type: 'string' } } }, strict: true },
    },
    n: 2,
    stop: ['END', '###'],
    logprobs: true,
    top_logprobs: 3,
    seed: 42,
    presence_penalty: 0.1,
    frequency_penalty: -0.1,
    user: 'user-9',
    reasoning_effort: 'low',
    service_tier: 'flex',
    prompt_cache_key: 'tenant-1',
  },
  'fields the call has no word for': {
    messages: [{ role: 'user', content: 'Hi' }],
    response_format: { type: 'json_object' },
    logit_bias: { '50256': -100 },
    metadata: { run: '7' },
    store: true,
    service_tier: 'scale',
    modalities: ['text'],
  },
  'a refusal and a stream': {
    messages: [
      { role: 'user', content: 'Do the bad thing.' },
      { role: 'assistant', content: null, refusal: 'I will not.' },
      { role: 'user', content: 'Fine.' },
    ],
    stream: true,
  },
};

describe('translated mode gives back what native mode sends', () => {
  for (const [name, body] of Object.entries(BODIES)) {
    it(name, () => {
      for (const provider of PROVIDERS) {
        const sent = bothWays(provider, body);
        expect(sent.translated, provider).toEqual(sent.native);
        expect(sent.notes, provider).toBeUndefined();
      }
    });
  }

  it('equivalent where the body spells a thing another way: max_tokens, a lone stop string, a lone text part, an empty assistant string', () => {
    const sent = bothWays('openai', {
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
        { role: 'assistant', content: '', tool_calls: [{ id: 'c', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c', content: [{ type: 'text', text: 'done' }] },
      ],
      tools: [{ type: 'function', function: { name: 'f' } }],
      max_tokens: 50,
      stop: 'END',
    });
    expect(sent.translated).toEqual({
      model: 'm',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c', content: 'done' },
      ],
      tools: [{ type: 'function', function: { name: 'f' } }],
      max_completion_tokens: 50,
      stop: ['END'],
    });
  });
});
