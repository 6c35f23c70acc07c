/**
 * The Anthropic Messages door end to end: the official Anthropic SDK against `npm start`'s server,
 * one fake upstream standing in for Anthropic (native: the answer comes back as Anthropic sent
 * it) and OpenAI (translated both ways), checking what the upstream received as well.
 */
import Anthropic from '@anthropic-ai/sdk';
import { beforeAll, describe, expect, it } from 'vitest';
import { readRecordedJson, readRecordedLines, recordedSseBody } from '../support/recorded.ts';
import { useGateway } from '../support/use-gateway.ts';

const GATEWAY_KEY = 'sy-messages-test-key';
const MAX_REQUEST_BYTES = 256 * 1024;
const under = useGateway((url) => ({
  SWITCHYARD_API_KEYS: GATEWAY_KEY,
  SWITCHYARD_MAX_REQUEST_BYTES: String(MAX_REQUEST_BYTES),
  ANTHROPIC_API_KEY: 'sk-ant-test-key',
  ANTHROPIC_BASE_URL: url,
  OPENAI_API_KEY: 'sk-openai-test-key',
  OPENAI_BASE_URL: `${url}/v1`,
}));
let client: Anthropic;
/** The Anthropic SDK sends its key as x-api-key. */
beforeAll(() => {
  client = new Anthropic({ baseURL: under.gateway.baseURL.replace(/\/v1$/, ''), apiKey: GATEWAY_KEY, maxRetries: 0 });
});

const openAIToolCall = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1770000000,
  model: 'gpt-4o-mini-2024-07-18',
  choices: [
    {
      index: 0,
      message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_abc', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }] },
      finish_reason: 'tool_calls',
    },
  ],
  usage: { prompt_tokens: 50, completion_tokens: 12, total_tokens: 62, prompt_tokens_details: { cached_tokens: 20 } },
};
const weather: Anthropic.Tool = { name: 'weather', description: 'Weather by city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } };

describe('the Messages door to Anthropic (native)', () => {
  it('sends the body as the client wrote it, with its anthropic headers, and answers as Anthropic did', async () => {
    const recorded = readRecordedJson('anthropic', 'anthropic-text');
    under.upstream.reply(() => ({ json: recorded }));
    const { data: message, response } = await client.messages
      .create(
      {
        model: 'claude-sonnet-4-5-20250929',
        max_tokens: 32000,
        system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
        messages: [{ role: 'user', content: 'Hello, how are you?' }],
        thinking: { type: 'enabled', budget_tokens: 2048 },
        metadata: { user_id: 'u-1' },
      },
      // The SDK refuses a non-streaming call this long unless given a timeout of its own.
      { headers: { 'anthropic-beta': 'interleaved-thinking-2025-05-14' }, timeout: 60_000 },
    )
      .withResponse();
    expect(message).toEqual(recorded);
    // The snapshot is priced as its model: a cost, and the catalog's target in the route.
    expect(Number(response.headers.get('x-switchyard-cost-usd'))).toBeGreaterThan(0);
    expect(response.headers.get('x-switchyard-route')).toMatch(/^anthropic\/claude-sonnet-4-5;/);
    expect(response.headers.get('x-switchyard-model')).toBe('claude-sonnet-4-5-20250929');

    const sent = under.upstream.requests[0]!;
    expect(sent.url).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe('sk-ant-test-key');
    expect(sent.headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14');
    expect(sent.json).toEqual({
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 32000,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'Hello, how are you?' }],
      thinking: { type: 'enabled', budget_tokens: 2048 },
      metadata: { user_id: 'u-1' },
    });
  });

  it('streams Anthropic’s events back byte for byte, with the route headers', async () => {
    under.upstream.reply(() => ({ chunks: [recordedSseBody('anthropic', 'anthropic-tool-no-args')] }));
    const response = await fetch(`${under.gateway.baseURL}/messages?beta=true`, {
      method: 'POST',
      // Claude Code with ANTHROPIC_AUTH_TOKEN sends the key as a bearer token.
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', authorization: `Bearer ${GATEWAY_KEY}` },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 1024, stream: true, messages: [{ role: 'user', content: 'Update the list' }] }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(response.headers.get('x-switchyard-provider')).toBe('anthropic');
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    expect(await response.text()).toBe(recordedSseBody('anthropic', 'anthropic-tool-no-args'));
  });

  it('gives the SDK’s stream helper the whole message', async () => {
    under.upstream.reply(() => ({ chunks: [recordedSseBody('anthropic', 'anthropic-text')] }));
    const stream = client.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello, how are you?' }] });
    const message = await stream.finalMessage();
    expect(message.content).toEqual([{ type: 'text', text: (readRecordedJson('anthropic', 'anthropic-text') as Anthropic.Message).content[0]!.type === 'text' ? expect.stringMatching(/^Hello!/) : '' }]);
    expect(message.stop_reason).toBe('end_turn');
  });
});

describe('the Messages door to OpenAI (translated)', () => {
  it('translates tools and a tool round trip to Chat Completions, and the tool call back to tool_use', async () => {
    under.upstream.reply(() => ({ json: openAIToolCall }));
    const message = await client.messages.create({
      model: 'openai/gpt-4o-mini',
      max_tokens: 32000,
      system: 'You answer about weather.',
      tools: [weather],
      messages: [
        { role: 'user', content: 'Weather in Rome?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_prev', name: 'weather', input: { city: 'Rome' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_prev', content: 'sunny' }, { type: 'text', text: 'And Paris?' }] },
      ],
    }, { timeout: 60_000 });
    expect(message.type).toBe('message');
    expect(message.role).toBe('assistant');
    expect(message.content).toEqual([{ type: 'tool_use', id: 'call_abc', name: 'weather', input: { city: 'Paris' } }]);
    expect(message.stop_reason).toBe('tool_use');
    // Anthropic's input_tokens leave out cache reads: 50 prompt tokens, 20 of them cached.
    expect(message.usage).toMatchObject({ input_tokens: 30, cache_read_input_tokens: 20, output_tokens: 12 });

    const sent = under.upstream.requests[0]!;
    expect(sent.url).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-openai-test-key');
    expect(sent.json).toMatchObject({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You answer about weather.' },
        { role: 'user', content: 'Weather in Rome?' },
        { role: 'assistant', tool_calls: [{ id: 'toolu_prev', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } }] },
        { role: 'tool', tool_call_id: 'toolu_prev', content: 'sunny' },
        { role: 'user', content: 'And Paris?' },
      ],
      tools: [{ type: 'function', function: { name: 'weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
    });
  });

  it('streams OpenAI’s answer as Anthropic’s events, which the SDK assembles', async () => {
    under.upstream.reply(() => ({ chunks: [recordedSseBody('openai', 'openai-text')] }));
    const stream = client.messages.stream({ model: 'openai/gpt-4o-mini', max_tokens: 32000, messages: [{ role: 'user', content: 'Invent a holiday.' }] });
    const events: string[] = [];
    stream.on('streamEvent', (event) => events.push(event.type));
    const message = await stream.finalMessage();
    const expected = readRecordedLines('openai', 'openai-text')
      .map((line) => (JSON.parse(line) as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta.content ?? '')
      .join('');
    expect(message.content).toEqual([{ type: 'text', text: expected }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(events[0]).toBe('message_start');
    expect(events.at(-1)).toBe('message_stop');
    expect(events).toContain('message_delta');
    // Claude Code always asks for 32,000: lowered to the model's 16,384, not refused.
    expect(under.upstream.requests[0]!.json['max_completion_tokens']).toBe(16384);
  });
});

describe('what a translation leaves out', () => {
  const searching = { model: 'openai/gpt-4o-mini', max_tokens: 100, tools: [{ type: 'web_search_20250305' as const, name: 'web_search' as const }, weather], messages: [{ role: 'user' as const, content: 'Weather in Rome?' }] };

  it('a server tool the target cannot run is left out, and x-switchyard-route says so', async () => {
    under.upstream.reply(() => ({ json: openAIToolCall }));
    const { response } = await client.messages.create(searching).withResponse();
    expect(response.headers.get('x-switchyard-route')).toMatch(/left-out="[^"]*web_search_20250305/);
    expect((under.upstream.requests[0]!.json['tools'] as Array<{ function: { name: string } }>).map((tool) => tool.function.name)).toEqual(['weather']);
  });

  // What only Anthropic's servers do: MCP servers it connects to, its context management.
  const anthropicOnly = {
    model: 'openai/gpt-4o-mini',
    max_tokens: 100,
    messages: [{ role: 'user' as const, content: 'Weather in Rome?' }],
    mcp_servers: [{ type: 'url' as const, url: 'https://mcp.example.com/sse', name: 'weather' }],
    context_management: { edits: [{ type: 'clear_tool_uses_20250919' as const }] },
    betas: ['mcp-client-2025-04-04', 'context-management-2025-06-27'],
  };

  it("what the caller asked of Anthropic's servers alone is left out, and x-switchyard-route says so", async () => {
    under.upstream.reply(() => ({ json: openAIToolCall }));
    const { response } = await client.beta.messages.create(anthropicOnly).withResponse();
    expect(response.headers.get('x-switchyard-route')).toMatch(/left-out="mcp_servers parameter \(Chat Completions has no such parameter\), context_management parameter/);
    expect(under.upstream.requests[0]!.body).not.toMatch(/mcp_servers|context_management/);
  });

  const strict = useGateway((url) => ({ SWITCHYARD_API_KEYS: GATEWAY_KEY, SWITCHYARD_LEFT_OUT: 'refuse', OPENAI_API_KEY: 'sk-openai-test-key', OPENAI_BASE_URL: `${url}/v1` }));
  it('with SWITCHYARD_LEFT_OUT=refuse it is a 400 naming what would be left out, and nothing is sent', async () => {
    const strictClient = new Anthropic({ baseURL: strict.gateway.baseURL.replace(/\/v1$/, ''), apiKey: GATEWAY_KEY, maxRetries: 0 });
    const error = await strictClient.messages.create(searching).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ error: { type: 'invalid_request_error', message: expect.stringContaining('web_search_20250305') } });
    expect(strict.upstream.requests).toHaveLength(0);
    const refused = await strictClient.beta.messages.create(anthropicOnly).catch((thrown: unknown) => thrown);
    expect(refused).toBeInstanceOf(Anthropic.BadRequestError);
    expect((refused as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ error: { message: expect.stringContaining('context_management') } });
    expect(strict.upstream.requests).toHaveLength(0);
  });
});

describe('count_tokens', () => {
  it('counts a prompt in the named model’s tokens without calling a provider', async () => {
    const params = { system: 'You answer about weather.', tools: [weather], messages: [{ role: 'user' as const, content: 'Weather in Rome, and what to wear there?' }] };
    const openai = await client.messages.countTokens({ model: 'openai/gpt-4o-mini', ...params });
    const claude = await client.messages.countTokens({ model: 'claude-sonnet-4-5', ...params });
    const longer = await client.messages.countTokens({ model: 'openai/gpt-4o-mini', ...params, messages: [{ role: 'user', content: 'Weather in Rome? '.repeat(50) }] });
    expect(Number.isInteger(openai.input_tokens) && openai.input_tokens > 20).toBe(true);
    // Claude's tokenizer makes about 1.2 of its tokens of one of o200k's.
    expect(claude.input_tokens).toBe(Math.ceil(openai.input_tokens * 1.2));
    expect(longer.input_tokens).toBeGreaterThan(openai.input_tokens + 100);
    expect(under.upstream.requests).toHaveLength(0);

    const response = await client.messages.countTokens({ model: 'claude-sonnet-4-5', ...params }).asResponse();
    expect(response.headers.get('x-switchyard-token-count')).toBe('estimate: o200k x 1.2 (claude)');
    const unknown = await client.messages.countTokens({ model: 'acme/model', ...params }).catch((thrown: unknown) => thrown);
    expect(unknown).toBeInstanceOf(Anthropic.NotFoundError);
  });
});

describe('the Messages door’s errors', () => {
  it('a body Anthropic would refuse is a BadRequestError naming the field, in Anthropic’s shape', async () => {
    const error = await client.messages.create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }] } as unknown as Anthropic.MessageCreateParamsNonStreaming).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    expect((error as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: 'max_tokens: Field required' } });
    expect(under.upstream.requests).toHaveLength(0);
  });

  it('a wrong key is an AuthenticationError, and no key a 401 too, in Anthropic’s shape', async () => {
    const stranger = new Anthropic({ baseURL: under.gateway.baseURL.replace(/\/v1$/, ''), apiKey: 'sy-wrong-key', maxRetries: 0 });
    const error = await stranger.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    // The SDK will not send a request without a key: plain HTTP, as any client may.
    const anonymous = await fetch(`${under.gateway.baseURL}/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
    expect(under.upstream.requests).toHaveLength(0);
  });

  it('HEAD / on the base URL, which clients may check first, is a 200 with the key and a 401 without', async () => {
    const base = under.gateway.baseURL.replace(/\/v1$/, '');
    expect((await fetch(`${base}/`, { method: 'HEAD', headers: { 'x-api-key': GATEWAY_KEY } })).status).toBe(200);
    expect((await fetch(`${base}/`, { method: 'HEAD' })).status).toBe(401);
  });

  it('a body over the limit is a 413 request_too_large in Anthropic’s shape', async () => {
    const response = await fetch(`${under.gateway.baseURL}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': GATEWAY_KEY },
      body: JSON.stringify({ model: 'claude-sonnet-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'x'.repeat(MAX_REQUEST_BYTES) }] }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'request_too_large' } });
  });

  it('an unknown model is a NotFoundError', async () => {
    const error = await client.messages.create({ model: 'acme/model', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Anthropic.NotFoundError);
    expect((error as InstanceType<typeof Anthropic.NotFoundError>).error).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });

  it('a provider’s overload is a 529 overloaded_error the SDK knows', async () => {
    under.upstream.reply(() => ({ status: 529, json: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }));
    const error = await client.messages
      .create({ model: 'claude-opus-4-1', max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }] }, { headers: { 'x-switchyard-max-latency-ms': '2000' } })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
  });
});
