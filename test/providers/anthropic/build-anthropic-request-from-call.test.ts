/** What a neutral call can say that an OpenAI Chat body cannot, as Anthropic's Messages request. */
import { describe, expect, it } from 'vitest';
import type { Call, CallMessage } from '../../../functions/core/call.ts';
import { CallError } from '../../../functions/core/call-error.ts';
import type { AssistantPart, UserPart } from '../../../functions/core/parts.ts';
import type { Tool } from '../../../functions/core/tools.ts';
import { anthropicAdapter } from '../../../functions/providers/anthropic/anthropic-adapter.ts';
import type { BuildContext } from '../../../functions/providers/provider-adapter.ts';
import { sampleProse } from '../../routing/sample-text.ts';
import { neutralCall } from '../../support/neutral-call.ts';

const context: BuildContext = { model: 'claude-sonnet-4-5', apiKey: 'sk-ant-test', baseUrl: 'https://api.anthropic.com', stream: false };

const build = (fields: Partial<Call>, overrides: Partial<BuildContext> = {}) => anthropicAdapter.buildRequest(neutralCall(fields), { ...context, ...overrides });
const body = (fields: Partial<Call>, overrides: Partial<BuildContext> = {}): Record<string, unknown> & { messages: Array<{ role: string; content: unknown[] }> } =>
  JSON.parse(build(fields, overrides).body);

function rejection(fields: Partial<Call>, overrides: Partial<BuildContext> = {}): CallError {
  try {
    build(fields, overrides);
  } catch (error) {
    if (error instanceof CallError) return error;
    throw error;
  }
  throw new Error('expected a CallError');
}

const user = (...content: UserPart[]): CallMessage => ({ role: 'user', content });
const assistant = (...content: AssistantPart[]): CallMessage => ({ role: 'assistant', content });
const text = (value: string) => ({ type: 'text' as const, text: value });
const LONG = sampleProse(8_000, 11); // past Sonnet's 1,024-token cache minimum

describe('reasoning sent back: only what Claude can verify', () => {
  const history = (...reasoning: AssistantPart[]): Partial<Call> => ({
    messages: [user(text('Think.')), assistant(...reasoning, text('Done.')), user(text('Again.'))],
  });

  it('signed by Claude -> a thinking block with its signature; redacted by Claude -> redacted_thinking', () => {
    const sent = body(
      history(
        { type: 'reasoning', text: 'Let me see.', signature: { issuer: 'claude', value: 'sig-1' } },
        { type: 'redacted-reasoning', data: 'enc-1', issuer: 'claude' },
      ),
    );
    expect(sent.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Let me see.', signature: 'sig-1' },
        { type: 'redacted_thinking', data: 'enc-1' },
        { type: 'text', text: 'Done.' },
      ],
    });
  });

  it('a signed block whose summary is empty still goes: the signature carries the thinking', () => {
    const sent = body(history({ type: 'reasoning', text: '', signature: { issuer: 'claude', value: 'sig-2' } }));
    expect(sent.messages[1]?.content[0]).toEqual({ type: 'thinking', thinking: '', signature: 'sig-2' });
  });

  it('unsigned, or another model’s, is not sent', () => {
    const sent = body(
      history(
        { type: 'reasoning', text: 'unsigned' },
        { type: 'reasoning', text: 'gemini thought', signature: { issuer: 'gemini', value: 'g-sig' } },
        { type: 'redacted-reasoning', data: 'openai-enc', issuer: 'openai' },
      ),
    );
    expect(sent.messages[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Done.' }] });
  });

  it('a tool loop keeps thinking when the tool-use turn carries Claude’s signed thinking, and thinks no more without it', () => {
    const loop = (...reasoning: AssistantPart[]): Partial<Call> => ({
      reasoning: { effort: 'medium' },
      tools: [{ kind: 'function', name: 'weather' }],
      messages: [
        user(text('Weather?')),
        assistant(...reasoning, { type: 'tool-call', id: 'toolu_1', name: 'weather', arguments: '{}' }),
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: [text('sunny')] }] },
      ],
    });
    expect(body(loop({ type: 'reasoning', text: 'Call it.', signature: { issuer: 'claude', value: 'sig' } })).thinking).toEqual({
      type: 'enabled',
      budget_tokens: 4096,
    });
    expect(body(loop({ type: 'redacted-reasoning', data: 'enc', issuer: 'claude' })).thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
    expect(body(loop())).not.toHaveProperty('thinking');
    expect(body(loop({ type: 'reasoning', text: 'unsigned' }))).not.toHaveProperty('thinking');
  });
});

describe('cache breakpoints the caller placed', () => {
  it('on parts, tool calls, tool results and tools -> cache_control with its ttl; none of the gateway’s own', () => {
    const sent = body({
      cache: { callerPlaced: true },
      tools: [{ kind: 'function', name: 'lookup', cache: { ttl: '1h' } }],
      messages: [
        user(
          { type: 'text', text: LONG, cache: {} },
          { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' }, cache: { ttl: '5m' } },
        ),
        assistant({ type: 'tool-call', id: 't1', name: 'lookup', arguments: '{}', cache: { ttl: '1h' } }),
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', content: [text('found')], cache: {} }] },
        user(text('Next')),
      ],
    });
    expect(sent.tools).toEqual([{ name: 'lookup', input_schema: { type: 'object', properties: {} }, cache_control: { type: 'ephemeral', ttl: '1h' } }]);
    expect(sent.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: LONG, cache_control: { type: 'ephemeral' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' }, cache_control: { type: 'ephemeral', ttl: '5m' } },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'lookup', input: {}, cache_control: { type: 'ephemeral', ttl: '1h' } }] },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 't1', content: 'found', cache_control: { type: 'ephemeral' } },
          // The last user turn is long past the minimum, but the caller chose where to cache.
          { type: 'text', text: 'Next' },
        ],
      },
    ]);
  });

  it('on a system part -> the system prompt as blocks, the breakpoint where it was put', () => {
    const sent = body({
      cache: { callerPlaced: true },
      output: { format: { type: 'json' }, choices: 1, stop: [] },
      messages: [
        { role: 'system', variant: 'system', content: [{ type: 'text', text: LONG, cache: { ttl: '1h' } }, text('Be brief.')] },
        user(text('Hi')),
      ],
    });
    expect(sent.system).toEqual([
      { type: 'text', text: LONG, cache_control: { type: 'ephemeral', ttl: '1h' } },
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: expect.stringContaining('JSON object') },
    ]);
  });

  it('a marked part is enough for the gateway to place none, even when the door did not say so', () => {
    const sent = body({
      messages: [{ role: 'system', variant: 'system', content: [text(LONG)] }, user({ type: 'text', text: 'Hi', cache: {} })],
    });
    expect(sent.system).toBe(LONG);
    expect(sent.messages[0]?.content).toEqual([{ type: 'text', text: 'Hi', cache_control: { type: 'ephemeral' } }]);
  });

  it('one inside a tool result -> the result as blocks, and none of the gateway’s', () => {
    const sent = body({
      messages: [
        { role: 'system', variant: 'system', content: [text(LONG)] },
        user(text('Go')),
        assistant({ type: 'tool-call', id: 't1', name: 'run', arguments: '{}' }),
        { role: 'tool', content: [{ type: 'tool-result', toolCallId: 't1', content: [{ type: 'text', text: 'done', cache: {} }] }] },
      ],
    });
    expect(sent.system).toBe(LONG);
    expect(sent.messages[2]?.content).toEqual([
      { type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'done', cache_control: { type: 'ephemeral' } }] },
    ]);
  });

  it('request-level automatic caching -> top-level cache_control, and no breakpoints of the gateway’s', () => {
    const sent = body({
      cache: { callerPlaced: true, auto: { ttl: '1h' } },
      messages: [{ role: 'system', variant: 'system', content: [text(LONG)] }, user(text('Hi'))],
    });
    expect(sent.cache_control).toEqual({ type: 'ephemeral', ttl: '1h' });
    expect(sent.system).toBe(LONG);
    expect(sent.messages[0]?.content).toEqual([{ type: 'text', text: 'Hi' }]);
  });
});

describe('documents', () => {
  // Without the gateway's breakpoints (a PDF by URL counts past the cache minimum), to see the block alone.
  const documentBlock = (part: UserPart) => body({ messages: [user(part)], cache: { callerPlaced: true } }).messages[0]?.content[0];

  it('a base64 PDF with title, context and citations', () => {
    expect(
      documentBlock({
        type: 'document',
        source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' },
        title: 'Report',
        context: 'Q3 figures',
        citations: true,
      }),
    ).toEqual({
      type: 'document',
      source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' },
      title: 'Report',
      context: 'Q3 figures',
      citations: { enabled: true },
    });
  });

  it('a PDF by URL, plain text, and a file in Anthropic’s Files API', () => {
    expect(documentBlock({ type: 'document', source: { kind: 'url', url: 'https://example.com/r.pdf' }, citations: false })).toEqual({
      type: 'document',
      source: { type: 'url', url: 'https://example.com/r.pdf' },
      citations: { enabled: false },
    });
    expect(documentBlock({ type: 'document', source: { kind: 'text', mediaType: 'text/plain', data: 'Chapter one.' }, title: 'Book' })).toEqual({
      type: 'document',
      source: { type: 'text', media_type: 'text/plain', data: 'Chapter one.' },
      title: 'Book',
    });
    expect(documentBlock({ type: 'document', source: { kind: 'file', family: 'anthropic', id: 'file_011' } })).toEqual({
      type: 'document',
      source: { type: 'file', file_id: 'file_011' },
    });
  });

  it('a file stored with another provider, or a URL that is not http(s) -> 400 naming the part', () => {
    const error = rejection({ messages: [user(text('Read:'), { type: 'document', source: { kind: 'file', family: 'openai-compatible', id: 'file-abc' } })] });
    expect(error).toMatchObject({ status: 400, param: 'messages[0].content[1]' });
    expect(error.message).toContain('openai-compatible');
    expect(rejection({ messages: [user({ type: 'document', source: { kind: 'url', url: 'ftp://example.com/r.pdf' } })] }).param).toBe(
      'messages[0].content[0]',
    );
  });
});

describe('tool results', () => {
  const toolTurn = (result: Extract<CallMessage, { role: 'tool' }>['content'][number]): Partial<Call> => ({
    messages: [user(text('Go')), assistant({ type: 'tool-call', id: 't1', name: 'run', arguments: '{}' }), { role: 'tool', content: [result] }],
  });

  it('isError -> is_error', () => {
    const sent = body(toolTurn({ type: 'tool-result', toolCallId: 't1', content: [text('exit 1')], isError: true }));
    expect(sent.messages[2]?.content).toEqual([{ type: 'tool_result', tool_use_id: 't1', content: 'exit 1', is_error: true }]);
  });

  it('an image or document in the result -> content as blocks', () => {
    const sent = body(
      toolTurn({
        type: 'tool-result',
        toolCallId: 't1',
        content: [text('Screenshot:'), { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } }],
      }),
    );
    expect(sent.messages[2]?.content).toEqual([
      {
        type: 'tool_result',
        tool_use_id: 't1',
        content: [
          { type: 'text', text: 'Screenshot:' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
        ],
      },
    ]);
  });
});

describe('what only one dialect can say', () => {
  it('Anthropic’s own blocks go as they are, in user and assistant turns', () => {
    const serverToolUse = { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'news' } };
    const searchResult = { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [{ type: 'web_search_result', url: 'https://example.com', title: 'E', encrypted_content: 'x' }] };
    const userBlock = { type: 'search_result', source: 'https://example.com', title: 'E', content: [{ type: 'text', text: 'Found.' }] };
    const request = build({
      messages: [
        user(text('News?')),
        assistant({ type: 'native', dialect: 'anthropic-messages', block: serverToolUse }, { type: 'native', dialect: 'anthropic-messages', block: searchResult }, text('Here.')),
        user({ type: 'native', dialect: 'anthropic-messages', block: userBlock }),
      ],
    });
    const sent = JSON.parse(request.body);
    expect(sent.messages[1].content).toEqual([serverToolUse, searchResult, { type: 'text', text: 'Here.' }]);
    expect(sent.messages[2].content).toEqual([userBlock]);
    expect(request.notes).toBeUndefined();
  });

  it("a block of another dialect in the caller's own message is a 400 naming it: the model would answer without it", () => {
    expect(() => build({ messages: [user(text('See:'), { type: 'native', dialect: 'openai-chat', block: { type: 'file', file: { file_data: 'raw' } } })] })).toThrow(
      expect.objectContaining({ status: 400, param: 'messages[0].content[1]', code: 'unsupported_content' }),
    );
  });

  it('Anthropic’s own tools go as their definitions', () => {
    const bash = { type: 'bash_20250124', name: 'bash' };
    const search = { type: 'web_search_20250305', name: 'web_search', max_uses: 3, cache_control: { type: 'ephemeral' } };
    const tools: Tool[] = [
      { kind: 'native', dialect: 'anthropic-messages', type: 'bash_20250124', name: 'bash', definition: bash },
      { kind: 'native', dialect: 'anthropic-messages', type: 'web_search_20250305', name: 'web_search', definition: search },
      { kind: 'function', name: 'ping' },
    ];
    expect(body({ tools }).tools).toEqual([bash, search, { name: 'ping', input_schema: { type: 'object', properties: {} } }]);
  });

  it('OpenAI’s web search -> Anthropic’s, with its allowed domains and approximate location', () => {
    const tools: Tool[] = [
      {
        kind: 'native',
        dialect: 'openai-responses',
        type: 'web_search',
        definition: {
          type: 'web_search',
          search_context_size: 'high',
          filters: { allowed_domains: ['example.com'] },
          user_location: { type: 'approximate', city: 'Paris', country: 'FR', region: null },
        },
      },
      { kind: 'native', dialect: 'openai-responses', type: 'web_search_preview', definition: { type: 'web_search_preview' } },
    ];
    const request = build({ tools });
    expect(JSON.parse(request.body).tools).toEqual([
      { type: 'web_search_20250305', name: 'web_search', allowed_domains: ['example.com'], user_location: { type: 'approximate', city: 'Paris', country: 'FR' } },
      { type: 'web_search_20250305', name: 'web_search' },
    ]);
    expect(request.notes).toBeUndefined();
  });

  it('another dialect’s tool Claude cannot run is left out with a note; with nothing left, no tool_choice', () => {
    const request = build({
      tools: [{ kind: 'native', dialect: 'openai-responses', type: 'code_interpreter', definition: { type: 'code_interpreter', container: { type: 'auto' } } }],
      toolChoice: { mode: 'auto' },
    });
    const sent = JSON.parse(request.body);
    expect(sent).not.toHaveProperty('tools');
    expect(sent).not.toHaveProperty('tool_choice');
    expect(request.notes).toEqual(['code_interpreter tool (anthropic cannot run it)']);
  });

  it('a choice of a tool left out is a 400 before sending, which fails over, rather than Anthropic\'s own 400', () => {
    const interpreter = { kind: 'native', dialect: 'openai-responses', type: 'code_interpreter', definition: { type: 'code_interpreter' } } as const;
    expect(() => build({ tools: [{ kind: 'function', name: 'lookup' }, interpreter], toolChoice: { mode: 'tool', name: 'code_interpreter' } })).toThrow(
      expect.objectContaining({ status: 400, param: 'tool_choice', message: "tool_choice requires the tool 'code_interpreter', which anthropic cannot run" }),
    );
  });

  it('a note names a tool in safe characters only: it travels in a response header', () => {
    const request = build({ tools: [{ kind: 'native', dialect: 'openai-responses', type: 'évil"\r\nx', definition: {} }] });
    expect(request.notes).toEqual(['_vil___x tool (anthropic cannot run it)']);
  });
});

describe('reasoning.mode and budgetTokens', () => {
  it("'enabled' with a budget -> thinking with that budget; max_tokens grows to fit it", () => {
    const sent = body({ reasoning: { mode: 'enabled', budgetTokens: 10_000 } });
    expect(sent.thinking).toEqual({ type: 'enabled', budget_tokens: 10_000 });
    expect(sent.max_tokens).toBe(14_096);
  });

  it('a budget wins over effort; one the output limit leaves no room for is a 400 naming it', () => {
    expect(body({ reasoning: { effort: 'high', budgetTokens: 2_000 } }).thinking).toEqual({ type: 'enabled', budget_tokens: 2_000 });
    const error = rejection({ reasoning: { mode: 'enabled', budgetTokens: 8_000 }, output: { format: { type: 'text' }, choices: 1, stop: [], maxTokens: 8_000 } });
    expect(error).toMatchObject({ status: 400, param: 'thinking.budget_tokens' });
  });

  it("'enabled' without a budget thinks with a medium one", () => {
    expect(body({ reasoning: { mode: 'enabled' } }).thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
  });

  it("'adaptive' -> adaptive on Claude 4.6 and later; budgeted on older models, which lack it", () => {
    const adaptive = body({ reasoning: { mode: 'adaptive' } }, { model: 'claude-opus-4-6' });
    expect(adaptive.thinking).toEqual({ type: 'adaptive' });
    expect(adaptive).not.toHaveProperty('output_config');
    expect(body({ reasoning: { mode: 'adaptive', effort: 'high' } }, { model: 'claude-opus-4-6' })).toMatchObject({
      thinking: { type: 'adaptive' },
      output_config: { effort: 'high' },
    });
    expect(body({ reasoning: { mode: 'adaptive' } }).thinking).toEqual({ type: 'enabled', budget_tokens: 4096 });
  });

  it('a budget on Claude 4.6 and later -> adaptive thinking, as those models think', () => {
    expect(body({ reasoning: { mode: 'enabled', budgetTokens: 10_000 } }, { model: 'claude-opus-4-7' }).thinking).toEqual({ type: 'adaptive' });
  });

  it("'disabled' -> no thinking, whatever the effort", () => {
    expect(body({ reasoning: { mode: 'disabled', effort: 'high' } })).not.toHaveProperty('thinking');
    expect(body({ reasoning: { mode: 'disabled', effort: 'high' } }, { model: 'claude-opus-4-6' })).not.toHaveProperty('thinking');
  });
});

describe('sampling, output and the caller', () => {
  it('topK -> top_k, dropped while thinking as temperature is', () => {
    expect(body({ sampling: { topK: 40, temperature: 0.5 } })).toMatchObject({ top_k: 40, temperature: 0.5 });
    expect(body({ sampling: { topK: 40 }, reasoning: { effort: 'low' } })).not.toHaveProperty('top_k');
  });

  it('output.maxTokens above the model’s limit is clamped to it (Claude Code always asks 32000)', () => {
    const output = { format: { type: 'text' as const }, choices: 1, stop: [], maxTokens: 32_000 };
    expect(body({ output }, { maxOutputTokens: 8_192 }).max_tokens).toBe(8_192);
    expect(body({ output }, { maxOutputTokens: 64_000 }).max_tokens).toBe(32_000);
    expect(body({ output }).max_tokens).toBe(32_000);
  });

  it('user -> metadata.user_id, beside the metadata of providerOptions.anthropic', () => {
    expect(body({ user: 'u-1' }).metadata).toEqual({ user_id: 'u-1' });
    expect(body({ user: 'u-1', providerOptions: { anthropic: { metadata: { user_id: 'other', team: 'a' } } } }).metadata).toEqual({
      user_id: 'u-1',
      team: 'a',
    });
  });
});

describe('providerOptions.anthropic and forwarded headers', () => {
  it('container, mcp_servers, context_management and other fields -> the body; betas -> anthropic-beta', () => {
    const mcp = [{ type: 'url', url: 'https://mcp.example/sse', name: 'docs' }];
    const management = { edits: [{ type: 'clear_tool_uses_20250919' }] };
    const request = build({
      providerOptions: {
        anthropic: {
          betas: ['mcp-client-2025-04-04', 'context-management-2025-06-27'],
          container: 'container_1',
          mcp_servers: mcp,
          context_management: management,
          service_tier: 'standard_only',
          metadata: { team: 'a' },
          // A field the translation sets is the call's to say.
          max_tokens: 1,
        },
      },
    });
    const sent = JSON.parse(request.body);
    expect(sent).toMatchObject({ container: 'container_1', mcp_servers: mcp, context_management: management, service_tier: 'standard_only', metadata: { team: 'a' } });
    expect(sent.max_tokens).toBe(4096);
    expect(sent).not.toHaveProperty('betas');
    expect(request.headers['anthropic-beta']).toBe('mcp-client-2025-04-04,context-management-2025-06-27');
  });

  it('forwarded anthropic-beta joins the betas, each once; a forwarded anthropic-version wins over the default', () => {
    const request = build({
      providerOptions: { anthropic: { betas: ['files-api-2025-04-14', 'a-beta'] } },
      origin: { dialect: 'openai-responses', body: {}, forwardHeaders: { 'Anthropic-Beta': 'a-beta, b-beta', 'anthropic-version': '2099-01-01' } },
    });
    expect(request.headers).toEqual({
      'x-api-key': 'sk-ant-test',
      'anthropic-version': '2099-01-01',
      'content-type': 'application/json',
      'anthropic-beta': 'a-beta,b-beta,files-api-2025-04-14',
    });
  });
});
