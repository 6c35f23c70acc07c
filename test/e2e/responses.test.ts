/**
 * The Responses door end to end: the official openai SDK's `responses` against `npm start`'s
 * server, one fake upstream standing in for Anthropic, Gemini and OpenAI (each told by its path),
 * checking what each upstream received as well as what the client got.
 */
import OpenAI from 'openai';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRecordedJson, recordedSseBody } from '../support/recorded.ts';
import type { RecordedRequest } from '../support/fake-upstream.ts';
import { useGateway } from '../support/use-gateway.ts';

const GATEWAY_KEY = 'sy-responses-test-key';
const OTHER_KEY = 'sy-responses-other-key';
const under = useGateway((url) => ({
  SWITCHYARD_API_KEYS: `${GATEWAY_KEY},${OTHER_KEY}`,
  ANTHROPIC_API_KEY: 'sk-ant-test-key',
  ANTHROPIC_BASE_URL: url,
  GEMINI_API_KEY: 'AIzaGeminiTestKey0123456789',
  GEMINI_BASE_URL: url,
  OPENAI_API_KEY: 'sk-openai-test-key',
  OPENAI_BASE_URL: `${url}/v1`,
}));
let client: OpenAI;
beforeAll(() => {
  client = new OpenAI({ baseURL: under.gateway.baseURL, apiKey: GATEWAY_KEY, maxRetries: 0 });
});

const sentTo = (path: RegExp): RecordedRequest => {
  const request = under.upstream.requests.find((candidate) => path.test(candidate.url));
  if (!request) throw new Error(`nothing was sent to ${path}: ${under.upstream.requests.map((r) => r.url).join(', ')}`);
  return request;
};

/** What Codex sends (test/fixtures/clients): developer messages, a namespace of functions, a hosted web search, no output limit. */
const codexLike = {
  instructions: 'You are a coding agent.',
  input: [
    { type: 'message' as const, role: 'developer' as const, content: [{ type: 'input_text' as const, text: '<permissions>read-only</permissions>' }] },
    { type: 'message' as const, role: 'user' as const, content: [{ type: 'input_text' as const, text: 'Hello, how are you?' }] },
  ],
  tools: [
    { type: 'function' as const, name: 'exec_command', description: 'Runs a command.', strict: false, parameters: { type: 'object', properties: { cmd: { type: 'string' } }, required: ['cmd'] } },
    {
      type: 'namespace' as const,
      name: 'multi_agent_v1',
      description: 'Sub-agents.',
      tools: [{ type: 'function' as const, name: 'spawn_agent', description: 'Spawns one.', strict: false, parameters: { type: 'object', properties: { message: { type: 'string' } } } }],
    },
    { type: 'web_search' as const },
  ],
  tool_choice: 'auto' as const,
  parallel_tool_calls: true,
  reasoning: { summary: 'auto' as const },
  store: false,
  include: ['reasoning.encrypted_content' as const],
  prompt_cache_key: 'thread-1',
};

describe('the Responses door to OpenAI (native)', () => {
  it('sends the body as the client wrote it, less what the gateway decides, and answers as OpenAI did', async () => {
    const recorded = readRecordedJson('openai', 'responses-reasoning');
    under.upstream.reply(() => ({ json: recorded }));
    const params = { model: 'openai/gpt-5-mini', input: 'Hi', reasoning: { effort: 'low' as const }, text: { verbosity: 'low' as const }, client_metadata: { session_id: 's-1' } };
    const { data: response, response: raw } = await client.responses.create({ ...params, store: false } as OpenAI.Responses.ResponseCreateParamsNonStreaming).withResponse();
    expect(response).toMatchObject(recorded as object);
    expect(raw.headers.get('x-switchyard-provider')).toBe('openai');
    const sent = sentTo(/^\/v1\/responses$/);
    expect(sent.headers.authorization).toBe('Bearer sk-openai-test-key');
    expect(sent.json).toEqual({ ...params, model: 'gpt-5-mini', store: false, include: ['reasoning.encrypted_content'] });
  });

  it('passes OpenAI’s stream through event for event', async () => {
    under.upstream.reply(() => ({ chunks: [recordedSseBody('openai', 'responses-reasoning-tool-call')] }));
    const response = await fetch(`${under.gateway.baseURL}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${GATEWAY_KEY}` },
      body: JSON.stringify({ model: 'openai/gpt-5-mini', input: 'Add 2 and 3', stream: true, store: false }),
    });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(await response.text()).toBe(recordedSseBody('openai', 'responses-reasoning-tool-call'));
  });

  it('hands a stream on from a custom tool call that begins it, without waiting for its end', async () => {
    // A Codex turn answered by an apply_patch call alone, whose provider then goes quiet: what came
    // is the client's at once, though no item of it is one the gateway's core models.
    const call = { id: 'ctc_1', type: 'custom_tool_call', status: 'in_progress', call_id: 'call_1', name: 'apply_patch', input: '' };
    const sse = (event: Record<string, unknown>) => `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`;
    const begun = [
      sse({ type: 'response.created', sequence_number: 0, response: { id: 'resp_1', object: 'response', created_at: 1, status: 'in_progress', model: 'gpt-5.5', output: [] } }),
      sse({ type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: call }),
      sse({ type: 'response.custom_tool_call_input.delta', sequence_number: 2, item_id: 'ctc_1', output_index: 0, delta: '*** Begin Patch' }),
    ];
    under.upstream.reply(() => ({ chunks: [begun.join('')], hangAfter: true }));
    const leave = new AbortController();
    const response = await fetch(`${under.gateway.baseURL}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${GATEWAY_KEY}` },
      body: JSON.stringify({ model: 'openai/gpt-5.5', input: 'Fix the bug', tools: [{ type: 'custom', name: 'apply_patch' }], stream: true, store: false }),
      signal: leave.signal,
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    let text = '';
    try {
      while (!text.includes('*** Begin Patch')) {
        const { done, value } = await reader.read();
        if (done) break;
        text += new TextDecoder().decode(value);
      }
      expect(text).toBe(begun.join(''));
    } finally {
      leave.abort();
    }
  });
});

describe('the Responses door to Anthropic (translated)', () => {
  it('turns what Codex sends into a Messages request Claude takes, and the answer into a Response', async () => {
    under.upstream.reply(() => ({ json: readRecordedJson('anthropic', 'anthropic-text') }));
    const { data: response, response: raw } = await client.responses
      .create({ model: 'anthropic/claude-sonnet-4-5', ...codexLike } as OpenAI.Responses.ResponseCreateParamsNonStreaming)
      .withResponse();

    expect(response).toMatchObject({
      object: 'response',
      status: 'completed',
      model: 'anthropic/claude-sonnet-4-5-20250929',
      output: [{ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: expect.stringMatching(/^Hello! I'm doing well/), annotations: [] }] }],
      usage: { input_tokens: 12, output_tokens: 29, total_tokens: 41, input_tokens_details: { cached_tokens: 0 }, output_tokens_details: { reasoning_tokens: 0 } },
      store: false,
      instructions: 'You are a coding agent.',
    });
    expect(response.id).toMatch(/^resp_/);
    expect(response.output_text).toMatch(/^Hello!/);
    expect(raw.headers.get('x-switchyard-provider')).toBe('anthropic');
    expect(raw.headers.get('x-request-id')).toMatch(/^req_/);

    const sent = sentTo(/^\/v1\/messages$/).json;
    expect(sent).toMatchObject({
      model: 'claude-sonnet-4-5',
      // No max_output_tokens: the catalog's limit, which Anthropic requires.
      max_tokens: 64000,
      system: 'You are a coding agent.\n\n<permissions>read-only</permissions>',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello, how are you?' }] }],
    });
    expect((sent['tools'] as Array<{ name: string; type?: string }>).map((tool) => tool.type ?? tool.name)).toEqual(['exec_command', 'multi_agent_v1__spawn_agent', 'web_search_20250305']);
  });

  it('streams Claude’s answer as OpenAI’s events, which the SDK’s stream reader assembles', async () => {
    under.upstream.reply(() => ({ chunks: [recordedSseBody('anthropic', 'anthropic-text')] }));
    const stream = client.responses.stream({ model: 'anthropic/claude-sonnet-4-5', input: 'Hello, how are you?' });
    const events: Array<{ type: string; sequence_number: number }> = [];
    stream.on('event', (event) => events.push(event));
    const response = await stream.finalResponse();
    expect(response.status).toBe('completed');
    expect(response.output_text).toMatch(/^Hello! I'm doing well/);
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      ...events.filter((event) => event.type === 'response.output_text.delta').map(() => 'response.output_text.delta'),
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
  });

  it('a stream cut after it started ends with an error the SDK raises, never a completion', async () => {
    const body = recordedSseBody('anthropic', 'anthropic-text');
    under.upstream.reply(() => ({ chunks: [body.slice(0, body.indexOf('content_block_stop'))], destroyAfter: true }));
    const stream = client.responses.stream({ model: 'anthropic/claude-sonnet-4-5', input: 'Hello, how are you?' });
    await expect(stream.finalResponse()).rejects.toBeInstanceOf(OpenAI.APIError);
  });
});

describe('a function-call round trip on Gemini (translated)', () => {
  const weather = { type: 'function' as const, name: 'weather', description: 'Weather by place', strict: false, parameters: { type: 'object', properties: { location: { type: 'string' } } } };

  it('gives the call with its call_id, and takes it back with its output and Gemini’s signature', async () => {
    under.upstream.reply(() => ({ json: readRecordedJson('gemini', 'google-tool-call') }));
    const first = await client.responses.create({
      model: 'gemini/gemini-3-pro-preview',
      input: 'Weather in San Francisco?',
      tools: [weather],
      include: ['reasoning.encrypted_content'],
      store: false,
    });
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'weather', arguments: '{"location":"San Francisco"}', status: 'completed' });
    expect(call!.call_id).not.toBe('');
    const reasoning = first.output.find((item) => item.type === 'reasoning');
    expect(reasoning?.encrypted_content).toMatch(/^sy1\./);

    under.upstream.requests.length = 0;
    under.upstream.reply(() => ({ json: readRecordedJson('gemini', 'google-text') }));
    const second = await client.responses.create({
      model: 'gemini/gemini-3-pro-preview',
      input: [{ role: 'user', content: 'Weather in San Francisco?' }, ...first.output, { type: 'function_call_output', call_id: call!.call_id, output: 'Sunny, 18°C' }],
      tools: [weather],
      store: false,
    } as OpenAI.Responses.ResponseCreateParamsNonStreaming);
    expect(second.status).toBe('completed');
    expect(sentTo(/generateContent$/).json['contents']).toEqual([
      { role: 'user', parts: [{ text: 'Weather in San Francisco?' }] },
      { role: 'model', parts: [{ functionCall: { name: 'weather', args: { location: 'San Francisco' } }, thoughtSignature: expect.stringMatching(/^EskgCsYg/) }] },
      { role: 'user', parts: [{ functionResponse: { name: 'weather', response: expect.anything() } }] },
    ]);
  });
});

describe('conversation state', () => {
  /** Fake Anthropic and Gemini answering by path. */
  const anthropicThenGemini = () =>
    under.upstream.reply((request) => ({ json: readRecordedJson(request.url.startsWith('/v1/messages') ? 'anthropic' : 'gemini', request.url.startsWith('/v1/messages') ? 'anthropic-text' : 'google-text') }));

  it('previous_response_id continues a stored response on another provider; retrieve, input_items and delete are the key’s own', async () => {
    anthropicThenGemini();
    const first = await client.responses.create({ model: 'anthropic/claude-sonnet-4-5', instructions: 'Be brief.', input: 'Hello, how are you?' });
    const second = await client.responses.create({ model: 'gemini/gemini-3-pro-preview', previous_response_id: first.id, input: 'And tomorrow?' });
    expect(second.previous_response_id).toBe(first.id);

    const gemini = sentTo(/generateContent$/).json;
    // The stored turn goes first; its instructions are not carried over, as OpenAI does not.
    expect(gemini['systemInstruction']).toBeUndefined();
    expect(gemini['contents']).toEqual([
      { role: 'user', parts: [{ text: 'Hello, how are you?' }] },
      { role: 'model', parts: [{ text: expect.stringMatching(/^Hello! I'm doing well/) }] },
      { role: 'user', parts: [{ text: 'And tomorrow?' }] },
    ]);

    expect(await client.responses.retrieve(second.id)).toMatchObject({ id: second.id, status: 'completed', output: second.output });
    const items = await client.responses.inputItems.list(second.id, { order: 'asc' });
    expect(items.data.map((item) => item.type)).toEqual(['message', 'message', 'message']);

    const stranger = new OpenAI({ baseURL: under.gateway.baseURL, apiKey: OTHER_KEY, maxRetries: 0 });
    await expect(stranger.responses.retrieve(first.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    const continued = await stranger.responses.create({ model: 'gemini/gemini-3-pro-preview', previous_response_id: first.id, input: 'Hi' }).catch((thrown: unknown) => thrown);
    expect(continued).toBeInstanceOf(OpenAI.NotFoundError);
    expect((continued as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('previous_response_not_found');

    await client.responses.delete(first.id);
    await expect(client.responses.retrieve(first.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('a stream is stored once it completed; store: false is not stored', async () => {
    under.upstream.reply(() => ({ chunks: [recordedSseBody('anthropic', 'anthropic-text')] }));
    const streamed = await client.responses.stream({ model: 'anthropic/claude-sonnet-4-5', input: 'Hello, how are you?' }).finalResponse();
    const retrieved = await client.responses.retrieve(streamed.id);
    expect(retrieved).toMatchObject({ id: streamed.id, status: 'completed', output_text: streamed.output_text });
    expect(retrieved.output.map((item) => item.id)).toEqual(streamed.output.map((item) => item.id));

    anthropicThenGemini();
    const unstored = await client.responses.create({ model: 'anthropic/claude-sonnet-4-5', input: 'Hi', store: false });
    await expect(client.responses.retrieve(unstored.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('Claude’s signed thinking goes back to Claude with the tool result, from the stored turn', async () => {
    const thinkingThenCall = {
      id: 'msg_think',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [
        { type: 'thinking', thinking: 'The user wants the weather.', signature: 'EqQBClaudeSignature==' },
        { type: 'tool_use', id: 'toolu_w', name: 'weather', input: { location: 'Rome' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 50, output_tokens: 30 },
    };
    under.upstream.reply((request) => ({ json: under.upstream.requests.indexOf(request) === 0 ? thinkingThenCall : readRecordedJson('anthropic', 'anthropic-text') }));
    const weather = { type: 'function' as const, name: 'weather', strict: false, parameters: { type: 'object', properties: { location: { type: 'string' } } } };
    const first = await client.responses.create({ model: 'anthropic/claude-sonnet-4-5', input: 'Weather in Rome?', tools: [weather], reasoning: { effort: 'low' } });
    expect(first.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
    expect(first.output[0]).toMatchObject({ summary: [{ type: 'summary_text', text: 'The user wants the weather.' }], encrypted_content: expect.stringMatching(/^sy1\./) });

    await client.responses.create({
      model: 'anthropic/claude-sonnet-4-5',
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: 'toolu_w', output: 'Sunny' }],
      tools: [weather],
      reasoning: { effort: 'low' },
    });
    const messages = under.upstream.requests[1]!.json['messages'] as Array<{ role: string; content: unknown }>;
    expect(messages.slice(1)).toEqual([
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'The user wants the weather.', signature: 'EqQBClaudeSignature==' }, { type: 'tool_use', id: 'toolu_w', name: 'weather', input: { location: 'Rome' } }] },
      { role: 'user', content: [expect.objectContaining({ type: 'tool_result', tool_use_id: 'toolu_w' })] },
    ]);
    expect(under.upstream.requests[1]!.json['thinking']).toBeDefined();
  });

  it('a native stream is stored from OpenAI’s own response.completed', async () => {
    under.upstream.reply(() => ({ chunks: [recordedSseBody('openai', 'responses-reasoning-tool-call')] }));
    const streamed = await client.responses.stream({ model: 'openai/gpt-5-mini', input: 'Add 2 and 3' }).finalResponse();
    const retrieved = await client.responses.retrieve(streamed.id);
    expect(retrieved.output.map((item) => [item.type, item.id])).toEqual(streamed.output.map((item) => [item.type, item.id]));
    expect(retrieved.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
  });
});

describe('what a translation leaves out', () => {
  it('a hosted tool the target cannot run is left out, and x-switchyard-route says so', async () => {
    under.upstream.reply(() => ({ json: readRecordedJson('gemini', 'google-text') }));
    const { response } = await client.responses
      .create({ model: 'gemini/gemini-3-pro-preview', input: 'Hi', tools: [{ type: 'file_search', vector_store_ids: ['vs_1'] }] })
      .withResponse();
    expect(response.headers.get('x-switchyard-route')).toMatch(/left-out="[^"]*file_search/);
    expect(sentTo(/generateContent$/).json['tools']).toBeUndefined();
  });
});

describe('the Responses door’s errors', () => {
  it('a body OpenAI would refuse is a BadRequestError naming the field', async () => {
    const error = await client.responses
      .create({ model: 'anthropic/claude-sonnet-4-5', input: [{ role: 'user', content: [{ type: 'input_text', text: 5 }] }] } as unknown as OpenAI.Responses.ResponseCreateParamsNonStreaming)
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).param).toBe('input[0].content[0].text');
    expect(under.upstream.requests).toHaveLength(0);
  });

  it('a wrong key is an AuthenticationError-status 401, an unknown model a NotFoundError', async () => {
    const stranger = new OpenAI({ baseURL: under.gateway.baseURL, apiKey: 'sy-wrong-key', maxRetries: 0 });
    const unauthorized = await stranger.responses.create({ model: 'anthropic/claude-sonnet-4-5', input: 'Hi' }).catch((thrown: unknown) => thrown);
    expect((unauthorized as InstanceType<typeof OpenAI.APIError>).status).toBe(401);
    const unknown = await client.responses.create({ model: 'acme/model', input: 'Hi' }).catch((thrown: unknown) => thrown);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect(under.upstream.requests).toHaveLength(0);
  });
});
