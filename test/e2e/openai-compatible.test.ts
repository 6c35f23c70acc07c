/**
 * OpenAI and the OpenAI-compatible providers through `npm start`'s server, with the official
 * `openai` SDK as the client and recorded provider responses replayed by a fake upstream.
 */
import OpenAI from 'openai';
import { describe, expect, it, vi } from 'vitest';
import { useGateway } from '../support/use-gateway.ts';
import { readRecordedJson, readRecordedLines, recordedSseBody, type RecordedProvider } from '../support/recorded.ts';

const under = useGateway((url) => ({
  OPENAI_API_KEY: 'sk-openai-test-key',
  OPENAI_BASE_URL: `${url}/openai/v1`,
  DEEPSEEK_API_KEY: 'sk-deepseek-test-key',
  DEEPSEEK_BASE_URL: `${url}/deepseek`,
  MISTRAL_API_KEY: 'mistral-test-key',
  MISTRAL_BASE_URL: `${url}/mistral/v1`,
  GROQ_API_KEY: 'gsk_groq_test_key',
  GROQ_BASE_URL: `${url}/groq/openai/v1`,
  XAI_API_KEY: 'xai-test-key',
  XAI_BASE_URL: `${url}/xai/v1`,
}));

const replayJson = (provider: RecordedProvider, name: string) => under.upstream.reply(() => ({ json: readRecordedJson(provider, name) }));
const replayStream = (provider: RecordedProvider, name: string) =>
  under.upstream.reply(() => ({ chunks: [recordedSseBody(provider, name)] }));

/** What the recorded stream's deltas add up to, computed from the recording itself. */
function recordedDeltas(provider: RecordedProvider, name: string, field: 'content' | 'reasoning_content'): string {
  return readRecordedLines(provider, name)
    .map((line) => JSON.parse(line) as { choices: Array<{ delta?: Record<string, string | null> }> })
    .map((chunk) => chunk.choices[0]?.delta?.[field] ?? '')
    .join('');
}

/** The gateway's `request` log line for one request, once written (a stream's when it ends). */
function requestLine(requestId: string | null): Record<string, unknown> | undefined {
  const lines = under.gateway.output().split('\n').filter((line) => line.includes('"message":"request"'));
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.requestId === requestId);
}

const onlyRequest = () => {
  expect(under.upstream.requests).toHaveLength(1);
  return under.upstream.requests[0]!;
};

describe('OpenAI', () => {
  it('answers a non-streaming request with the recorded completion, and says what served it', async () => {
    replayJson('openai', 'openai-text');
    const recorded = readRecordedJson('openai', 'openai-text') as {
      choices: Array<{ message: { content: string } }>;
      usage: { prompt_tokens: number; completion_tokens: number };
    };

    const { data, response } = await under.client.chat.completions
      .create({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'Invent a holiday' }], seed: 7 })
      .withResponse();

    expect(data.object).toBe('chat.completion');
    expect(data.model).toBe('openai/gpt-4.1-nano-2025-04-14');
    expect(data.choices[0]?.message.content).toBe(recorded.choices[0]?.message.content);
    expect(data.choices[0]?.finish_reason).toBe('stop');
    expect(data.usage?.prompt_tokens).toBe(recorded.usage.prompt_tokens);
    expect(data.usage?.completion_tokens).toBe(recorded.usage.completion_tokens);
    expect(response.headers.get('x-switchyard-provider')).toBe('openai');
    expect(response.headers.get('x-switchyard-model')).toBe('gpt-4.1-nano');
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);

    const sent = onlyRequest();
    expect(sent.url).toBe('/openai/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-openai-test-key');
    expect(sent.json).toEqual({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'Invent a holiday' }], seed: 7 });
  });

  it('streams the recorded chunks as OpenAI does, with usage when asked', async () => {
    replayStream('openai', 'openai-text');
    const stream = await under.client.chat.completions.create({
      model: 'openai/gpt-4.1-nano',
      messages: [{ role: 'user', content: 'Invent a holiday' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(recordedDeltas('openai', 'openai-text', 'content'));
    const finish = chunks.filter((chunk) => chunk.choices[0]?.finish_reason);
    expect(finish.map((chunk) => chunk.choices[0]?.finish_reason)).toEqual(['stop']);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 16, completion_tokens: 300, total_tokens: 316 });
    expect(new Set(chunks.map((chunk) => chunk.id))).toEqual(new Set(['chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0']));

    expect(onlyRequest().json).toMatchObject({ model: 'gpt-4.1-nano', stream: true, stream_options: { include_usage: true } });
  });

  it('passes the stream on as OpenAI sent it when the client asked for usage, each chunk named provider/model, and counts its usage', async () => {
    replayStream('openai', 'openai-text');
    const response = await fetch(`${under.gateway.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4.1-nano', messages: [{ role: 'user', content: 'Invent a holiday' }], stream: true, stream_options: { include_usage: true } }),
    });
    expect(response.headers.get('x-switchyard-provider')).toBe('openai');
    const named = (line: string) => line.replace('"model":"gpt-4.1-nano-2025-04-14"', '"model":"openai/gpt-4.1-nano-2025-04-14"');
    const sent = readRecordedLines('openai', 'openai-text').map((line) => `data: ${named(line)}\n\n`).join('') + 'data: [DONE]\n\n';
    expect(await response.text()).toBe(sent);

    const requestId = response.headers.get('x-request-id');
    await vi.waitFor(() => expect(requestLine(requestId)).toMatchObject({ status: 200, provider: 'openai', inputTokens: 16, outputTokens: 300 }), { timeout: 5_000 });
  });

  it('names every chunk provider/model, passed on or translated', async () => {
    for (const includeUsage of [true, false]) {
      replayStream('openai', 'openai-text');
      const stream = await under.client.chat.completions.create({
        model: 'gpt-4.1-nano',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
        ...(includeUsage && { stream_options: { include_usage: true } }),
      });
      const models = new Set<string>();
      for await (const chunk of stream) models.add(chunk.model);
      expect([...models]).toEqual(['openai/gpt-4.1-nano-2025-04-14']);
    }
  });

  it('asks upstream for usage even when the client did not, and sends the client none', async () => {
    replayStream('openai', 'openai-text');
    const stream = await under.client.chat.completions.create({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks.some((chunk) => chunk.usage)).toBe(false);
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('stop');
    expect(onlyRequest().json.stream_options).toEqual({ include_usage: true });
  });

  it('assembles into the same completion with the SDK stream helper', async () => {
    replayStream('openai', 'openai-text');
    const completion = await under.client.chat.completions
      .stream({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'hi' }] })
      .finalChatCompletion();
    expect(completion.choices[0]?.message.content).toBe(recordedDeltas('openai', 'openai-text', 'content'));
    expect(completion.choices[0]?.finish_reason).toBe('stop');
  });
});

describe('DeepSeek', () => {
  it('streams reasoning as reasoning_content, and renames max_completion_tokens for a max_tokens-only API', async () => {
    replayStream('deepseek', 'deepseek-reasoning');
    const stream = await under.client.chat.completions.create({
      model: 'deepseek/deepseek-reasoner',
      messages: [{ role: 'user', content: "How many r's in strawberry?" }],
      max_completion_tokens: 500,
      stream: true,
      stream_options: { include_usage: true },
    });
    let reasoning = '';
    let content = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as { content?: string | null; reasoning_content?: string } | undefined;
      reasoning += delta?.reasoning_content ?? '';
      content += delta?.content ?? '';
      usage = chunk.usage ?? usage;
    }
    expect(reasoning).toBe(recordedDeltas('deepseek', 'deepseek-reasoning', 'reasoning_content'));
    expect(content).toBe(recordedDeltas('deepseek', 'deepseek-reasoning', 'content'));
    expect(usage?.completion_tokens_details?.reasoning_tokens).toBe(205);

    const sent = onlyRequest();
    expect(sent.url).toBe('/deepseek/chat/completions');
    expect(sent.json.max_tokens).toBe(500);
    expect(sent.json).not.toHaveProperty('max_completion_tokens');
  });

  it('returns reasoning_content in a non-streaming answer', async () => {
    replayJson('deepseek', 'deepseek-reasoning');
    const completion = await under.client.chat.completions.create({ model: 'deepseek-reasoner', messages: [{ role: 'user', content: 'r?' }] });
    const message = completion.choices[0]?.message as { content: string; reasoning_content?: string };
    expect(message.reasoning_content).toMatch(/^We are asked/);
    expect(message.content).toMatch(/three instances/);
    expect(completion.usage?.completion_tokens_details?.reasoning_tokens).toBe(315);
  });
});

describe('Mistral', () => {
  it('gives tool-call deltas an index, and speaks Mistral on the way up', async () => {
    replayStream('mistral', 'mistral-tool-call');
    const tools: OpenAI.ChatCompletionTool[] = [
      { type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } },
    ];
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    const stream = await under.client.chat.completions.create({
      model: 'mistral/mistral-small-latest',
      messages: [{ role: 'user', content: 'Weather in SF?' }],
      tools,
      tool_choice: 'required',
      seed: 42,
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const chunk of stream) chunks.push(chunk);

    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls[0]).toMatchObject({ index: 0, id: 'gSIMJiOkT', type: 'function', function: { name: 'weather' } });
    expect(calls.map((call) => call.function?.arguments ?? '').join('')).toBe('{"location": "San Francisco"}');
    expect(calls.every((call) => call.index === 0)).toBe(true);
    expect(chunks.find((chunk) => chunk.choices[0]?.finish_reason)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 124, completion_tokens: 22 });

    const sent = onlyRequest();
    expect(sent.json).toMatchObject({ model: 'mistral-small-latest', random_seed: 42, tool_choice: 'any', stream: true });
    expect(sent.json).not.toHaveProperty('seed');
    expect(sent.json).not.toHaveProperty('stream_options');
  });
});

describe('Groq', () => {
  it('splits usage sent on the last content chunk into a usage chunk of its own', async () => {
    replayStream('groq', 'groq-tool-call');
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    const stream = await under.client.chat.completions.create({
      model: 'groq/llama-3.3-70b-versatile',
      messages: [{ role: 'user', content: 'weather' }],
      tools: [{ type: 'function', function: { name: 'weather' } }],
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const chunk of stream) chunks.push(chunk);

    const finishChunk = chunks.find((chunk) => chunk.choices[0]?.finish_reason);
    expect(finishChunk?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(finishChunk?.usage ?? null).toBeNull();
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 210, completion_tokens: 15, total_tokens: 225 } });
    const fragments = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(fragments[0]).toMatchObject({ index: 0, id: 'tk85n1k4m', type: 'function', function: { name: 'weather' } });
    expect(fragments.map((fragment) => fragment.function?.arguments ?? '').join('')).toBe('{}');
  });
});

describe('xAI', () => {
  it('maps cached and reasoning token counts', async () => {
    replayStream('xai', 'xai-text');
    let usage: OpenAI.CompletionUsage | undefined;
    let reasoning = '';
    const stream = await under.client.chat.completions.create({
      model: 'xai/grok-3-mini',
      messages: [{ role: 'user', content: 'Say a single word.' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const chunk of stream) {
      usage = chunk.usage ?? usage;
      reasoning += (chunk.choices[0]?.delta as { reasoning_content?: string } | undefined)?.reasoning_content ?? '';
    }
    expect(reasoning).toBe('First, the user said');
    expect(usage).toMatchObject({
      prompt_tokens: 12,
      prompt_tokens_details: { cached_tokens: 11 },
      completion_tokens_details: { reasoning_tokens: 290 },
    });
  });
});

describe('GET /v1/models', () => {
  it("lists the configured providers' catalog models and aliases in OpenAI's shape", async () => {
    const models = await under.client.models.list();
    const ids = models.data.map((model) => model.id);
    expect(ids).toEqual(expect.arrayContaining(['openai/gpt-4o', 'gpt-4o', 'deepseek/deepseek-reasoner', 'groq/llama-3.3-70b-versatile']));
    // Anthropic, Gemini and Together have no key in this gateway.
    expect(ids.some((id) => id.startsWith('anthropic/') || id.startsWith('gemini/') || id.startsWith('together/'))).toBe(false);
    expect(models.data.find((model) => model.id === 'gpt-4o')).toEqual({ id: 'gpt-4o', object: 'model', created: 1715558400, owned_by: 'openai' });
    expect(await under.client.models.retrieve('openai/gpt-4o')).toMatchObject({ id: 'openai/gpt-4o', owned_by: 'openai' });
    // A model served by several providers is listed by its own name while one of them is configured.
    expect(await under.client.models.retrieve('llama-3.3-70b')).toEqual({ id: 'llama-3.3-70b', object: 'model', created: 1733443200, owned_by: 'groq' });
    expect(ids).not.toContain('claude-haiku-4-5');
  });

  it('said once at start-up that it is open, and which providers are unconfigured', () => {
    const output = under.gateway.output();
    expect(output.match(/The gateway is open/g)).toHaveLength(1);
    expect(output).toMatch(/provider anthropic: unconfigured \(set ANTHROPIC_API_KEY\)/);
  });
});
