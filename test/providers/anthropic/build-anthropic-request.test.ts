import { describe, expect, it } from 'vitest';
import { chatRequestSchema } from '../../../functions/ingress/openai-chat/chat-request-schema.ts';
import { CallError } from '../../../functions/core/call-error.ts';
import type { AnthropicMessagesRequest } from '../../../functions/providers/anthropic/anthropic-api-types.ts';
import { anthropicAdapter } from '../../../functions/providers/anthropic/anthropic-adapter.ts';
import { JSON_OBJECT_INSTRUCTION } from '../../../functions/providers/anthropic/convert-anthropic-response-format.ts';
import { usesAdaptiveThinking } from '../../../functions/providers/anthropic/claude-model-version.ts';
import type { BuildContext } from '../../../functions/providers/provider-adapter.ts';
import { callFromChat } from '../../support/call-from-chat.ts';

const baseContext: BuildContext = {
  model: 'claude-sonnet-4-5',
  apiKey: 'sk-ant-test',
  baseUrl: 'https://api.anthropic.com',
  stream: false,
};

const hello = [{ role: 'user', content: 'Hello' }];

/** The client's JSON, validated as the gateway does, then translated. */
function build(request: Record<string, unknown>, context: Partial<BuildContext> = {}) {
  const parsed = chatRequestSchema().parse({ model: 'anthropic/claude-sonnet-4-5', messages: hello, ...request });
  return anthropicAdapter.buildRequest(callFromChat(parsed), { ...baseContext, ...context });
}
const body = (request: Record<string, unknown>, context: Partial<BuildContext> = {}): AnthropicMessagesRequest =>
  JSON.parse(build(request, context).body) as AnthropicMessagesRequest;

function rejection(request: Record<string, unknown>, context: Partial<BuildContext> = {}): CallError {
  try {
    build(request, context);
  } catch (error) {
    if (error instanceof CallError) return error;
    throw error;
  }
  throw new Error('expected a CallError');
}

describe('buildRequest: URL, headers, basics', () => {
  it('posts to /v1/messages with the key and version headers', () => {
    const request = build({});
    expect(request.url).toBe('https://api.anthropic.com/v1/messages');
    expect(request.headers).toEqual({
      'x-api-key': 'sk-ant-test',
      'anthropic-version': '2023-06-01',
      'content-type': 'application/json',
    });
    expect(JSON.parse(request.body)).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
    });
  });

  it('appends /v1/messages to a base URL with a path', () => {
    expect(build({}, { baseUrl: 'https://proxy.example/anthropic' }).url).toBe('https://proxy.example/anthropic/v1/messages');
  });

  it('asks for a stream when the context says so', () => {
    expect(body({}, { stream: true }).stream).toBe(true);
    expect(body({}, { stream: false })).not.toHaveProperty('stream');
  });

  it('max_tokens: the client (either name), else the catalog, else 4096', () => {
    expect(body({ max_tokens: 300 }).max_tokens).toBe(300);
    expect(body({ max_completion_tokens: 200, max_tokens: 300 }).max_tokens).toBe(200);
    expect(body({}, { maxOutputTokens: 64000 }).max_tokens).toBe(64000);
    expect(body({ max_tokens: 300 }, { maxOutputTokens: 64000 }).max_tokens).toBe(300);
    expect(body({}).max_tokens).toBe(4096);
  });

  it('temperature is clamped to 0..1 and wins over top_p (recent Claude rejects both); seed and penalties dropped', () => {
    const translated = body({ temperature: 1.6, top_p: 0.9, seed: 42, presence_penalty: 1, frequency_penalty: 1 });
    expect(translated.temperature).toBe(1);
    expect(translated).not.toHaveProperty('top_p');
    expect(body({ top_p: 0.9 }).top_p).toBe(0.9);
    expect(body({ temperature: 0.3 }).temperature).toBe(0.3);
    expect(body({ temperature: 0 }).temperature).toBe(0);
    expect(Object.keys(translated).sort()).toEqual(['max_tokens', 'messages', 'model', 'temperature']);
  });

  it('stop -> stop_sequences without whitespace-only entries', () => {
    expect(body({ stop: ['END', ' ', '\n', '###'] }).stop_sequences).toEqual(['END', '###']);
    expect(body({ stop: 'STOP' }).stop_sequences).toEqual(['STOP']);
    expect(body({ stop: ['\n\n'] })).not.toHaveProperty('stop_sequences');
  });

  it('user -> metadata.user_id', () => {
    expect(body({ user: 'user-123' }).metadata).toEqual({ user_id: 'user-123' });
  });

  it('n > 1 is a 400 naming n; n = 1 is fine', () => {
    const error = rejection({ n: 2 });
    expect(error.status).toBe(400);
    expect(error.param).toBe('n');
    expect(body({ n: 1 })).not.toHaveProperty('n');
  });
});

describe('buildRequest: messages', () => {
  it('system and developer messages anywhere join into the top-level system, in order', () => {
    const translated = body({
      messages: [
        { role: 'system', content: 'You are terse.' },
        { role: 'user', content: 'Hi' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
        { role: 'assistant', content: 'Salut.' },
        { role: 'system', content: 'Never use emoji.' },
        { role: 'user', content: 'Why?' },
      ],
    });
    expect(translated.system).toBe('You are terse.\n\nAnswer in French.\n\nNever use emoji.');
    expect(translated.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Salut.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Why?' }] },
    ]);
  });

  it('consecutive turns of one role merge; empty text is skipped', () => {
    const translated = body({
      messages: [
        { role: 'user', content: 'One' },
        { role: 'user', content: [{ type: 'text', text: 'Two' }, { type: 'text', text: '  ' }] },
        { role: 'assistant', content: '' },
        { role: 'assistant', content: 'Three' },
        { role: 'assistant', content: [{ type: 'text', text: 'Four' }] },
        { role: 'user', content: 'Five' },
      ],
    });
    expect(translated.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'One' }, { type: 'text', text: 'Two' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Three' }, { type: 'text', text: 'Four' }] },
      { role: 'user', content: [{ type: 'text', text: 'Five' }] },
    ]);
  });

  it('an assistant message first is sent as is (Anthropic merges and accepts it)', () => {
    const translated = body({
      messages: [
        { role: 'system', content: 'Be kind.' },
        { role: 'assistant', content: 'How can I help?' },
        { role: 'user', content: 'Tell me a joke.' },
      ],
    });
    expect(translated.messages.map((message) => message.role)).toEqual(['assistant', 'user']);
  });

  it('tool calls -> tool_use; tool results and the next user message -> one user turn, results first', () => {
    const translated = body({
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: 'Looking both up.',
          reasoning_content: 'I should call the tool twice.',
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
            { id: 'call_2', type: 'function', function: { name: 'weather', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '18C, sunny' },
        { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: '' }] },
        { role: 'user', content: 'And tomorrow?' },
      ],
    });
    expect(translated.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Looking both up.' },
          { type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'weather', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: '18C, sunny' },
          { type: 'tool_result', tool_use_id: 'call_2' },
          { type: 'text', text: 'And tomorrow?' },
        ],
      },
    ]);
    expect(JSON.stringify(translated)).not.toContain('I should call the tool twice.');
  });

  it('a user message between tool results still comes after all of them in the merged turn', () => {
    const translated = body({
      messages: [
        { role: 'user', content: 'Go' },
        {
          role: 'assistant',
          tool_calls: [
            { id: 'a', function: { name: 'one', arguments: '{}' } },
            { id: 'b', function: { name: 'two', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'a', content: 'A' },
        { role: 'user', content: 'Note' },
        { role: 'tool', tool_call_id: 'b', content: 'B' },
      ],
    });
    expect(translated.messages[2]).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'a', content: 'A' },
        { type: 'tool_result', tool_use_id: 'b', content: 'B' },
        { type: 'text', text: 'Note' },
      ],
    });
  });

  it('an assistant message with only tool calls and null content has no text block', () => {
    const translated = body({
      messages: [
        { role: 'user', content: 'Go' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c', function: { name: 'go', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c', content: 'done' },
      ],
    });
    expect(translated.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'tool_use', id: 'c', name: 'go', input: {} }] });
    expect(translated.messages[2]).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'c', content: 'done' }] });
  });

  it.each([
    ['{"city": "Paris"', 'is not valid JSON'],
    ['[1, 2]', 'must be a JSON object'],
  ])('tool call arguments %s -> 400 naming the argument', (args, message) => {
    const error = rejection({
      messages: [
        { role: 'user', content: 'Go' },
        {
          role: 'assistant',
          tool_calls: [
            { id: 'a', function: { name: 'ok', arguments: '{}' } },
            { id: 'b', function: { name: 'bad', arguments: args } },
          ],
        },
      ],
    });
    expect(error.status).toBe(400);
    expect(error).toMatchObject({ kind: 'invalid_request', fault: 'caller' });
    expect(error.param).toBe('messages[1].tool_calls[1].function.arguments');
    expect(error.message).toContain(message);
  });

  it('a conversation with nothing to send is a 400 naming messages', () => {
    const error = rejection({ messages: [{ role: 'system', content: 'Only a system prompt.' }] });
    expect(error.param).toBe('messages');
  });
});

describe('buildRequest: content parts', () => {
  const userParts = (content: unknown[]) => body({ messages: [{ role: 'user', content }] }).messages[0]?.content;

  it('images: data URL -> base64 source, https URL -> url source', () => {
    expect(
      userParts([
        { type: 'text', text: 'What is this?' },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
        { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
      ]),
    ).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      // A photo by URL counts as ~1,600 tokens, past Sonnet's 1,024-token cache minimum: a breakpoint.
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' }, cache_control: { type: 'ephemeral' } },
    ]);
  });

  it('a PDF file -> a document block titled with the filename', () => {
    expect(
      userParts([{ type: 'file', file: { filename: 'report.pdf', file_data: 'data:application/pdf;base64,JVBERi0xLjQ=' } }]),
    ).toEqual([
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0xLjQ=' }, title: 'report.pdf' },
    ]);
  });

  it('a plain-text file -> a text document, decoded', () => {
    const data = Buffer.from('line one\nline two').toString('base64');
    expect(userParts([{ type: 'file', file: { file_data: `data:text/plain;base64,${data}` } }])).toEqual([
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'line one\nline two' } },
    ]);
  });

  it.each([
    [{ type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } }, 'audio'],
    [{ type: 'image_url', image_url: { url: 'data:image/bmp;base64,Qk0=' } }, 'image/bmp'],
    [{ type: 'image_url', image_url: { url: 'ftp://example.com/cat.jpg' } }, 'http(s) URL'],
    [{ type: 'file', file: { file_id: 'file-abc' } }, 'file_id'],
    [{ type: 'file', file: { file_data: 'data:application/zip;base64,UEsDBA==' } }, 'application/zip'],
  ])('unsupported part %j -> 400 naming messages[1].content[1]', (part, message) => {
    const error = rejection({
      messages: [
        { role: 'system', content: 'S' },
        { role: 'user', content: [{ type: 'text', text: 'Look:' }, part] },
      ],
    });
    expect(error.status).toBe(400);
    expect(error.param).toBe('messages[1].content[1]');
    expect(error.message).toContain(message);
  });
});

describe('buildRequest: tools', () => {
  const tools = [
    {
      type: 'function',
      function: {
        name: 'weather',
        description: 'Current weather',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
    },
    { type: 'function', function: { name: 'ping' } },
  ];

  it('tools -> name, description, input_schema (default: empty object schema)', () => {
    const translated = body({ tools });
    expect(translated.tools).toEqual([
      {
        name: 'weather',
        description: 'Current weather',
        input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      },
      { name: 'ping', input_schema: { type: 'object', properties: {} } },
    ]);
    expect(translated).not.toHaveProperty('tool_choice');
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['required', { type: 'any' }],
    ['none', { type: 'none' }],
    [{ type: 'function', function: { name: 'ping' } }, { type: 'tool', name: 'ping' }],
  ])('tool_choice %j -> %j', (choice, expected) => {
    expect(body({ tools, tool_choice: choice }).tool_choice).toEqual(expected);
  });

  it('parallel_tool_calls false -> disable_parallel_tool_use inside tool_choice, auto by default', () => {
    expect(body({ tools, parallel_tool_calls: false }).tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(body({ tools, parallel_tool_calls: false, tool_choice: 'required' }).tool_choice).toEqual({
      type: 'any',
      disable_parallel_tool_use: true,
    });
    expect(
      body({ tools, parallel_tool_calls: false, tool_choice: { type: 'function', function: { name: 'weather' } } }).tool_choice,
    ).toEqual({ type: 'tool', name: 'weather', disable_parallel_tool_use: true });
    expect(body({ tools, parallel_tool_calls: false, tool_choice: 'none' }).tool_choice).toEqual({ type: 'none' });
    expect(body({ tools, parallel_tool_calls: true })).not.toHaveProperty('tool_choice');
  });

  it('tool_choice none or auto without tools -> neither is sent', () => {
    for (const choice of ['none', 'auto']) {
      const translated = body({ tool_choice: choice, parallel_tool_calls: false });
      expect(translated).not.toHaveProperty('tools');
      expect(translated).not.toHaveProperty('tool_choice');
    }
  });

  it("tool_choice 'required' without tools -> 400 naming tool_choice", () => {
    expect(rejection({ tool_choice: 'required' }).param).toBe('tool_choice');
  });
});

describe('buildRequest: response_format', () => {
  it('json_schema -> output_config.format with the schema', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
    const translated = body({
      messages: [{ role: 'system', content: 'Be exact.' }, ...hello],
      response_format: { type: 'json_schema', json_schema: { name: 'answer', strict: true, schema } },
    });
    expect(translated.output_config).toEqual({ format: { type: 'json_schema', schema } });
    expect(translated.system).toBe('Be exact.');
    expect(translated).not.toHaveProperty('tools');
  });

  it('json_object -> an instruction appended to the system prompt', () => {
    expect(body({ messages: [{ role: 'system', content: 'Be exact.' }, ...hello], response_format: { type: 'json_object' } }).system).toBe(
      `Be exact.\n\n${JSON_OBJECT_INSTRUCTION}`,
    );
    expect(body({ response_format: { type: 'json_object' } }).system).toBe(JSON_OBJECT_INSTRUCTION);
  });

  it('text -> nothing', () => {
    const translated = body({ response_format: { type: 'text' } });
    expect(translated).not.toHaveProperty('system');
    expect(translated).not.toHaveProperty('output_config');
  });
});

describe('buildRequest: reasoning_effort -> thinking', () => {
  it.each([
    ['low', 1024],
    ['medium', 4096],
    ['high', 16384],
    ['xhigh', 32768],
  ])('%s -> budget %i; without a client limit max_tokens = budget + 4096', (effort, budget) => {
    const translated = body({ reasoning_effort: effort });
    expect(translated.thinking).toEqual({ type: 'enabled', budget_tokens: budget });
    expect(translated.max_tokens).toBe(budget + 4096);
  });

  it.each(['none', 'minimal'])('%s -> no thinking', (effort) => {
    const translated = body({ reasoning_effort: effort });
    expect(translated).not.toHaveProperty('thinking');
    expect(translated.max_tokens).toBe(4096);
  });

  it("keeps the client's max_tokens when it is above the budget", () => {
    const translated = body({ reasoning_effort: 'medium', max_completion_tokens: 8000 });
    expect(translated.max_tokens).toBe(8000);
    expect(translated.thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
  });

  it('a client max_tokens at or below the budget -> 400 naming reasoning_effort', () => {
    const error = rejection({ reasoning_effort: 'medium', max_tokens: 4096 });
    expect(error.status).toBe(400);
    expect(error.param).toBe('reasoning_effort');
    expect(error.message).toContain('4096');
  });

  it('the catalog limit caps the raised max_tokens, and 400s when it leaves no room to think', () => {
    expect(body({ reasoning_effort: 'high' }, { maxOutputTokens: 64000 }).max_tokens).toBe(64000);
    expect(body({ reasoning_effort: 'high' }, { maxOutputTokens: 18000 }).max_tokens).toBe(18000);
    expect(rejection({ reasoning_effort: 'xhigh' }, { maxOutputTokens: 32000 }).param).toBe('reasoning_effort');
  });

  it('drops temperature and top_p while thinking', () => {
    const translated = body({ reasoning_effort: 'low', temperature: 0.2, top_p: 0.5 });
    expect(translated).not.toHaveProperty('temperature');
    expect(translated).not.toHaveProperty('top_p');
  });

  it('forcing a tool while thinking -> 400 naming tool_choice; auto is fine', () => {
    const tools = [{ type: 'function', function: { name: 'ping' } }];
    expect(rejection({ reasoning_effort: 'low', tools, tool_choice: 'required' }).param).toBe('tool_choice');
    expect(
      rejection({ reasoning_effort: 'low', tools, tool_choice: { type: 'function', function: { name: 'ping' } } }).param,
    ).toBe('tool_choice');
    expect(body({ reasoning_effort: 'low', tools, tool_choice: 'auto' }).tool_choice).toEqual({ type: 'auto' });
  });
});

describe('buildRequest: adaptive thinking on Claude 4.6 and later', () => {
  it.each([
    ['claude-opus-4-6', true],
    ['claude-sonnet-4-6', true],
    ['claude-opus-4-7', true],
    ['claude-opus-5', true],
    ['claude-fable-5', true],
    ['claude-mythos-preview', true],
    ['claude-sonnet-4-5-20250929', false],
    ['claude-opus-4-1', false],
    ['claude-opus-4-20250514', false],
    ['claude-3-7-sonnet-latest', false],
  ])('%s adaptive: %s', (model, adaptive) => {
    expect(usesAdaptiveThinking(model)).toBe(adaptive);
  });

  it.each([
    ['minimal', 'low'],
    ['low', 'low'],
    ['medium', 'medium'],
    ['high', 'high'],
    ['xhigh', 'max'],
  ])('reasoning_effort %s -> adaptive thinking at effort %s, merged with a JSON schema', (effort, level) => {
    const translated = body(
      { reasoning_effort: effort, response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } } },
      { model: 'claude-opus-4-6', maxOutputTokens: 128000 },
    );
    expect(translated.thinking).toEqual({ type: 'adaptive' });
    expect(translated.output_config).toEqual({ effort: level, format: { type: 'json_schema', schema: { type: 'object' } } });
    expect(translated.max_tokens).toBe(128000);
  });

  it('none -> no thinking and no effort', () => {
    const translated = body({ reasoning_effort: 'none' }, { model: 'claude-opus-4-7' });
    expect(translated).not.toHaveProperty('thinking');
    expect(translated).not.toHaveProperty('output_config');
  });
});

describe('buildRequest: what older models and tool loops need', () => {
  const schemaFormat = { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object', properties: { n: { type: 'number' } } } } };

  it('asks a model without structured outputs for the schema in the system prompt', () => {
    const translated = body({ response_format: schemaFormat }, { model: 'claude-opus-4-1' });
    expect(translated).not.toHaveProperty('output_config');
    expect(translated.system).toContain(JSON_OBJECT_INSTRUCTION);
    expect(translated.system).toContain('{"type":"object","properties":{"n":{"type":"number"}}}');
  });

  it('thinks no more on a request that returns tool results, which cannot carry the signed thinking back', () => {
    const toolLoop = [
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'toolu_1', content: 'sunny' },
    ];
    expect(body({ messages: toolLoop, reasoning_effort: 'medium' })).not.toHaveProperty('thinking');
    expect(body({ messages: toolLoop, reasoning_effort: 'medium' }, { model: 'claude-opus-4-6' })).not.toHaveProperty('thinking');
    expect(body({ reasoning_effort: 'medium' }).thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
  });

  it('lets adaptive thinking force a tool, which budgeted thinking cannot', () => {
    const tools = [{ type: 'function', function: { name: 'ping' } }];
    const translated = body({ reasoning_effort: 'low', tools, tool_choice: 'required' }, { model: 'claude-opus-4-6' });
    expect(translated.thinking).toEqual({ type: 'adaptive' });
    expect(translated.tool_choice).toEqual({ type: 'any' });
  });
});
