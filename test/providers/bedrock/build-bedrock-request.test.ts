/**
 * The Converse request built from neutral calls, for what an OpenAI Chat body cannot say: signed
 * reasoning, cache breakpoints, documents, tool errors, thinking budgets, native parts and tools.
 */
import { describe, expect, it } from 'vitest';
import type { Call, CallMessage } from '../../../functions/core/call.ts';
import { createBedrockAdapter } from '../../../functions/providers/bedrock/bedrock-adapter.ts';
import type { BuildContext } from '../../../functions/providers/provider-adapter.ts';
import { DEFAULT_ROUTING_PREFERENCES } from '../../../functions/routing/routing-preferences.ts';

const CLAUDE = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const LLAMA = 'us.meta.llama3-3-70b-instruct-v1:0';
const adapter = createBedrockAdapter({ credentials: async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }) });

/** A call as a Messages front door would decode it; `overrides` replace whole fields. */
function call(messages: CallMessage[], overrides: Partial<Call> = {}): Call {
  return {
    model: `bedrock/${CLAUDE}`,
    messages,
    tools: [],
    output: { format: { type: 'text' }, choices: 1, stop: [] },
    sampling: {},
    cache: { callerPlaced: false },
    stream: false,
    preferences: DEFAULT_ROUTING_PREFERENCES,
    providerOptions: {},
    origin: { dialect: 'anthropic-messages', body: {}, forwardHeaders: {} },
    overrides: {},
    ...overrides,
  };
}
const user = (text: string): CallMessage => ({ role: 'user', content: [{ type: 'text', text }] });

function build(request: Call, context: Partial<BuildContext> = {}) {
  const built = adapter.buildRequest(request, { model: CLAUDE, apiKey: '', baseUrl: 'https://bedrock-runtime.us-east-1.amazonaws.com', stream: false, maxOutputTokens: 64000, ...context });
  return { body: JSON.parse(built.body), notes: built.notes };
}

describe('reasoning sent back', () => {
  const history: CallMessage[] = [
    user('Weather in Paris?'),
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'The user wants weather.', signature: { issuer: 'claude', value: 'EqQBCkgIARABGAIiQ' } },
        { type: 'redacted-reasoning', data: 'cnNuX3BVUGgx', issuer: 'claude' },
        { type: 'reasoning', text: 'Unsigned, from an OpenAI client.' },
        { type: 'reasoning', text: 'Gemini thought.', signature: { issuer: 'gemini', value: 'CiQB' } },
        { type: 'redacted-reasoning', data: 'gAAAAB', issuer: 'openai' },
        { type: 'tool-call', id: 'toolu_1', name: 'weather', arguments: '{"city":"Paris"}' },
      ],
    },
    { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'Sunny' }] }] },
  ];

  it("goes to Claude as reasoningContent, signed text and redacted bytes, when Claude signed it; another issuer's is not sent", () => {
    const { body } = build(call(history));
    expect(body.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { reasoningContent: { reasoningText: { text: 'The user wants weather.', signature: 'EqQBCkgIARABGAIiQ' } } },
        { reasoningContent: { redactedContent: 'cnNuX3BVUGgx' } },
        { toolUse: { toolUseId: 'toolu_1', name: 'weather', input: { city: 'Paris' } } },
      ],
    });
  });

  it("is not sent to a model that is not Claude, even Claude's own", () => {
    const { body } = build(call(history), { model: LLAMA });
    expect(body.messages[1].content).toEqual([{ toolUse: { toolUseId: 'toolu_1', name: 'weather', input: { city: 'Paris' } } }]);
  });

  it('lets Claude go on thinking in a turn that returns tool results; without it, Claude thinks no more', () => {
    const reasoning = { reasoning: { mode: 'enabled' as const, budgetTokens: 2048 } };
    expect(build(call(history, reasoning)).body.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 2048 } });
    const unsigned = history.map((message) => (message.role === 'assistant' ? { ...message, content: message.content.filter((part) => part.type === 'tool-call') } : message));
    expect(build(call(unsigned, reasoning)).body.additionalModelRequestFields).toBeUndefined();
    // Text after the results is the same turn to Converse: still one that returns tool results.
    expect(build(call([...unsigned, user('And tomorrow?')], reasoning)).body.additionalModelRequestFields).toBeUndefined();
  });
});

describe('thinking asked for in the call', () => {
  it("sends a budget as Claude's thinking, within the caller's limit, and no temperature", () => {
    const { body } = build(call([user('Think')], { reasoning: { mode: 'enabled', budgetTokens: 10000 }, output: { format: { type: 'text' }, choices: 1, stop: [], maxTokens: 16000 }, sampling: { temperature: 0.5 } }));
    expect(body.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 10000 } });
    expect(body.inferenceConfig).toEqual({ maxTokens: 16000 });
  });

  it('adaptive thinking as Anthropic’s rules have it: a budget on a model before Claude 4.6, which has no adaptive mode', () => {
    const { body } = build(call([user('Think')], { reasoning: { mode: 'adaptive' } }));
    expect(body.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 4096 } });
  });

  it('sends none when thinking is disabled, whatever the effort', () => {
    const { body } = build(call([user('Quick')], { reasoning: { mode: 'disabled', effort: 'high' }, sampling: { temperature: 0.5 } }));
    expect(body.additionalModelRequestFields).toBeUndefined();
    expect(body.inferenceConfig).toEqual({ maxTokens: 64000, temperature: 0.5 });
  });

  it('is refused with a 400 for a model that is not Claude', () => {
    expect(() => build(call([user('Think')], { reasoning: { mode: 'enabled', budgetTokens: 2048 } }), { model: LLAMA })).toThrow(
      expect.objectContaining({ status: 400, param: 'thinking' }),
    );
  });
});

describe('limits, sampling and provider options', () => {
  const output = (maxTokens: number) => ({ format: { type: 'text' as const }, choices: 1, stop: [], maxTokens });

  it("clamps an output limit above the model's to it (Claude Code always asks 32000)", () => {
    expect(build(call([user('Hi')], { output: output(32000) }), { maxOutputTokens: 8192 }).body.inferenceConfig).toEqual({ maxTokens: 8192 });
    expect(build(call([user('Hi')], { output: output(32000) }), { model: LLAMA, maxOutputTokens: 2048 }).body.inferenceConfig).toEqual({ maxTokens: 2048 });
  });

  it("sends top_k to Claude in additionalModelRequestFields, but not while it thinks", () => {
    expect(build(call([user('Hi')], { sampling: { topK: 40 } })).body.additionalModelRequestFields).toEqual({ top_k: 40 });
    const thinking = build(call([user('Hi')], { sampling: { topK: 40 }, reasoning: { mode: 'enabled', budgetTokens: 2048 } })).body;
    expect(thinking.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 2048 } });
  });

  it("merges the caller's Bedrock options into the body, its own model fields over the gateway's", () => {
    const guardrailConfig = { guardrailIdentifier: 'gr-1', guardrailVersion: '1', trace: 'enabled' };
    const { body } = build(
      call([user('Hi')], {
        sampling: { topK: 40 },
        providerOptions: { bedrock: { additionalModelRequestFields: { top_k: 5, anthropic_beta: ['context-1m-2025-08-07'] }, guardrailConfig, performanceConfig: { latency: 'optimized' } } },
      }),
    );
    expect(body.additionalModelRequestFields).toEqual({ top_k: 5, anthropic_beta: ['context-1m-2025-08-07'] });
    expect(body.guardrailConfig).toEqual(guardrailConfig);
    expect(body.performanceConfig).toEqual({ latency: 'optimized' });
  });
});

describe('cache breakpoints', () => {
  it('become cachePoint blocks after the system text, tool, part, tool call and tool result they end on', () => {
    const { body } = build(
      call(
        [
          { role: 'system', variant: 'system', content: [{ type: 'text', text: 'You are terse. ' }, { type: 'text', text: 'Long rules.', cache: { ttl: '1h' } }, { type: 'text', text: 'Today is Monday.' }] },
          { role: 'user', content: [{ type: 'text', text: 'Big context', cache: {} }, { type: 'text', text: 'Run it' }] },
          { role: 'assistant', content: [{ type: 'tool-call', id: 'toolu_1', name: 'run', arguments: '{}', cache: {} }] },
          { role: 'user', content: [{ type: 'text', text: 'Careful.' }] },
          { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'ok' }], cache: { ttl: '5m' } }] },
        ],
        { tools: [{ kind: 'function', name: 'run', cache: {} }, { kind: 'function', name: 'stop' }] },
      ),
    );
    expect(body.system).toEqual([{ text: 'You are terse. Long rules.' }, { cachePoint: { type: 'default', ttl: '1h' } }, { text: 'Today is Monday.' }]);
    expect(body.toolConfig.tools).toEqual([
      { toolSpec: { name: 'run', inputSchema: { json: { type: 'object', properties: {} } } } },
      { cachePoint: { type: 'default' } },
      { toolSpec: { name: 'stop', inputSchema: { json: { type: 'object', properties: {} } } } },
    ]);
    expect(body.messages).toEqual([
      { role: 'user', content: [{ text: 'Big context' }, { cachePoint: { type: 'default' } }, { text: 'Run it' }] },
      { role: 'assistant', content: [{ toolUse: { toolUseId: 'toolu_1', name: 'run', input: {} } }, { cachePoint: { type: 'default' } }] },
      // The result moves ahead of the text, as Claude requires, and its cache point with it.
      { role: 'user', content: [{ toolResult: { toolUseId: 'toolu_1', content: [{ text: 'ok' }] } }, { cachePoint: { type: 'default', ttl: '5m' } }, { text: 'Careful.' }] },
    ]);
  });
});

describe('documents', () => {
  it('sends a PDF and a plain-text document as document blocks, named from their titles in the characters Bedrock allows', () => {
    const { body } = build(
      call([
        {
          role: 'user',
          content: [
            { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0xLjQ=' }, title: 'Q3 report: draft #2.pdf' },
            { type: 'document', source: { kind: 'text', mediaType: 'text/plain', data: 'héllo' } },
            { type: 'text', text: 'Compare them.' },
          ],
        },
      ]),
    );
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { document: { format: 'pdf', name: 'Q3 report draft 2', source: { bytes: 'JVBERi0xLjQ=' } } },
          { document: { format: 'txt', name: 'document 2', source: { bytes: Buffer.from('héllo').toString('base64') } } },
          { text: 'Compare them.' },
        ],
      },
    ]);
  });

  it('refuses a document by URL with a 400 naming it: Converse takes bytes or S3 only', () => {
    const request = call([{ role: 'user', content: [{ type: 'text', text: 'Read' }, { type: 'document', source: { kind: 'url', url: 'https://example.com/a.pdf' } }] }]);
    expect(() => build(request)).toThrow(expect.objectContaining({ status: 400, param: 'messages[0].content[1]', message: expect.stringMatching(/not a URL/) }));
  });
});

describe('tool results', () => {
  const history: CallMessage[] = [
    user('Run it'),
    { role: 'assistant', content: [{ type: 'tool-call', id: 'toolu_1', name: 'run', arguments: '{}' }] },
  ];

  it("mark a failed tool's result with status error", () => {
    const { body } = build(call([...history, { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'exit 1' }], isError: true }] }]));
    expect(body.messages[2]).toEqual({ role: 'user', content: [{ toolResult: { toolUseId: 'toolu_1', content: [{ text: 'exit 1' }], status: 'error' } }] });
  });

  it('carry images and documents as their own blocks beside the text', () => {
    const { body } = build(
      call([
        ...history,
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'toolu_1',
              content: [
                { type: 'text', text: 'Screenshot:' },
                { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
                { type: 'document', source: { kind: 'text', mediaType: 'text/plain', data: 'log' }, title: 'build.log' },
              ],
            },
          ],
        },
      ]),
    );
    expect(body.messages[2].content[0].toolResult.content).toEqual([
      { text: 'Screenshot:' },
      { image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } },
      { document: { format: 'txt', name: 'build', source: { bytes: Buffer.from('log').toString('base64') } } },
    ]);
  });
});

describe('native parts and tools', () => {
  it('are left out with a note naming each: Converse has no server tools', () => {
    const { body, notes } = build(
      call(
        [
          user('Search the web'),
          {
            role: 'assistant',
            content: [
              { type: 'text', text: 'Searching.' },
              { type: 'native', dialect: 'anthropic-messages', block: { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } } },
              { type: 'native', dialect: 'anthropic-messages', block: { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] } },
            ],
          },
          user('Thanks'),
        ],
        {
          tools: [
            { kind: 'native', dialect: 'anthropic-messages', type: 'web_search_20250305', name: 'web_search', definition: { type: 'web_search_20250305', name: 'web_search' } },
            { kind: 'function', name: 'lookup' },
          ],
        },
      ),
    );
    expect(body.messages[1]).toEqual({ role: 'assistant', content: [{ text: 'Searching.' }] });
    expect(body.toolConfig.tools).toEqual([{ toolSpec: { name: 'lookup', inputSchema: { json: { type: 'object', properties: {} } } } }]);
    expect(notes).toEqual([
      'server_tool_use block at messages[1].content[1] (bedrock cannot read it)',
      'web_search_tool_result block at messages[1].content[2] (bedrock cannot read it)',
      'web_search_20250305 tool (bedrock cannot run it)',
    ]);
  });

  it("a choice of a server tool left out is a 400 before sending, which fails over, rather than Bedrock's own 400", () => {
    const search = { kind: 'native', dialect: 'anthropic-messages', type: 'web_search_20250305', name: 'web_search', definition: { type: 'web_search_20250305', name: 'web_search' } } as const;
    expect(() => build(call([user('Search')], { tools: [search, { kind: 'function', name: 'lookup' }], toolChoice: { mode: 'tool', name: 'web_search' } }))).toThrow(
      expect.objectContaining({ status: 400, param: 'tool_choice', message: "tool_choice requires the tool 'web_search', which bedrock cannot run" }),
    );
  });

  it("in the caller's own message are a 400 naming the part: the model would answer without it", () => {
    const foreign = { role: 'user' as const, content: [{ type: 'native' as const, dialect: 'openai-chat' as const, block: { type: 'file', file: { file_data: 'raw' } } }] };
    expect(() => build(call([foreign]))).toThrow(expect.objectContaining({ status: 400, param: 'messages[0].content[0]', code: 'unsupported_content' }));
  });

  it('add no notes to a request that needed none', () => {
    expect(build(call([user('Hi')])).notes).toBeUndefined();
  });
});
