import { describe, it, expect } from 'vitest';
import { chatRequestSchema } from '../../../functions/ingress/openai-chat/chat-request-schema.ts';
import { CallError } from '../../../functions/core/call-error.ts';
import type { BuildContext } from '../../../functions/providers/provider-adapter.ts';
import { geminiAdapter } from '../../../functions/providers/gemini/gemini-adapter.ts';
import type { GeminiGenerateContentRequest } from '../../../functions/providers/gemini/gemini-api-types.ts';
import { callFromChat } from '../../support/call-from-chat.ts';

const KEY = 'AIzaSy-test-key-123';
const baseContext: BuildContext = {
  model: 'gemini-2.5-flash',
  apiKey: KEY,
  baseUrl: 'https://generativelanguage.googleapis.com',
  stream: false,
};

function build(request: Record<string, unknown>, context: Partial<BuildContext> = {}) {
  const upstream = geminiAdapter.buildRequest(callFromChat(
    chatRequestSchema().parse({ model: 'google/gemini-2.5-flash', ...request })),
    { ...baseContext, ...context },
  );
  return { ...upstream, json: JSON.parse(upstream.body) as GeminiGenerateContentRequest };
}

function buildError(request: Record<string, unknown>, context: Partial<BuildContext> = {}): CallError {
  try {
    build(request, context);
  } catch (error) {
    if (error instanceof CallError) return error;
    throw error;
  }
  throw new Error('expected the request to be rejected');
}

const hi = [{ role: 'user', content: 'Hi' }];

describe('Gemini request: URL and headers', () => {
  it('non-streaming: generateContent, key in a header and nowhere in the URL', () => {
    const { url, headers } = build({ messages: hi });
    expect(url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:generateContent');
    expect(headers).toEqual({ 'x-goog-api-key': KEY, 'content-type': 'application/json' });
    expect(url).not.toContain(KEY);
    expect(url).not.toContain('key=');
  });

  it('streaming: streamGenerateContent with alt=sse under a base URL with a path; model path-encoded', () => {
    const { url } = build({ messages: hi }, { stream: true, baseUrl: 'https://proxy.example.com/gemini', model: 'tuned/my model' });
    expect(url).toBe('https://proxy.example.com/gemini/v1beta/models/tuned%2Fmy%20model:streamGenerateContent?alt=sse');
    expect(url).not.toContain(KEY);
  });

  it('the body carries no OpenAI-only fields', () => {
    const { json } = build({ messages: hi, user: 'u-1', parallel_tool_calls: false, stream: true });
    expect(json).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] });
  });
});

describe('Gemini request: service tier', () => {
  it("sends OpenAI's flex and priority tiers as Gemini's top-level service_tier, and nothing for auto or default", () => {
    expect(build({ messages: hi, service_tier: 'flex' }).json).toMatchObject({ service_tier: 'flex', contents: [{ role: 'user' }] });
    expect(build({ messages: hi, service_tier: 'priority' }).json.service_tier).toBe('priority');
    for (const tier of ['auto', 'default', undefined]) expect(build({ messages: hi, service_tier: tier }).json).not.toHaveProperty('service_tier');
  });
});

describe('Gemini request: messages', () => {
  it('system and developer messages become one systemInstruction, in order, wherever they are', () => {
    const { json } = build({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
      ],
    });
    expect(json.systemInstruction).toEqual({ parts: [{ text: 'Be brief.' }, { text: 'Answer in French.' }] });
    expect(json.contents).toEqual([{ role: 'user', parts: [{ text: 'Hi' }] }]);
  });

  it('assistant is model; consecutive same-role messages merge so roles alternate', () => {
    const { json } = build({
      messages: [
        { role: 'user', content: 'One' },
        { role: 'user', content: [{ type: 'text', text: 'Two' }] },
        { role: 'assistant', content: 'Three' },
        { role: 'assistant', content: [{ type: 'text', text: 'Four' }] },
        { role: 'user', content: 'Five' },
      ],
    });
    expect(json.contents).toEqual([
      { role: 'user', parts: [{ text: 'One' }, { text: 'Two' }] },
      { role: 'model', parts: [{ text: 'Three' }, { text: 'Four' }] },
      { role: 'user', parts: [{ text: 'Five' }] },
    ]);
  });

  it('tool calls become functionCall parts; the signature round-trips; the placeholder fills a missing first one', () => {
    const { json } = build({
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome, and the time?' },
        {
          role: 'assistant',
          content: 'Checking.',
          tool_calls: [
            { id: 'call_a', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' }, extra_content: { google: { thought_signature: 'U0lHLUE=' } } },
            { id: 'call_b', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_a', content: '{"temp":21}' },
        { role: 'tool', tool_call_id: 'call_b', content: 'sunny' },
        { role: 'assistant', tool_calls: [{ id: 'call_c', type: 'function', function: { name: 'time', arguments: '' } }] },
        { role: 'tool', tool_call_id: 'call_c', content: [{ type: 'text', text: '[1, 2]' }] },
        { role: 'user', content: 'Thanks' },
      ],
    });
    expect(json.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Paris and Rome, and the time?' }] },
      {
        role: 'model',
        parts: [
          { text: 'Checking.' },
          { functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'U0lHLUE=' },
          // Only the first call of a turn needs a signature: the second stays without one.
          { functionCall: { name: 'weather', args: { city: 'Rome' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'weather', response: { temp: 21 } } },
          { functionResponse: { name: 'weather', response: { result: 'sunny' } } },
        ],
      },
      { role: 'model', parts: [{ functionCall: { name: 'time', args: {} }, thoughtSignature: 'skip_thought_signature_validator' }] },
      {
        role: 'user',
        parts: [{ functionResponse: { name: 'time', response: { result: '[1, 2]' } } }, { text: 'Thanks' }],
      },
    ]);
  });

  it('a tool result for an unknown call id is a 400 naming messages[i].tool_call_id', () => {
    const error = buildError({
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', tool_calls: [{ id: 'call_1', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_2', content: 'x' },
      ],
    });
    expect(error.status).toBe(400);
    expect(error).toMatchObject({ kind: 'invalid_request', fault: 'caller' });
    expect(error.param).toBe('messages[2].tool_call_id');
    expect(error.message).toContain("'call_2'");
  });

  it.each([
    ['{not json', 'valid JSON'],
    ['[1,2]', 'a JSON object'],
  ])('tool call arguments %s are a 400 naming the argument path', (args, wording) => {
    const error = buildError({
      messages: [
        { role: 'user', content: 'Hi' },
        {
          role: 'assistant',
          tool_calls: [
            { id: 'call_1', function: { name: 'f', arguments: '{}' } },
            { id: 'call_2', function: { name: 'g', arguments: args } },
          ],
        },
      ],
    });
    expect(error.status).toBe(400);
    expect(error.param).toBe('messages[1].tool_calls[1].function.arguments');
    expect(error.message).toContain(wording);
  });

  it('media: data URLs inline, https URLs as fileData with a guessed type, audio and files inline', () => {
    const { json } = build({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Look' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.webp?sig=abc' } },
            { type: 'image_url', image_url: { url: 'https://example.com/image' } },
            { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' } },
          ],
        },
      ],
    });
    expect(json.contents[0]?.parts).toEqual([
      { text: 'Look' },
      { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
      { fileData: { mimeType: 'image/webp', fileUri: 'https://example.com/cat.webp?sig=abc' } },
      { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/image' } },
      { inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } },
      { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
    ]);
  });

  it.each([
    [{ type: 'image_url', image_url: { url: 'http://example.com/cat.png' } }, 'messages[0].content[1].image_url.url', /https/],
    [{ type: 'image_url', image_url: { url: 'data:image/png,rawbytes' } }, 'messages[0].content[1].image_url.url', /base64/],
    [{ type: 'file', file: { file_id: 'file-abc' } }, 'messages[0].content[1].file', /data: URL/],
  ])('unsupported media %j is a 400 naming %s', (part, param, wording) => {
    const error = buildError({ messages: [{ role: 'user', content: [{ type: 'text', text: 'See' }, part] }] });
    expect(error.status).toBe(400);
    expect(error.param).toBe(param);
    expect(error.message).toMatch(wording);
  });
});

describe('Gemini request: tools', () => {
  const weatherTool = {
    type: 'function',
    function: {
      name: 'weather',
      description: 'Current weather',
      strict: true,
      parameters: {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: { city: { type: 'string', $comment: 'free text' } },
        required: ['city'],
        additionalProperties: false,
      },
    },
  };

  it('tools become functionDeclarations with a cleaned parametersJsonSchema', () => {
    const { json } = build({ messages: hi, tools: [weatherTool, { type: 'function', function: { name: 'now', parameters: {} } }] });
    expect(json.tools).toEqual([
      {
        functionDeclarations: [
          {
            name: 'weather',
            description: 'Current weather',
            parametersJsonSchema: {
              type: 'object',
              properties: { city: { type: 'string' } },
              required: ['city'],
              additionalProperties: false,
            },
          },
          { name: 'now' },
        ],
      },
    ]);
    expect(json.toolConfig).toBeUndefined();
  });

  it.each([
    ['auto', { mode: 'AUTO' }],
    ['none', { mode: 'NONE' }],
    ['required', { mode: 'ANY' }],
    [{ type: 'function', function: { name: 'weather' } }, { mode: 'ANY', allowedFunctionNames: ['weather'] }],
  ])('tool_choice %j -> functionCallingConfig %j', (toolChoice, config) => {
    const { json } = build({ messages: hi, tools: [weatherTool], tool_choice: toolChoice });
    expect(json.toolConfig).toEqual({ functionCallingConfig: config });
  });

  it('tool_choice without tools sends no tool config', () => {
    const { json } = build({ messages: hi, tool_choice: 'required' });
    expect(json.tools).toBeUndefined();
    expect(json.toolConfig).toBeUndefined();
  });
});

describe('Gemini request: generationConfig', () => {
  it('maps the sampling and output options', () => {
    const { json } = build({
      messages: hi,
      max_completion_tokens: 300,
      max_tokens: 999,
      temperature: 0.3,
      top_p: 0.9,
      stop: ['END', 'STOP'],
      n: 2,
      seed: 42,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      logprobs: true,
      top_logprobs: 3,
    });
    expect(json.generationConfig).toEqual({
      maxOutputTokens: 300,
      temperature: 0.3,
      topP: 0.9,
      stopSequences: ['END', 'STOP'],
      candidateCount: 2,
      seed: 42,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
      responseLogprobs: true,
      logprobs: 3,
    });
  });

  it('no options, no generationConfig; a single stop string is a list; top_logprobs alone asks for nothing', () => {
    expect(build({ messages: hi }).json.generationConfig).toBeUndefined();
    expect(build({ messages: hi, stop: 'END', max_tokens: 10, top_logprobs: 2 }).json.generationConfig).toEqual({
      maxOutputTokens: 10,
      stopSequences: ['END'],
    });
  });

  it('more than 5 stop sequences is a 400 naming stop', () => {
    const error = buildError({ messages: hi, stop: ['a', 'b', 'c', 'd', 'e', 'f'] });
    expect(error.status).toBe(400);
    expect(error.param).toBe('stop');
  });

  it('response_format json_object and json_schema', () => {
    expect(build({ messages: hi, response_format: { type: 'json_object' } }).json.generationConfig).toEqual({ responseMimeType: 'application/json' });
    expect(build({ messages: hi, response_format: { type: 'text' } }).json.generationConfig).toBeUndefined();
    const { json } = build({
      messages: hi,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'answer',
          strict: true,
          schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { kind: { const: 'final' } }, additionalProperties: false },
        },
      },
    });
    expect(json.generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseJsonSchema: { type: 'object', properties: { kind: { enum: ['final'] } }, additionalProperties: false },
    });
  });

  it.each([
    ['none', { thinkingBudget: 0 }],
    ['minimal', { thinkingBudget: 512, includeThoughts: true }],
    ['low', { thinkingBudget: 1024, includeThoughts: true }],
    ['medium', { thinkingBudget: 8192, includeThoughts: true }],
    ['high', { thinkingBudget: 24576, includeThoughts: true }],
    ['xhigh', { thinkingBudget: 24576, includeThoughts: true }],
  ])('Gemini 2.5: reasoning_effort %s -> thinkingConfig %j', (effort, thinkingConfig) => {
    expect(build({ messages: hi, reasoning_effort: effort }).json.generationConfig).toEqual({ thinkingConfig });
  });

  it.each([
    ['none', { thinkingLevel: 'low' }],
    ['minimal', { thinkingLevel: 'low', includeThoughts: true }],
    ['low', { thinkingLevel: 'low', includeThoughts: true }],
    ['medium', { thinkingLevel: 'high', includeThoughts: true }],
    ['high', { thinkingLevel: 'high', includeThoughts: true }],
    ['xhigh', { thinkingLevel: 'high', includeThoughts: true }],
  ])('Gemini 3: reasoning_effort %s -> thinkingConfig %j', (effort, thinkingConfig) => {
    const config = build({ messages: hi, reasoning_effort: effort }, { model: 'gemini-3-pro-preview' }).json.generationConfig;
    expect(config).toEqual({ thinkingConfig });
    expect(build({ messages: hi, reasoning_effort: effort }, { model: 'gemini-3.1-flash-lite' }).json.generationConfig).toEqual({ thinkingConfig });
  });

  it('no reasoning_effort, no thinkingConfig', () => {
    expect(build({ messages: hi, reasoning_effort: null }, { model: 'gemini-3-pro-preview' }).json.generationConfig).toBeUndefined();
  });
});
