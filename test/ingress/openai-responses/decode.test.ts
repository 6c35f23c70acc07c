import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeResponsesRequest } from '../../../functions/ingress/openai-responses/decode.ts';
import { encodeEnvelope } from '../../../functions/ingress/openai-responses/reasoning-envelope.ts';
import { validateResponsesRequest } from '../../../functions/ingress/openai-responses/validate-responses-request.ts';
import { DEFAULT_ROUTING_PREFERENCES } from '../../../functions/routing/routing-preferences.ts';

const decode = (body: Record<string, unknown>) => decodeResponsesRequest(validateResponsesRequest({ model: 'anthropic/claude-sonnet-4-5', ...body }), DEFAULT_ROUTING_PREFERENCES);

/** Codex's request as it sends it (research/clients): developer messages, a namespace, a hosted web search, store false. */
const codex = {
  input: [
    { type: 'message', id: 'msg_1', role: 'developer', content: [{ type: 'input_text', text: 'You are Codex.' }] },
    { type: 'message', id: 'msg_2', role: 'developer', content: [{ type: 'input_text', text: '<skills>' }, { type: 'input_text', text: '<permissions>' }] },
    { type: 'message', id: 'msg_3', role: 'user', content: [{ type: 'input_text', text: 'say hi' }] },
  ],
  tools: [
    { type: 'function', name: 'exec_command', description: 'Runs a command.', strict: false, parameters: { type: 'object', properties: { cmd: { type: 'string' } } } },
    {
      type: 'namespace',
      name: 'multi_agent_v1',
      description: 'Sub-agents.',
      tools: [
        { type: 'function', name: 'close_agent', strict: false, parameters: { type: 'object' } },
        { type: 'function', name: 'spawn_agent', strict: false, parameters: { type: 'object' } },
      ],
    },
    { type: 'web_search', external_web_access: false },
  ],
  tool_choice: 'auto',
  parallel_tool_calls: true,
  reasoning: { summary: 'auto' },
  store: false,
  stream: true,
  include: ['reasoning.encrypted_content'],
  prompt_cache_key: 'thread-1',
  client_metadata: { session_id: 's-1' },
};

describe('decodeResponsesRequest: what Codex sends', () => {
  const { call, origins } = decode(codex);

  it('developer messages are system messages in place (a translated Chat target is never OpenAI: no developer role), their parts kept apart', () => {
    expect(call.messages).toEqual([
      { role: 'system', variant: 'system', content: [{ type: 'text', text: 'You are Codex.' }] },
      { role: 'system', variant: 'system', content: [{ type: 'text', text: '<skills>' }, { type: 'text', text: '<permissions>' }] },
      { role: 'user', content: [{ type: 'text', text: 'say hi' }] },
    ]);
  });

  it('the namespace’s functions are flat functions, mapped back by name; the hosted web search is kept whole', () => {
    expect(call.tools.map((tool) => (tool.kind === 'function' ? tool.name : `${tool.dialect}:${tool.type}`))).toEqual([
      'exec_command',
      'multi_agent_v1__close_agent',
      'multi_agent_v1__spawn_agent',
      'openai-responses:web_search',
    ]);
    expect(origins.get('multi_agent_v1__spawn_agent')).toEqual({ name: 'spawn_agent', namespace: 'multi_agent_v1', custom: false });
    expect(origins.has('exec_command')).toBe(false);
  });

  it('no output limit (the family supplies one), the summary wish without an effort, the cache key, the stream, the body as sent', () => {
    expect(call.output).toEqual({ format: { type: 'text' }, choices: 1, stop: [] });
    expect(call.reasoning).toEqual({ summary: 'auto' });
    expect(call.cache).toEqual({ callerPlaced: false, key: 'thread-1' });
    expect(call.stream).toBe(true);
    expect(call.toolChoice).toEqual({ mode: 'auto' });
    expect(call.parallelToolCalls).toBe(true);
    expect(call.origin.dialect).toBe('openai-responses');
    expect(call.origin.body['client_metadata']).toEqual({ session_id: 's-1' });
  });
});

describe('decodeResponsesRequest: items into turns', () => {
  it('instructions first; a run of assistant items is one turn; tool outputs their own turn', () => {
    const { call } = decode({
      instructions: 'Be brief.',
      input: [
        { role: 'user', content: 'Weather?' },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Look it up.' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Checking.' }] },
        { type: 'function_call', call_id: 'call_1', name: 'weather', arguments: '{"city":"Rome"}' },
        { type: 'function_call', call_id: 'call_2', name: 'spawn_agent', namespace: 'multi_agent_v1', arguments: '{}' },
        { type: 'function_call_output', call_id: 'call_1', output: 'sunny' },
        { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: 'spawned' }] },
      ],
    });
    expect(call.messages).toEqual([
      { role: 'system', variant: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Look it up.' },
          { type: 'text', text: 'Checking.' },
          { type: 'tool-call', id: 'call_1', name: 'weather', arguments: '{"city":"Rome"}' },
          { type: 'tool-call', id: 'call_2', name: 'multi_agent_v1__spawn_agent', arguments: '{}' },
        ],
      },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: 'sunny' }] },
          { type: 'tool-result', toolCallId: 'call_2', content: [{ type: 'text', text: 'spawned' }] },
        ],
      },
    ]);
  });

  it('images and files: data URLs inline, URLs by reference, OpenAI file ids for OpenAI', () => {
    const { call } = decode({
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_image', image_url: 'data:image/png;base64,AAAA', detail: 'high' },
            { type: 'input_image', image_url: 'https://example.com/cat.png' },
            { type: 'input_file', file_data: 'data:application/pdf;base64,JVBE', filename: 'a.pdf' },
            { type: 'input_file', file_id: 'file-1' },
          ],
        },
      ],
    });
    expect(call.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' }, detail: 'high' },
        { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.png' } },
        { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBE' }, title: 'a.pdf' },
        { type: 'document', source: { kind: 'file', family: 'openai-compatible', id: 'file-1' } },
      ],
    });
  });

  it('an item only OpenAI reads (a web search’s call) is kept whole in the assistant turn', () => {
    const item = { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search', query: 'rome' } };
    const { call } = decode({ input: [{ role: 'user', content: 'Rome?' }, item] });
    expect(call.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'native', dialect: 'openai-responses', block: item }] });
  });

  it('an image in a developer message is a 400 naming the part', () => {
    expect(() => decode({ input: [{ role: 'developer', content: [{ type: 'input_image', image_url: 'https://example.com/a.png' }] }] })).toThrow(
      expect.objectContaining({ status: 400, param: 'input[0].content[0]' }),
    );
  });
});

describe('decodeResponsesRequest: reasoning sent back', () => {
  it('the gateway’s envelope gives back Claude’s signed and redacted thinking, and Gemini’s call signatures', () => {
    const envelope = encodeEnvelope({
      blocks: [
        { type: 'reasoning', text: 'Think.', signature: { issuer: 'claude', value: 'sig-1' } },
        { type: 'redacted-reasoning', data: 'opaque', issuer: 'claude' },
      ],
      toolCalls: { call_9: { issuer: 'gemini', value: 'thought-sig' } },
    });
    const { call } = decode({
      input: [
        { role: 'user', content: 'Go' },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Think.' }], encrypted_content: envelope },
        { type: 'function_call', call_id: 'call_9', name: 'weather', arguments: '{}' },
      ],
    });
    expect(call.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Think.', signature: { issuer: 'claude', value: 'sig-1' } },
        { type: 'redacted-reasoning', data: 'opaque', issuer: 'claude' },
        { type: 'tool-call', id: 'call_9', name: 'weather', arguments: '{}', signature: { issuer: 'gemini', value: 'thought-sig' } },
      ],
    });
  });

  it('OpenAI’s own encrypted reasoning is kept for OpenAI only, beside its summary', () => {
    const { call } = decode({ input: [{ type: 'reasoning', summary: [{ type: 'summary_text', text: 'Hm.' }], encrypted_content: 'gAAAA-openai' }, { role: 'user', content: 'Go' }] });
    expect(call.messages[0]).toEqual({
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Hm.' },
        { type: 'redacted-reasoning', data: 'gAAAA-openai', issuer: 'openai' },
      ],
    });
  });

  it('a malformed envelope is a 400 naming the field', () => {
    expect(() => decode({ input: [{ type: 'reasoning', summary: [], encrypted_content: 'sy1.not-json' }, { role: 'user', content: 'Go' }] })).toThrow(
      expect.objectContaining({ status: 400, param: 'input[0].encrypted_content' }),
    );
  });
});

describe('decodeResponsesRequest: tools, choices and output', () => {
  it('a custom tool is a function of one string, and its calls carry that string', () => {
    const { call, origins } = decode({
      input: [
        { role: 'user', content: 'Patch it' },
        { type: 'custom_tool_call', call_id: 'call_1', name: 'apply_patch', input: '*** Begin Patch' },
        { type: 'custom_tool_call_output', call_id: 'call_1', output: 'Done' },
      ],
      tools: [{ type: 'custom', name: 'apply_patch', description: 'Applies a patch.', format: { type: 'grammar', syntax: 'lark', definition: 'start: "x"' } }],
    });
    expect(call.tools).toEqual([
      {
        kind: 'function',
        name: 'apply_patch',
        description: 'Applies a patch.\n\nThe input follows this lark grammar:\nstart: "x"',
        parameters: { type: 'object', properties: { input: { type: 'string', description: expect.any(String) } }, required: ['input'] },
      },
    ]);
    expect(origins.get('apply_patch')).toEqual({ name: 'apply_patch', custom: true });
    expect(call.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'tool-call', id: 'call_1', name: 'apply_patch', arguments: '{"input":"*** Begin Patch"}' }] });
  });

  it('tool choices: a function by its flat name, allowed_tools narrows the tools, a hosted one is the model’s choice', () => {
    const tools = [
      { type: 'function', name: 'a', parameters: { type: 'object' } },
      { type: 'function', name: 'b', parameters: { type: 'object' } },
      { type: 'web_search' },
    ];
    expect(decode({ input: 'x', tools, tool_choice: { type: 'function', name: 'b' } }).call.toolChoice).toEqual({ mode: 'tool', name: 'b' });
    const allowed = decode({ input: 'x', tools, tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'a' }, { type: 'web_search' }] } }).call;
    expect(allowed.toolChoice).toEqual({ mode: 'required' });
    expect(allowed.tools.map((tool) => (tool.kind === 'function' ? tool.name : tool.type))).toEqual(['a', 'web_search']);
    expect(decode({ input: 'x', tools, tool_choice: { type: 'web_search' } }).call.toolChoice).toEqual({ mode: 'auto' });
  });

  it('text.format, the output limit, sampling, effort, the end user and the service tier', () => {
    const { call } = decode({
      input: 'x',
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true }, verbosity: 'low' },
      max_output_tokens: 500,
      temperature: 0.3,
      top_p: 0.9,
      reasoning: { effort: 'high' },
      safety_identifier: 'user-hash',
      service_tier: 'flex',
      include: ['message.output_text.logprobs'],
      top_logprobs: 2,
    });
    expect(call.output).toEqual({ format: { type: 'json-schema', name: 'answer', schema: { type: 'object' }, strict: true }, maxTokens: 500, choices: 1, stop: [], logprobs: { top: 2 } });
    expect(call.sampling).toEqual({ temperature: 0.3, topP: 0.9 });
    expect(call.reasoning).toEqual({ effort: 'high' });
    expect(call.user).toBe('user-hash');
    expect(call.serviceTier).toBe('flex');
    expect(decode({ input: 'x', text: { format: { type: 'json_object' } } }).call.output.format).toEqual({ type: 'json' });
  });

  it('two tools of one flat name are a 400 naming the second', () => {
    expect(() =>
      decode({ input: 'x', tools: [{ type: 'function', name: 'ns__f' }, { type: 'namespace', name: 'ns', description: '', tools: [{ type: 'function', name: 'f' }] }] }),
    ).toThrow(expect.objectContaining({ status: 400, param: 'tools[1].tools[0].name' }));
  });
});

describe('decodeResponsesRequest: what the real clients sent (test/fixtures/clients)', () => {
  const fixturesDir = new URL('../../fixtures/clients/', import.meta.url);
  const captured = (name: string) => (JSON.parse(readFileSync(new URL(name, fixturesDir), 'utf8')) as { body: Record<string, unknown> }).body;

  it.each(readdirSync(fixturesDir).filter((name) => name.endsWith('.json')))('%s validates and decodes', (name) => {
    const body = captured(name);
    const { call } = decodeResponsesRequest(validateResponsesRequest(body), DEFAULT_ROUTING_PREFERENCES);
    expect(call.messages.length).toBeGreaterThan(0);
    expect(call.origin.body).toEqual(body);
  });

  it('Codex on a catalog model: apply_patch is a custom tool, tool_search OpenAI’s own, the echoed reasoning OpenAI’s alone', () => {
    const { call, origins } = decodeResponsesRequest(validateResponsesRequest(captured('codex-gpt-5.5-reasoning-shell-call-2.json')), DEFAULT_ROUTING_PREFERENCES);
    expect(origins.get('apply_patch')).toEqual({ name: 'apply_patch', custom: true });
    expect(call.tools.filter((tool) => tool.kind === 'native').map((tool) => tool.type)).toEqual(['tool_search']);
    expect(call.reasoning).toEqual({ effort: 'medium' });
    const assistant = call.messages.find((message) => message.role === 'assistant');
    expect(assistant?.content.map((part) => (part.type === 'redacted-reasoning' ? `${part.type}:${part.issuer}` : part.type))).toEqual(['reasoning', 'redacted-reasoning:openai', 'tool-call']);
  });
});
