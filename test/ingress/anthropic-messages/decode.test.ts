/**
 * Anthropic Messages bodies, validated as the door validates them, read into the neutral call.
 * Calls and messages are asserted whole (toStrictEqual: a field that should be absent must be).
 */
import { describe, expect, it } from 'vitest';
import type { Call, CallMessage } from '../../../functions/core/call.ts';
import { decodeMessagesRequest } from '../../../functions/ingress/anthropic-messages/decode.ts';
import type { MessagesRequest } from '../../../functions/ingress/anthropic-messages/messages-request-schema.ts';
import { validateMessagesRequest } from '../../../functions/ingress/anthropic-messages/validate-messages-request.ts';
import type { RoutingPreferences } from '../../../functions/routing/routing-preferences.ts';
import { CLAUDE_CODE_HEADERS, claudeCodeBody, IDE_REMINDER, REMINDER, SIGNATURE, TODO_REMINDER } from './claude-code-request.ts';

const preferences: RoutingPreferences = { criticality: 'standard', cascade: false };
const base = { model: 'anthropic/claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello' }] };

/** The client's JSON, validated as the door does (the route removes `switchyard` first). */
const parse = (request: Record<string, unknown>): MessagesRequest => validateMessagesRequest({ ...base, ...request });
const decode = (request: Record<string, unknown>, headers: Record<string, string> = {}): Call => decodeMessagesRequest(parse(request), preferences, headers);
const messagesOf = (content: unknown[], role = 'user'): CallMessage[] => decode({ messages: [{ role, content }] }).messages;

const text = (value: string) => ({ type: 'text' as const, text: value });

describe('decodeMessagesRequest: a Claude Code request', () => {
  it('reads whole: system blocks, reminders, thinking sent back, the tool result as its own turn, tools of every kind', () => {
    const body = validateMessagesRequest(claudeCodeBody());
    const call = decodeMessagesRequest(body, preferences, CLAUDE_CODE_HEADERS);
    const [read, mcp] = claudeCodeBody().tools as Array<{ input_schema: Record<string, unknown> }>;
    expect(call).toStrictEqual({
      model: 'claude-opus-4-6',
      messages: [
        {
          role: 'system',
          variant: 'system',
          content: [
            { ...text("You are Claude Code, Anthropic's official CLI for Claude."), cache: {} },
            { ...text('You are an interactive CLI tool that helps users with software engineering tasks.'), cache: { ttl: '1h' } },
          ],
        },
        { role: 'user', content: [text(REMINDER), text(IDE_REMINDER), text('Why does the test in src/app.test.ts fail?')] },
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'I should read the test first.', signature: { issuer: 'claude', value: SIGNATURE } },
            text('Let me read the test.'),
            { type: 'tool-call', id: 'toolu_01A', name: 'Read', arguments: '{"file_path":"/repo/src/app.test.ts"}' },
          ],
        },
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_01A', content: [text('     1\timport { test } from "vitest";\n')] }] },
        // The reminder after the result stays the user's, after the tool turn.
        { role: 'user', content: [{ ...text(TODO_REMINDER), cache: {} }] },
      ],
      tools: [
        { kind: 'function', name: 'Read', description: 'Reads a file from the local filesystem.', parameters: read!.input_schema },
        { kind: 'function', name: 'mcp__github__create_issue', description: 'Create a GitHub issue', parameters: mcp!.input_schema },
        {
          kind: 'native',
          dialect: 'anthropic-messages',
          type: 'tool_search_tool_regex_20251119',
          name: 'tool_search_tool_regex',
          definition: { type: 'tool_search_tool_regex_20251119', name: 'tool_search_tool_regex' },
        },
        {
          kind: 'native',
          dialect: 'anthropic-messages',
          type: 'web_search_20250305',
          name: 'web_search',
          definition: { type: 'web_search_20250305', name: 'web_search', max_uses: 8 },
        },
      ],
      output: { format: { type: 'text' }, maxTokens: 32000, choices: 1, stop: [] },
      sampling: {},
      reasoning: { mode: 'adaptive', effort: 'high' },
      cache: { callerPlaced: true },
      stream: true,
      user: 'user_5f2c0d_account_3e1a_session_9a1b77',
      preferences,
      providerOptions: {
        anthropic: {
          metadata: { user_id: 'user_5f2c0d_account_3e1a_session_9a1b77' },
          context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
          betas: ['claude-code-20250219', 'interleaved-thinking-2025-05-14', 'context-management-2025-06-27', 'fine-grained-tool-streaming-2025-05-14'],
        },
      },
      origin: {
        dialect: 'anthropic-messages',
        body,
        forwardHeaders: { 'anthropic-version': '2023-06-01', 'anthropic-beta': CLAUDE_CODE_HEADERS['anthropic-beta'] },
      },
      overrides: {},
    });
    expect(call.origin.body).toBe(body);
  });
});

describe('decodeMessagesRequest: the call around the messages', () => {
  it('a bare request: one user turn, max_tokens the limit, nothing else asked, no headers to forward', () => {
    const body = parse({});
    expect(decodeMessagesRequest(body, preferences, {})).toStrictEqual({
      model: 'anthropic/claude-sonnet-4-5',
      messages: [{ role: 'user', content: [text('Hello')] }],
      tools: [],
      output: { format: { type: 'text' }, maxTokens: 1024, choices: 1, stop: [] },
      sampling: {},
      cache: { callerPlaced: false },
      stream: false,
      preferences,
      providerOptions: {},
      origin: { dialect: 'anthropic-messages', body, forwardHeaders: {} },
      overrides: {},
    });
  });

  it('stop_sequences (a copy: the body is never changed through the call), sampling, service tier', () => {
    const body = parse({ stop_sequences: ['END', '###'], temperature: 0.3, top_p: 0.9, top_k: 40, service_tier: 'standard_only' });
    const call = decodeMessagesRequest(body, preferences, {});
    expect(call.output.stop).toStrictEqual(['END', '###']);
    expect(call.output.stop).not.toBe(body.stop_sequences);
    expect(call.sampling).toStrictEqual({ temperature: 0.3, topP: 0.9, topK: 40 });
    expect(call.serviceTier).toBe('default');
    expect(decode({ service_tier: 'auto' }).serviceTier).toBe('auto');
  });

  it('thinking and effort: a budget, disabled, and max read as xhigh', () => {
    expect(decode({ thinking: { type: 'enabled', budget_tokens: 4096 } }).reasoning).toStrictEqual({ mode: 'enabled', budgetTokens: 4096 });
    expect(decode({ thinking: { type: 'disabled' } }).reasoning).toStrictEqual({ mode: 'disabled' });
    expect(decode({ output_config: { effort: 'max' } }).reasoning).toStrictEqual({ effort: 'xhigh' });
    expect(decode({ output_config: { effort: 'xhigh' } }).reasoning).toStrictEqual({ effort: 'xhigh' });
    expect(decode({ output_config: { effort: 'low' } }).reasoning).toStrictEqual({ effort: 'low' });
    expect(decode({ output_config: { effort: null } })).not.toHaveProperty('reasoning');
  });

  it('structured output from output_config.format, or the beta’s output_format', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } } };
    expect(decode({ output_config: { format: { type: 'json_schema', schema } } }).output.format).toStrictEqual({ type: 'json-schema', name: 'response', schema });
    expect(decode({ output_format: { type: 'json_schema', schema } }).output.format).toStrictEqual({ type: 'json-schema', name: 'response', schema });
  });

  it.each([
    [{ type: 'auto' }, { mode: 'auto' }, undefined],
    [{ type: 'any' }, { mode: 'required' }, undefined],
    [{ type: 'tool', name: 'f' }, { mode: 'tool', name: 'f' }, undefined],
    [{ type: 'none' }, { mode: 'none' }, undefined],
    [{ type: 'auto', disable_parallel_tool_use: true }, { mode: 'auto' }, false],
    [{ type: 'any', disable_parallel_tool_use: false }, { mode: 'required' }, true],
  ])('tool_choice %j', (choice, toolChoice, parallelToolCalls) => {
    const call = decode({ tool_choice: choice, tools: [{ name: 'f', input_schema: { type: 'object' } }] });
    expect(call.toolChoice).toStrictEqual(toolChoice);
    expect(call.parallelToolCalls).toBe(parallelToolCalls);
  });

  it('a custom tool: its schema as the parameters, strict and cache kept; type custom is the same tool', () => {
    const input_schema = { type: 'object', properties: { q: { type: 'string' } } };
    expect(decode({ tools: [{ type: 'custom', name: 'f', input_schema, strict: true, cache_control: { type: 'ephemeral' } }] }).tools).toStrictEqual([
      { kind: 'function', name: 'f', parameters: input_schema, strict: true, cache: {} },
    ]);
  });

  it('metadata.user_id is the user; fields the call has no word for are Anthropic options, nulls dropped', () => {
    const call = decode({
      metadata: { user_id: 'u-9' },
      container: 'container_1',
      mcp_servers: [{ type: 'url', url: 'https://mcp.example.com', name: 'x' }],
      inference_geo: 'eu',
      context_management: null,
    });
    expect(call.user).toBe('u-9');
    expect(call.providerOptions).toStrictEqual({
      anthropic: { metadata: { user_id: 'u-9' }, container: 'container_1', mcp_servers: [{ type: 'url', url: 'https://mcp.example.com', name: 'x' }], inference_geo: 'eu' },
    });
    expect(decode({ metadata: { user_id: null } })).not.toHaveProperty('user');
  });

  it('the beta header: its betas as options, both headers forwarded as received', () => {
    const call = decode({}, { 'anthropic-version': '2023-06-01', 'anthropic-beta': ' files-api-2025-04-14 ,,token-efficient-tools-2025-02-19', 'x-other': 'no' });
    expect(call.providerOptions).toStrictEqual({ anthropic: { betas: ['files-api-2025-04-14', 'token-efficient-tools-2025-02-19'] } });
    expect(call.origin.forwardHeaders).toStrictEqual({ 'anthropic-version': '2023-06-01', 'anthropic-beta': ' files-api-2025-04-14 ,,token-efficient-tools-2025-02-19' });
  });

  it('a system string; an empty one is no message', () => {
    expect(decode({ system: 'Be brief.' }).messages[0]).toStrictEqual({ role: 'system', variant: 'system', content: [text('Be brief.')] });
    expect(decode({ system: '' }).messages).toStrictEqual([{ role: 'user', content: [text('Hello')] }]);
    expect(decode({ system: [] }).messages).toStrictEqual([{ role: 'user', content: [text('Hello')] }]);
  });

  it('a system message in the conversation stays where it stands, as Claude Code sends its environment to a model it does not know', () => {
    const environment = { type: 'text', text: '# Environment\nPrimary working directory: /repo', cache_control: { type: 'ephemeral' } };
    const messages = [
      { role: 'user', content: 'Say hello' },
      { role: 'system', content: [environment] },
      { role: 'assistant', content: 'Hello' },
      { role: 'system', content: 'Be brief.' },
      { role: 'system', content: '' },
    ];
    const call = decode({ system: 'You are a Claude agent.', messages });
    expect(call.messages).toStrictEqual([
      { role: 'system', variant: 'system', content: [text('You are a Claude agent.')] },
      { role: 'user', content: [text('Say hello')] },
      { role: 'system', variant: 'system', content: [{ ...text(environment.text), cache: {} }] },
      { role: 'assistant', content: [text('Hello')] },
      { role: 'system', variant: 'system', content: [text('Be brief.')] },
    ]);
    expect(call.cache).toStrictEqual({ callerPlaced: true });
  });
});

describe('decodeMessagesRequest: cache hints', () => {
  it.each<[string, Record<string, unknown>, Call['cache']]>([
    ['none anywhere', {}, { callerPlaced: false }],
    ['null is none', { cache_control: null, system: [{ type: 'text', text: 's', cache_control: null }] }, { callerPlaced: false }],
    ['request-level: automatic caching', { cache_control: { type: 'ephemeral', ttl: '1h' } }, { callerPlaced: true, auto: { ttl: '1h' } }],
    ['on a system block', { system: [{ type: 'text', text: 's', cache_control: { type: 'ephemeral' } }] }, { callerPlaced: true }],
    ['on a tool', { tools: [{ type: 'web_search_20250305', name: 'web_search', cache_control: { type: 'ephemeral' } }] }, { callerPlaced: true }],
    ['on a block', { messages: [{ role: 'user', content: [{ type: 'text', text: 'a', cache_control: { type: 'ephemeral' } }] }] }, { callerPlaced: true }],
    [
      'inside a tool result',
      { messages: [{ role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text', text: 'a', cache_control: { type: 'ephemeral' } }] }] }] },
      { callerPlaced: true },
    ],
  ])('%s', (_case, request, cache) => {
    expect(decode(request).cache).toStrictEqual(cache);
  });
});

describe('decodeMessagesRequest: user turns', () => {
  it('each run of tool results is a tool turn in its place, each run of other blocks a user turn', () => {
    const result = (id: string) => ({ type: 'tool_result', tool_use_id: id, content: id });
    expect(messagesOf([{ type: 'text', text: 'A' }, result('1'), result('2'), { type: 'text', text: 'B' }, result('3')])).toStrictEqual([
      { role: 'user', content: [text('A')] },
      {
        role: 'tool',
        content: [
          { type: 'tool-result', toolCallId: '1', content: [text('1')] },
          { type: 'tool-result', toolCallId: '2', content: [text('2')] },
        ],
      },
      { role: 'user', content: [text('B')] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: '3', content: [text('3')] }] },
    ]);
  });

  it('tool result contents: blocks, none, an error, a breakpoint', () => {
    const image = { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } };
    const document = { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'log' }, title: 'log.txt' };
    expect(
      messagesOf([
        { type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'ok' }, image, document], cache_control: { type: 'ephemeral' } },
        { type: 'tool_result', tool_use_id: 't2', is_error: true, content: 'boom' },
        { type: 'tool_result', tool_use_id: 't3' },
      ]),
    ).toStrictEqual([
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 't1',
            content: [
              text('ok'),
              { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' } },
              { type: 'document', source: { kind: 'text', mediaType: 'text/plain', data: 'log' }, title: 'log.txt' },
            ],
            cache: {},
          },
          { type: 'tool-result', toolCallId: 't2', content: [text('boom')], isError: true },
          { type: 'tool-result', toolCallId: 't3', content: [] },
        ],
      },
    ]);
  });

  it('a tool result holding a block the call has no part for (tool search’s tool_reference) is kept whole in the user turn', () => {
    const searched = { type: 'tool_result', tool_use_id: 'srch', content: [{ type: 'tool_reference', tool_name: 'mcp__github__create_issue' }] };
    expect(messagesOf([searched, { type: 'tool_result', tool_use_id: 't', content: 'x' }])).toStrictEqual([
      { role: 'user', content: [{ type: 'native', dialect: 'anthropic-messages', block: searched }] },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't', content: [text('x')] }] },
    ]);
  });

  it('images and documents from every source; a document of its own blocks, and blocks only Anthropic reads, kept whole', () => {
    const contentDocument = { type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'page' }] } };
    const searchResult = { type: 'search_result', source: 'https://example.com', title: 'T', content: [{ type: 'text', text: 'r' }] };
    const stray = { type: 'thinking', thinking: 'in a user turn', signature: 's' };
    const citation = { type: 'page_location', cited_text: 'q', document_index: 2, document_title: null, start_page_number: 1, end_page_number: 2 };
    expect(
      messagesOf([
        { type: 'text', text: 'Compare', citations: [citation] },
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' }, cache_control: { type: 'ephemeral', ttl: '5m' } },
        { type: 'image', source: { type: 'file', file_id: 'file_1' } },
        { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' }, title: 'Q3', context: 'report', citations: { enabled: true } },
        { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' }, title: null },
        { type: 'document', source: { type: 'file', file_id: 'file_2' } },
        contentDocument,
        searchResult,
        stray,
      ]),
    ).toStrictEqual([
      {
        role: 'user',
        content: [
          { ...text('Compare'), citations: [{ kind: 'page_location', citedText: 'q', documentIndex: 2, raw: citation }] },
          { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' }, cache: { ttl: '5m' } },
          { type: 'image', source: { kind: 'file', family: 'anthropic', id: 'file_1' } },
          { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBER' }, title: 'Q3', context: 'report', citations: true },
          { type: 'document', source: { kind: 'url', url: 'https://example.com/a.pdf' } },
          { type: 'document', source: { kind: 'file', family: 'anthropic', id: 'file_2' } },
          { type: 'native', dialect: 'anthropic-messages', block: contentDocument },
          { type: 'native', dialect: 'anthropic-messages', block: searchResult },
          { type: 'native', dialect: 'anthropic-messages', block: stray },
        ],
      },
    ]);
  });
});

describe('decodeMessagesRequest: assistant turns', () => {
  it('signed and unsigned thinking, redacted thinking, server tool blocks kept whole, tool calls as JSON arguments', () => {
    const serverUse = { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'weather' } };
    const serverResult = { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] };
    expect(
      messagesOf(
        [
          { type: 'thinking', thinking: 'Signed.', signature: 'sig' },
          // What this door gives reasoning from another model line: no signature.
          { type: 'thinking', thinking: 'Unsigned.', signature: '' },
          { type: 'redacted_thinking', data: 'opaque' },
          serverUse,
          serverResult,
          { type: 'text', text: 'Sunny.' },
          { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'x', n: [1, 2] }, cache_control: { type: 'ephemeral' } },
        ],
        'assistant',
      ),
    ).toStrictEqual([
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Signed.', signature: { issuer: 'claude', value: 'sig' } },
          { type: 'reasoning', text: 'Unsigned.' },
          { type: 'redacted-reasoning', data: 'opaque', issuer: 'claude' },
          { type: 'native', dialect: 'anthropic-messages', block: serverUse },
          { type: 'native', dialect: 'anthropic-messages', block: serverResult },
          text('Sunny.'),
          { type: 'tool-call', id: 'toolu_1', name: 'lookup', arguments: '{"q":"x","n":[1,2]}', cache: {} },
        ],
      },
    ]);
  });

  it('a prefill string is one text part', () => {
    expect(decode({ messages: [{ role: 'user', content: 'Q' }, { role: 'assistant', content: '{' }] }).messages).toStrictEqual([
      { role: 'user', content: [text('Q')] },
      { role: 'assistant', content: [text('{')] },
    ]);
  });
});
