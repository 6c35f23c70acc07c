/**
 * The OpenAI Chat Completions body read into the neutral call, for every request shape the provider
 * adapter tests build from: each Call is asserted whole (toStrictEqual, so a field that should be
 * absent must be absent, not undefined).
 */
import { describe, expect, it } from 'vitest';
import { chatRequestSchema, type ChatRequest } from '../../../functions/ingress/openai-chat/chat-request-schema.ts';
import type { Call } from '../../../functions/core/call.ts';
import type { Tool } from '../../../functions/core/tools.ts';
import { decodeChatRequest, decodeTool } from '../../../functions/ingress/openai-chat/decode.ts';
import type { RoutingPreferences } from '../../../functions/routing/routing-preferences.ts';

const preferences: RoutingPreferences = { criticality: 'standard', cascade: false };
const hello = [{ role: 'user', content: 'Hello' }];

/** The client's JSON, validated as the gateway does. */
const parse = (request: Record<string, unknown>): ChatRequest => chatRequestSchema().parse({ model: 'openai/gpt-4o', messages: hello, ...request });
const decode = (request: Record<string, unknown>): Call => decodeChatRequest(parse(request), preferences);

/** The call for `hello` with nothing else asked, changed by `changes`; `body` is the parsed request it came from. */
function expected(body: ChatRequest, changes: Partial<Call> = {}): Call {
  return {
    model: 'openai/gpt-4o',
    messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
    tools: [],
    output: { format: { type: 'text' }, choices: 1, stop: [] },
    sampling: {},
    cache: { callerPlaced: false },
    stream: false,
    preferences,
    providerOptions: {},
    origin: { dialect: 'openai-chat', body, forwardHeaders: {} },
    overrides: {},
    ...changes,
  };
}

describe('decodeChatRequest: the call around the messages', () => {
  it('a bare request: one user turn, defaults everywhere else, the body and preferences kept as given', () => {
    const body = parse({});
    const call = decodeChatRequest(body, preferences);
    expect(call).toStrictEqual(expected(body));
    expect(call.origin.body).toBe(body);
    expect(call.preferences).toBe(preferences);
  });

  it('stream, user and the sampling numbers', () => {
    const body = parse({ stream: true, user: 'u-42', temperature: 0.2, top_p: 0.9, seed: 7, presence_penalty: 0.5, frequency_penalty: -0.5 });
    expect(decodeChatRequest(body, preferences)).toStrictEqual(
      expected(body, {
        stream: true,
        user: 'u-42',
        sampling: { temperature: 0.2, topP: 0.9, seed: 7, presencePenalty: 0.5, frequencyPenalty: -0.5 },
      }),
    );
  });

  it('null numbers are not set: the provider default stays', () => {
    const body = parse({ stream: null, temperature: null, top_p: null, seed: null, max_tokens: null, n: null, stop: null, reasoning_effort: null, logprobs: null });
    expect(decodeChatRequest(body, preferences)).toStrictEqual(expected(body));
  });

  it('max_completion_tokens wins over max_tokens; max_tokens alone is the limit', () => {
    expect(decode({ max_tokens: 100, max_completion_tokens: 200 }).output).toStrictEqual({ format: { type: 'text' }, maxTokens: 200, choices: 1, stop: [] });
    expect(decode({ max_tokens: 100 }).output).toStrictEqual({ format: { type: 'text' }, maxTokens: 100, choices: 1, stop: [] });
  });

  it('n is the number of choices; stop as a string or an array is a list', () => {
    expect(decode({ n: 3, stop: 'END' }).output).toStrictEqual({ format: { type: 'text' }, choices: 3, stop: ['END'] });
    expect(decode({ stop: ['a', 'b'] }).output).toStrictEqual({ format: { type: 'text' }, choices: 1, stop: ['a', 'b'] });
  });

  it('logprobs, with and without top_logprobs; top_logprobs alone asks nothing', () => {
    expect(decode({ logprobs: true, top_logprobs: 3 }).output.logprobs).toStrictEqual({ top: 3 });
    expect(decode({ logprobs: true }).output.logprobs).toStrictEqual({});
    expect(decode({ logprobs: false, top_logprobs: 3 }).output).toStrictEqual({ format: { type: 'text' }, choices: 1, stop: [] });
  });

  it('every response_format', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } } };
    expect(decode({ response_format: { type: 'text' } }).output.format).toStrictEqual({ type: 'text' });
    expect(decode({ response_format: { type: 'json_object' } }).output.format).toStrictEqual({ type: 'json' });
    expect(decode({ response_format: { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema } } }).output.format).toStrictEqual({
      type: 'json-schema',
      name: 'answer',
      strict: true,
      schema,
    });
    expect(decode({ response_format: { type: 'json_schema', json_schema: { name: 'x', description: 'An x.', strict: null } } }).output.format).toStrictEqual({
      type: 'json-schema',
      name: 'x',
      description: 'An x.',
      strict: null,
    });
  });

  it.each(['none', 'minimal', 'low', 'medium', 'high', 'xhigh'] as const)('reasoning_effort %s', (effort) => {
    expect(decode({ reasoning_effort: effort }).reasoning).toStrictEqual({ effort });
  });

  it('tools, tool_choice in each form, parallel_tool_calls', () => {
    const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const tools = [
      { type: 'function', function: { name: 'weather', description: 'Weather now.', parameters, strict: true } },
      { type: 'function', function: { name: 'ping' } },
    ];
    const decodedTools: Tool[] = [
      { kind: 'function', name: 'weather', description: 'Weather now.', parameters, strict: true },
      { kind: 'function', name: 'ping' },
    ];
    const body = parse({ tools, tool_choice: { type: 'function', function: { name: 'weather' } }, parallel_tool_calls: false });
    expect(decodeChatRequest(body, preferences)).toStrictEqual(
      expected(body, { tools: decodedTools, toolChoice: { mode: 'tool', name: 'weather' }, parallelToolCalls: false }),
    );
    for (const mode of ['auto', 'none', 'required'] as const) expect(decode({ tools, tool_choice: mode }).toolChoice).toStrictEqual({ mode });
  });

  it('a tool of another type is kept whole as an openai-chat native tool', () => {
    const webSearch = { type: 'web_search', search_context_size: 'low' };
    expect(decodeTool(webSearch)).toStrictEqual({ kind: 'native', dialect: 'openai-chat', type: 'web_search', definition: webSearch });
  });

  it('unknown top-level fields go to providerOptions.openai; stream_options is the door\'s, not the call\'s', () => {
    const body = parse({ logit_bias: { '50256': -100 }, metadata: { team: 'a' }, store: true, top_k: 40, stream_options: { include_usage: true } });
    expect(decodeChatRequest(body, preferences)).toStrictEqual(
      expected(body, { providerOptions: { openai: { logit_bias: { '50256': -100 }, metadata: { team: 'a' }, store: true, top_k: 40 } } }),
    );
  });

  it('service_tier the call knows is named; another stays an OpenAI option', () => {
    const flex = parse({ service_tier: 'flex' });
    expect(decodeChatRequest(flex, preferences)).toStrictEqual(expected(flex, { serviceTier: 'flex' }));
    const scale = parse({ service_tier: 'scale' });
    expect(decodeChatRequest(scale, preferences)).toStrictEqual(expected(scale, { providerOptions: { openai: { service_tier: 'scale' } } }));
  });

  it('prompt_cache_key is the cache key', () => {
    const body = parse({ prompt_cache_key: 'tenant-7' });
    expect(decodeChatRequest(body, preferences)).toStrictEqual(expected(body, { cache: { callerPlaced: false, key: 'tenant-7' } }));
  });
});

describe('decodeChatRequest: cache_control anywhere means the caller placed the breakpoints', () => {
  const marked = { type: 'ephemeral' };
  it.each([
    ['on the request', { cache_control: marked }],
    ['on a tool', { tools: [{ type: 'function', function: { name: 'f' }, cache_control: marked }] }],
    ['on a message', { messages: [{ role: 'system', content: 'Be brief.', cache_control: marked }, ...hello] }],
    ['on a content part', { messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello', cache_control: marked }] }] }],
  ])('%s', (_where, request) => {
    expect(decode(request).cache).toStrictEqual({ callerPlaced: true });
  });

  it('none anywhere: the gateway may place its own', () => {
    expect(decode({ tools: [{ type: 'function', function: { name: 'f' } }], messages: [{ role: 'system', content: 'Be brief.' }, ...hello] }).cache).toStrictEqual({
      callerPlaced: false,
    });
  });
});

describe('decodeChatRequest: messages', () => {
  it('system and developer messages stay in place, with their variant and name', () => {
    const messages = [
      { role: 'system', content: 'Be brief.', name: 'policy' },
      { role: 'user', content: 'Hi' },
      { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }, { type: 'text', text: 'Be kind.' }] },
    ];
    expect(decode({ messages }).messages).toStrictEqual([
      { role: 'system', variant: 'system', content: [{ type: 'text', text: 'Be brief.' }], name: 'policy' },
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'system', variant: 'developer', content: [{ type: 'text', text: 'Answer in French.' }, { type: 'text', text: 'Be kind.' }] },
    ]);
  });

  it('user parts: text, images by URL and inline, audio, files inline, by id, and of no known form', () => {
    const content = [
      { type: 'text', text: 'Look:' },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
      { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
      { type: 'file', file: { filename: 'report.pdf', file_data: 'data:application/pdf;base64,JVBERi0xLjQ=' } },
      { type: 'file', file: { file_data: 'data:text/plain;base64,aGk=' } },
      { type: 'file', file: { file_id: 'file-abc', filename: 'notes.pdf' } },
      { type: 'file', file: { file_data: 'JVBERi0xLjQ=' } },
    ];
    expect(decode({ messages: [{ role: 'user', content, name: 'ann' }] }).messages).toStrictEqual([
      {
        role: 'user',
        name: 'ann',
        content: [
          { type: 'text', text: 'Look:' },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' }, detail: 'high' },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'audio', data: 'UklGRg==', format: 'wav' },
          { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0xLjQ=' }, title: 'report.pdf' },
          { type: 'document', source: { kind: 'base64', mediaType: 'text/plain', data: 'aGk=' } },
          { type: 'document', source: { kind: 'file', family: 'openai-compatible', id: 'file-abc' }, title: 'notes.pdf' },
          { type: 'native', dialect: 'openai-chat', block: { type: 'file', file: { file_data: 'JVBERi0xLjQ=' } } },
        ],
      },
    ]);
  });

  it('an assistant turn: reasoning (unsigned), text, tool calls with and without a Gemini signature', () => {
    const messages = [
      ...hello,
      {
        role: 'assistant',
        content: 'Checking both.',
        reasoning_content: 'I should call the tool twice.',
        tool_calls: [
          { id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' }, extra_content: { google: { thought_signature: 'U0lHLUE=' } } },
          { id: 'call_b', type: 'function', function: { name: 'weather', arguments: '{"city":' } },
        ],
      },
    ];
    expect(decode({ messages }).messages[1]).toStrictEqual({
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'I should call the tool twice.' },
        { type: 'text', text: 'Checking both.' },
        { type: 'tool-call', id: 'call_a', name: 'weather', arguments: '{"city":"Paris"}', signature: { issuer: 'gemini', value: 'U0lHLUE=' } },
        { type: 'tool-call', id: 'call_b', name: 'weather', arguments: '{"city":' },
      ],
    });
  });

  it('assistant refusals, as a field and as parts; empty or null content is no part', () => {
    const messages = [
      ...hello,
      { role: 'assistant', content: [{ type: 'text', text: 'Partly: ' }, { type: 'refusal', refusal: 'no more.' }], name: 'bot' },
      { role: 'assistant', content: null, refusal: 'I cannot help with that.' },
      { role: 'assistant', content: '', reasoning_content: '', tool_calls: [{ id: 'c', function: { name: 'f', arguments: '{}' } }] },
    ];
    expect(decode({ messages }).messages.slice(1)).toStrictEqual([
      {
        role: 'assistant',
        name: 'bot',
        content: [
          { type: 'text', text: 'Partly: ' },
          { type: 'refusal', text: 'no more.' },
        ],
      },
      { role: 'assistant', content: [{ type: 'refusal', text: 'I cannot help with that.' }] },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'c', name: 'f', arguments: '{}' }] },
    ]);
  });

  it('tool results are their own turn, text or text parts', () => {
    const messages = [
      ...hello,
      { role: 'assistant', tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'call_a', content: 'Sunny, 21 °C' },
      { role: 'tool', tool_call_id: 'call_b', content: [{ type: 'text', text: 'Rain' }, { type: 'text', text: ', 12 °C' }] },
    ];
    expect(decode({ messages }).messages.slice(2)).toStrictEqual([
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_a', content: [{ type: 'text', text: 'Sunny, 21 °C' }] }] },
      {
        role: 'tool',
        content: [{ type: 'tool-result', toolCallId: 'call_b', content: [{ type: 'text', text: 'Rain' }, { type: 'text', text: ', 12 °C' }] }],
      },
    ]);
  });
});
