/**
 * A call from another front door (translated mode), built here as a Call directly: the
 * OpenAI-compatible adapter encodes it into a Chat Completions body, one mapping per test, with
 * what it leaves out in the request's notes and what it cannot send refused with a 400.
 */
import { describe, expect, it } from 'vitest';
import type { Call, CallMessage } from '../../../functions/core/call.ts';
import { CallError } from '../../../functions/core/call-error.ts';
import { overrideCall } from '../../../functions/core/override-call.ts';
import type { UserPart } from '../../../functions/core/parts.ts';
import { adapterFor } from '../../../functions/providers/adapter-for.ts';
import { effortForBudget } from '../../../functions/providers/openai-compatible/effort-for-budget.ts';
import type { BuildContext } from '../../../functions/providers/provider-adapter.ts';
import { findProvider } from '../../../functions/providers/provider-registry.ts';
import { DEFAULT_ROUTING_PREFERENCES } from '../../../functions/routing/routing-preferences.ts';

const hello: CallMessage = { role: 'user', content: [{ type: 'text', text: 'Hello' }] };

/** A call as the Anthropic Messages door would give it: `hello` and nothing else asked, changed by `changes`. */
const callOf = (changes: Partial<Call> = {}): Call => ({
  model: 'openai/gpt-4o',
  messages: [hello],
  tools: [],
  output: { format: { type: 'text' }, choices: 1, stop: [] },
  sampling: {},
  cache: { callerPlaced: false },
  stream: false,
  preferences: DEFAULT_ROUTING_PREFERENCES,
  providerOptions: {},
  origin: { dialect: 'anthropic-messages', body: { model: 'gpt-4o', max_tokens: 10, messages: [] }, forwardHeaders: {} },
  overrides: {},
  ...changes,
});

const context: BuildContext = { model: 'm', apiKey: 'k', baseUrl: 'https://host/v1', stream: false };

function send(changes: Partial<Call>, provider = 'openai', contextChanges: Partial<BuildContext> = {}) {
  const upstream = adapterFor(findProvider(provider)!).buildRequest(callOf(changes), { ...context, ...contextChanges });
  return { ...upstream, json: JSON.parse(upstream.body) as Record<string, unknown> };
}

function refusal(changes: Partial<Call>): CallError {
  try {
    send(changes);
  } catch (error) {
    if (error instanceof CallError) return error;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

const userWith = (...content: UserPart[]): Partial<Call> => ({ messages: [{ role: 'user', content }] });
const userContent = (json: Record<string, unknown>) => (json.messages as Array<{ content: unknown }>)[0]!.content;

describe('OpenAI-compatible adapter, translated mode: the request', () => {
  it('a bare call: the provider model, the messages, nothing else, and no notes', () => {
    const sent = send({});
    expect(sent.url).toBe('https://host/v1/chat/completions');
    expect(sent.headers).toEqual({ authorization: 'Bearer k', 'content-type': 'application/json' });
    expect(sent.json).toEqual({ model: 'm', messages: [{ role: 'user', content: 'Hello' }] });
    expect(sent).not.toHaveProperty('notes');
  });

  it('streams with usage asked for, and applies the provider quirks (Mistral)', () => {
    const { json } = send(
      { sampling: { seed: 3 }, output: { format: { type: 'text' }, choices: 1, stop: [], maxTokens: 9 }, tools: [{ kind: 'function', name: 'f' }], toolChoice: { mode: 'required' } },
      'mistral',
      { stream: true },
    );
    expect(json).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'Hello' }],
      tools: [{ type: 'function', function: { name: 'f' } }],
      tool_choice: 'any',
      max_tokens: 9,
      random_seed: 3,
      stream: true,
    });
    expect(send({}, 'groq', { stream: true }).json).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });
});

describe('translated mode: messages', () => {
  it('system and developer messages stay where they stand, with their names; one text part is a string, several are parts', () => {
    const { json } = send({
      messages: [
        { role: 'system', variant: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
        hello,
        { role: 'system', variant: 'developer', content: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }], name: 'ops' },
        { role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'text', text: 'y' }], name: 'ann' },
      ],
    });
    expect(json.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hello' },
      { role: 'developer', content: [{ type: 'text', text: 'A' }, { type: 'text', text: 'B' }], name: 'ops' },
      { role: 'user', content: [{ type: 'text', text: 'x' }, { type: 'text', text: 'y' }], name: 'ann' },
    ]);
  });

  it('images by URL (with their detail) or inline as data URLs, audio as input_audio', () => {
    const { json } = send(
      userWith(
        { type: 'text', text: 'What is this?' },
        { type: 'image', source: { kind: 'url', url: 'https://example.com/a.png' }, detail: 'low' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } },
        { type: 'audio', data: 'UklGR', format: 'wav' },
      ),
    );
    expect(userContent(json)).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR' } },
      { type: 'input_audio', input_audio: { data: 'UklGR', format: 'wav' } },
    ]);
  });

  it('documents as file parts: inline as a data URL with its filename, an OpenAI file by id; plain text as text', () => {
    const sent = send(
      userWith(
        { type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBER' }, title: 'report.pdf' },
        { type: 'document', source: { kind: 'file', family: 'openai-compatible', id: 'file-123' } },
        { type: 'document', source: { kind: 'text', mediaType: 'text/plain', data: 'Plain words.' } },
      ),
    );
    expect(userContent(sent.json)).toEqual([
      { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBER', filename: 'report.pdf' } },
      { type: 'file', file: { file_id: 'file-123' } },
      { type: 'text', text: 'Plain words.' },
    ]);
    expect(sent).not.toHaveProperty('notes');
  });

  it("what only Anthropic reads of a document is left out with a note: its context, citations, a text document's title", () => {
    const sent = send(
      userWith({ type: 'document', source: { kind: 'text', mediaType: 'text/plain', data: 'Words.' }, title: 'notes.txt', context: 'From the wiki', citations: true }),
    );
    expect(userContent(sent.json)).toEqual([{ type: 'text', text: 'Words.' }]);
    expect(sent.notes).toEqual([
      'document.context parameter (Chat Completions has no such parameter)',
      'document.citations parameter (Chat Completions does not cite documents)',
      'document.title parameter (Chat Completions takes a text document as plain text)',
    ]);
  });

  it('refuses, naming the part, a document by URL, another family’s file, an image that is a provider file', () => {
    const byUrl = refusal(userWith({ type: 'text', text: 'Read' }, { type: 'document', source: { kind: 'url', url: 'https://example.com/a.pdf' } }));
    expect(byUrl).toMatchObject({ status: 400, kind: 'invalid_request', param: 'messages[0].content[1]' });
    expect(byUrl.message).toContain('https://example.com/a.pdf');

    const anthropicFile = refusal(userWith({ type: 'document', source: { kind: 'file', family: 'anthropic', id: 'file_01' } }));
    expect(anthropicFile).toMatchObject({ status: 400, param: 'messages[0].content[0]' });
    expect(anthropicFile.message).toContain('anthropic file file_01');

    expect(refusal(userWith({ type: 'image', source: { kind: 'file', family: 'openai-compatible', id: 'file-9' } }))).toMatchObject({
      status: 400,
      param: 'messages[0].content[0]',
    });
  });

  it("a part kept whole from an OpenAI body is sent as it came; another dialect's is a 400 naming it", () => {
    const raw = { type: 'file', file: { file_data: 'JVBER' } };
    const sent = send(userWith({ type: 'text', text: 'Hi' }, { type: 'native', dialect: 'openai-chat', block: raw }));
    expect(userContent(sent.json)).toEqual([{ type: 'text', text: 'Hi' }, raw]);
    expect(() => send(userWith({ type: 'text', text: 'Hi' }, { type: 'native', dialect: 'anthropic-messages', block: { type: 'search_result', source: 'x' } }))).toThrow(
      expect.objectContaining({ status: 400, param: 'messages[0].content[1]', code: 'unsupported_content' }),
    );
  });

  it('assistant turns: text joined, refusal, tool calls with id, type and arguments; reasoning and signatures not sent', () => {
    const sent = send({
      messages: [
        hello,
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Let me think.', signature: { issuer: 'claude', value: 'sig' } },
            { type: 'redacted-reasoning', data: 'enc', issuer: 'claude' },
            { type: 'text', text: 'Checking ' },
            { type: 'tool-call', id: 'call_1', name: 'lookup', arguments: '{"q":"x"}', signature: { issuer: 'gemini', value: 'ts' } },
            { type: 'text', text: 'now.' },
          ],
        },
        { role: 'assistant', content: [{ type: 'tool-call', id: 'call_2', name: 'f', arguments: '{}' }], name: 'bot' },
        { role: 'assistant', content: [{ type: 'refusal', text: 'I cannot.' }] },
        { role: 'assistant', content: [{ type: 'reasoning', text: 'only thoughts' }] },
      ],
    });
    expect(sent.json.messages).toEqual([
      { role: 'user', content: 'Hello' },
      { role: 'assistant', content: 'Checking now.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'lookup', arguments: '{"q":"x"}' } }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_2', type: 'function', function: { name: 'f', arguments: '{}' } }], name: 'bot' },
      { role: 'assistant', content: null, refusal: 'I cannot.' },
      { role: 'assistant', content: '' },
    ]);
    expect(sent).not.toHaveProperty('notes');
  });

  it("another dialect's assistant blocks (a server tool's use and result) are left out with a note", () => {
    const sent = send({
      messages: [
        hello,
        {
          role: 'assistant',
          content: [
            { type: 'native', dialect: 'anthropic-messages', block: { type: 'server_tool_use', id: 'srv', name: 'web_search', input: {} } },
            { type: 'native', dialect: 'anthropic-messages', block: { type: 'web_search_tool_result', tool_use_id: 'srv', content: [] } },
            { type: 'text', text: 'Found it.' },
          ],
        },
      ],
    });
    expect((sent.json.messages as unknown[])[1]).toEqual({ role: 'assistant', content: 'Found it.' });
    expect(sent.notes).toEqual([
      'server_tool_use block (Chat Completions cannot read it)',
      'web_search_tool_result block (Chat Completions cannot read it)',
    ]);
  });

  it('tool results: one tool message each, their text joined, an error result sent as its text', () => {
    const { json } = send({
      messages: [
        hello,
        {
          role: 'assistant',
          content: [
            { type: 'tool-call', id: 'a', name: 'f', arguments: '{}' },
            { type: 'tool-call', id: 'b', name: 'g', arguments: '{}' },
          ],
        },
        {
          role: 'tool',
          content: [
            { type: 'tool-result', toolCallId: 'a', content: [{ type: 'text', text: 'line 1, ' }, { type: 'text', text: 'line 2' }] },
            { type: 'tool-result', toolCallId: 'b', content: [{ type: 'text', text: 'not found' }], isError: true },
          ],
        },
      ],
    });
    expect((json.messages as unknown[]).slice(2)).toEqual([
      { role: 'tool', tool_call_id: 'a', content: 'line 1, line 2' },
      { role: 'tool', tool_call_id: 'b', content: 'not found' },
    ]);
  });

  it('refuses an image in a tool result: Chat Completions takes only text there', () => {
    const error = refusal({
      messages: [
        hello,
        { role: 'assistant', content: [{ type: 'tool-call', id: 'a', name: 'shot', arguments: '{}' }] },
        {
          role: 'tool',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'a',
              content: [
                { type: 'text', text: 'Here:' },
                { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBOR' } },
              ],
            },
          ],
        },
      ],
    });
    expect(error).toMatchObject({ status: 400, kind: 'invalid_request', param: 'messages[2].content[0].content[1]' });
    expect(error.message).toContain('image');
  });
});

describe('translated mode: tools', () => {
  const lookup = { kind: 'function', name: 'lookup', description: 'Finds things', parameters: { type: 'object', properties: { q: { type: 'string' } } }, strict: true } as const;
  const webSearch = { kind: 'native', dialect: 'anthropic-messages', type: 'web_search_20250305', name: 'web_search', definition: { type: 'web_search_20250305', name: 'web_search', max_uses: 3 } } as const;

  it('function tools, the choice and the parallel flag', () => {
    const { json } = send({ tools: [lookup, { kind: 'function', name: 'bare' }], toolChoice: { mode: 'tool', name: 'lookup' }, parallelToolCalls: false });
    expect(json).toMatchObject({
      tools: [
        { type: 'function', function: { name: 'lookup', description: 'Finds things', parameters: lookup.parameters, strict: true } },
        { type: 'function', function: { name: 'bare' } },
      ],
      tool_choice: { type: 'function', function: { name: 'lookup' } },
      parallel_tool_calls: false,
    });
    for (const mode of ['auto', 'none', 'required'] as const) expect(send({ tools: [lookup], toolChoice: { mode } }).json.tool_choice).toBe(mode);
  });

  it('a choice of a tool left out is a 400 before sending, which fails over', () => {
    expect(() => send({ tools: [lookup, webSearch], toolChoice: { mode: 'tool', name: 'web_search' } })).toThrow(
      expect.objectContaining({ status: 400, param: 'tool_choice', message: "tool_choice requires the tool 'web_search', which Chat Completions cannot run" }),
    );
  });

  it("Anthropic's web search is left out with a note, for OpenAI too (web_search_options is for its search models only)", () => {
    const sent = send({ tools: [lookup, webSearch], toolChoice: { mode: 'auto' } });
    expect(sent.json.tools).toEqual([expect.objectContaining({ function: expect.objectContaining({ name: 'lookup' }) })]);
    expect(sent.json).not.toHaveProperty('web_search_options');
    expect(sent.notes).toEqual([
      "web_search_20250305 tool (Chat Completions searches the web only with OpenAI's search models, which take no tool for it)",
    ]);
  });

  it("another dialect's other server tools are left out with a note; an OpenAI body's own are sent as they came", () => {
    const custom = { type: 'custom', custom: { name: 'grammar' } };
    const sent = send({
      tools: [
        { kind: 'native', dialect: 'anthropic-messages', type: 'code_execution_20250825', name: 'code_execution', definition: { type: 'code_execution_20250825', name: 'code_execution' } },
        { kind: 'native', dialect: 'openai-chat', type: 'custom', definition: custom },
      ],
    });
    expect(sent.json.tools).toEqual([custom]);
    expect(sent.notes).toEqual(['code_execution_20250825 tool (Chat Completions cannot run it)']);
  });

  it('without tools to send, no choice or parallel flag is sent; a choice that needs a left-out tool is refused', () => {
    const sent = send({ tools: [webSearch], toolChoice: { mode: 'auto' }, parallelToolCalls: false });
    expect(sent.json).not.toHaveProperty('tools');
    expect(sent.json).not.toHaveProperty('tool_choice');
    expect(sent.json).not.toHaveProperty('parallel_tool_calls');

    expect(refusal({ tools: [lookup, webSearch], toolChoice: { mode: 'tool', name: 'web_search' } })).toMatchObject({ status: 400, param: 'tool_choice' });
    expect(refusal({ tools: [webSearch], toolChoice: { mode: 'required' } })).toMatchObject({ status: 400, param: 'tool_choice' });
  });
});

describe('translated mode: output, sampling, reasoning and the rest', () => {
  const output = (changes: Partial<Call['output']>): Partial<Call> => ({ output: { format: { type: 'text' }, choices: 1, stop: [], ...changes } });

  it('a reasoning effort goes only to a model that may reason: left out with a note for one the catalog says does not', () => {
    const reasoning: Partial<Call> = { reasoning: { effort: 'high' } };
    expect(send(reasoning, 'openai', { reasons: true }).json.reasoning_effort).toBe('high');
    expect(send(reasoning).json.reasoning_effort).toBe('high');
    const plain = send(reasoning, 'openai', { reasons: false });
    expect(plain.json).not.toHaveProperty('reasoning_effort');
    expect(plain.notes).toEqual(['reasoning_effort parameter (the model does not reason)']);
  });

  it('response formats: text is the default and not sent; JSON; a JSON schema with its name, description, schema and strictness', () => {
    expect(send(output({ format: { type: 'text' } })).json).not.toHaveProperty('response_format');
    expect(send(output({ format: { type: 'json' } })).json.response_format).toEqual({ type: 'json_object' });
    const schema = { type: 'object', properties: { a: { type: 'number' } } };
    expect(send(output({ format: { type: 'json-schema', name: 'answer', description: 'The answer', schema, strict: true } })).json.response_format).toEqual({
      type: 'json_schema',
      json_schema: { name: 'answer', description: 'The answer', schema, strict: true },
    });
  });

  it("the output limit as max_completion_tokens, or the provider's max_tokens, lowered to the model's own limit when above it", () => {
    expect(send(output({ maxTokens: 500 }), 'openai', { maxOutputTokens: 16384 }).json).toMatchObject({ max_completion_tokens: 500 });
    expect(send(output({ maxTokens: 64000 }), 'openai', { maxOutputTokens: 16384 }).json).toMatchObject({ max_completion_tokens: 16384 });
    expect(send(output({ maxTokens: 64000 })).json).toMatchObject({ max_completion_tokens: 64000 });
    const deepseek = send(output({ maxTokens: 64000 }), 'deepseek', { maxOutputTokens: 8192 }).json;
    expect(deepseek).toMatchObject({ max_tokens: 8192 });
    expect(deepseek).not.toHaveProperty('max_completion_tokens');
  });

  it('n, stop and log-probabilities', () => {
    expect(send(output({ choices: 3, stop: ['END', '###'], logprobs: { top: 5 } })).json).toMatchObject({ n: 3, stop: ['END', '###'], logprobs: true, top_logprobs: 5 });
    const plain = send(output({ logprobs: {} })).json;
    expect(plain).toMatchObject({ logprobs: true });
    expect(plain).not.toHaveProperty('top_logprobs');
    expect(plain).not.toHaveProperty('n');
    expect(plain).not.toHaveProperty('stop');
  });

  it('sampling numbers as sent; top_k is left out with a note', () => {
    const sent = send({ sampling: { temperature: 0.3, topP: 0.9, topK: 40, seed: 7, presencePenalty: 0.5, frequencyPenalty: -0.5 } });
    expect(sent.json).toMatchObject({ temperature: 0.3, top_p: 0.9, seed: 7, presence_penalty: 0.5, frequency_penalty: -0.5 });
    expect(sent.json).not.toHaveProperty('top_k');
    expect(sent.notes).toEqual(['top_k parameter (Chat Completions has no such parameter)']);
  });

  it('reasoning: the effort as asked; a budget alone as an effort; thinking turned off or adaptive without an effort sends none', () => {
    expect(send({ reasoning: { effort: 'xhigh', mode: 'adaptive' } }).json.reasoning_effort).toBe('xhigh');
    expect(send({ reasoning: { effort: 'low', budgetTokens: 20000 } }).json.reasoning_effort).toBe('low');
    expect(send({ reasoning: { mode: 'enabled', budgetTokens: 10000 } }).json.reasoning_effort).toBe('high');
    expect(send({ reasoning: { mode: 'disabled' } }).json).not.toHaveProperty('reasoning_effort');
    expect(send({ reasoning: { mode: 'adaptive' } }).json).not.toHaveProperty('reasoning_effort');
  });

  it('a budget maps to an effort by its band: up to 2,048 low, up to 8,192 medium, above that high', () => {
    expect([1024, 2048, 2049, 4096, 8192, 8193, 16384, 32768].map(effortForBudget)).toEqual(['low', 'low', 'medium', 'medium', 'medium', 'high', 'high', 'high']);
  });

  it('user, service tier and the cache key; the OpenAI options merged under the named fields', () => {
    const { json } = send({
      user: 'u-1',
      serviceTier: 'priority',
      cache: { callerPlaced: true, key: 'tenant-7', auto: { ttl: '1h' } },
      providerOptions: { openai: { metadata: { run: 'x' }, store: false, user: 'overridden' }, anthropic: { betas: ['b'] } },
    });
    expect(json).toEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'Hello' }],
      metadata: { run: 'x' },
      store: false,
      user: 'u-1',
      service_tier: 'priority',
      prompt_cache_key: 'tenant-7',
    });
  });

  it("the gateway's overrides arrive in the fields they set (overrideCall), as the cascade and the worker make them", () => {
    const overridden = overrideCall(callOf({ serviceTier: 'auto' }), { logprobs: true, serviceTier: 'flex' });
    expect(send(overridden).json).toMatchObject({ logprobs: true, service_tier: 'flex' });
  });
});
