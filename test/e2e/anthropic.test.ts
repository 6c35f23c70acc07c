/**
 * Anthropic Messages behind the OpenAI interface, end to end: the official SDK against `npm
 * start`'s server, a fake Anthropic replaying recorded responses in Anthropic's SSE framing.
 */
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { useGateway } from '../support/use-gateway.ts';
import { readRecordedJson, readRecordedLines, recordedSseBody } from '../support/recorded.ts';

const under = useGateway((url) => ({ ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: url }));

const weatherTool: OpenAI.ChatCompletionTool = {
  type: 'function',
  function: { name: 'weather', description: 'Weather by city', parameters: { type: 'object', properties: { location: { type: 'string' } } } },
};

async function collect(stream: AsyncIterable<OpenAI.ChatCompletionChunk>) {
  const chunks: OpenAI.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('Anthropic through the gateway', () => {
  it('translates a request with a system prompt, tools and a tool result into Messages, and the answer back', async () => {
    under.upstream.reply(() => ({ json: readRecordedJson('anthropic', 'anthropic-tool-no-args') }));
    const completion = await under.client.chat.completions.create({
      model: 'anthropic/claude-3-opus-20240229',
      messages: [
        { role: 'system', content: 'You track issues.' },
        { role: 'user', content: 'Update the list' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_prev', type: 'function', function: { name: 'weather', arguments: '{"location":"Paris"}' } }] },
        { role: 'tool', tool_call_id: 'toolu_prev', content: 'sunny' },
      ],
      tools: [weatherTool, { type: 'function', function: { name: 'updateIssueList' } }],
      parallel_tool_calls: false,
      temperature: 0.3,
      stop: ['END', '  '],
    });

    const message = completion.choices[0]!.message;
    expect(message.content).toMatch(/^<thinking>/);
    expect(message.tool_calls).toEqual([
      { id: 'toolu_01LRmxn9vGM1d2DZSDBowdZ1', type: 'function', function: { name: 'updateIssueList', arguments: '{}' } },
    ]);
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
    expect(completion.usage).toMatchObject({ prompt_tokens: 602, completion_tokens: 93, total_tokens: 695 });

    const sent = under.upstream.requests[0]!;
    expect(sent.url).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe('sk-ant-test-key');
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.json).toMatchObject({
      model: 'claude-3-opus-20240229',
      system: 'You track issues.',
      max_tokens: 4096,
      temperature: 0.3,
      stop_sequences: ['END'],
      tool_choice: { type: 'auto', disable_parallel_tool_use: true },
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Update the list' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_prev', name: 'weather', input: { location: 'Paris' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_prev', content: 'sunny' }] },
      ],
    });
    expect((sent.json.tools as unknown[])[0]).toEqual({
      name: 'weather',
      description: 'Weather by city',
      input_schema: { type: 'object', properties: { location: { type: 'string' } } },
    });
  });

  it('streams text with the role first, finish last, then usage and [DONE]', async () => {
    under.upstream.reply(() => ({ chunks: [recordedSseBody('anthropic', 'anthropic-text')] }));
    const chunks = await collect(
      await under.client.chat.completions.create({
        model: 'claude-sonnet-4-5',
        messages: [{ role: 'user', content: 'Hello, how are you?' }],
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    const recordedText = readRecordedLines('anthropic', 'anthropic-text')
      .map((line) => JSON.parse(line) as { delta?: { text?: string } })
      .map((event) => event.delta?.text ?? '')
      .join('');

    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(recordedText);
    expect(chunks.at(-2)!.choices[0]!.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 30, total_tokens: 42 } });
    expect(chunks[0]!.model).toBe('anthropic/claude-sonnet-4-5-20250929');
    // The alias's catalog entry supplies Anthropic's required max_tokens.
    expect(under.upstream.requests[0]!.json).toMatchObject({ model: 'claude-sonnet-4-5', stream: true, max_tokens: 64000 });
  });

  it('streams a tool call with no arguments as {} and finishes with tool_calls', async () => {
    under.upstream.reply(() => ({ chunks: [recordedSseBody('anthropic', 'anthropic-tool-no-args')] }));
    const completion = await under.client.chat.completions
      .stream({ model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user', content: 'update' }], tools: [weatherTool] })
      .finalChatCompletion();
    expect(completion.choices[0]!.message.content).toBe("I'll update the issue list for you.");
    expect(completion.choices[0]!.message.tool_calls).toMatchObject([
      { id: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', type: 'function', function: { name: 'updateIssueList', arguments: '{}' } },
    ]);
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('maps a refusal to content_filter', async () => {
    under.upstream.reply(() => ({ chunks: [recordedSseBody('anthropic', 'anthropic-refusal')] }));
    const chunks = await collect(
      await under.client.chat.completions.create({ model: 'anthropic/claude-fable-5', messages: [{ role: 'user', content: 'x' }], max_tokens: 100, stream: true }),
    );
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('content_filter');
  });

  it('ends a stream cut before message_stop with an error the SDK raises, not a normal finish', async () => {
    const lines = recordedSseBody('anthropic', 'anthropic-text').split('\n\n').filter(Boolean);
    under.upstream.reply(() => ({ chunks: lines.slice(0, -1).map((frame) => `${frame}\n\n`), destroyAfter: true }));
    const stream = await under.client.chat.completions.create({ model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const seen: OpenAI.ChatCompletionChunk[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) seen.push(chunk);
      })(),
    ).rejects.toThrow(/anthropic/);
    expect(seen.some((chunk) => chunk.choices[0]?.finish_reason)).toBe(false);
  });

  it('turns an overloaded error event mid-stream into an SSE error', async () => {
    const frames = recordedSseBody('anthropic', 'anthropic-text').split('\n\n').filter(Boolean).slice(0, 4);
    const overloaded = `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })}\n\n`;
    under.upstream.reply(() => ({ chunks: [...frames.map((frame) => `${frame}\n\n`), overloaded] }));
    const stream = await under.client.chat.completions.create({ model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const failure = await (async () => {
      try {
        for await (const _chunk of stream);
      } catch (error) {
        return error;
      }
    })();
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).message).toMatch(/Overloaded/);
  });

  it('answers an error the provider streams before any content as a plain HTTP error the SDK can retry', async () => {
    const start = recordedSseBody('anthropic', 'anthropic-text').split('\n\n')[0];
    const overloaded = `event: error\ndata: ${JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })}\n\n`;
    under.upstream.reply(() => ({ chunks: [`${start}\n\n`, overloaded] }));
    const failure = await under.client.chat.completions
      .create({ model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user', content: 'hi' }], stream: true })
      .then(() => undefined, (error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.APIError);
    expect((failure as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
  });
});
