import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../functions/core/stream-event.ts';
import { parseOpenAICompatibleResponse } from '../../../functions/providers/openai-compatible/parse-openai-compatible-response.ts';
import { createOpenAICompatibleStreamTranslator } from '../../../functions/providers/openai-compatible/parse-openai-compatible-stream.ts';
import type { EventSourceMessage } from 'eventsource-parser';
import { OPENAI_COMPATIBLE_STREAMS, readRecordedJson, readRecordedLines, recordedMessages, translateStream } from '../../support/recorded.ts';

const context = { model: 'requested-model', now: 1234 };
const parseStream = (messages: EventSourceMessage[], provider = 'openai') =>
  translateStream(createOpenAICompatibleStreamTranslator(context, provider), messages);
const textOf = (events: StreamEvent[], type: 'text' | 'reasoning') =>
  events.flatMap((event) => (event.type === type ? [event.delta] : [])).join('');

describe('the OpenAI-compatible stream translator on every recorded stream', () => {
  it.each(OPENAI_COMPATIBLE_STREAMS)('%s %s: text and reasoning add up to the recording, one finish, usage last', async (provider, name) => {
    const events = parseStream(recordedMessages(provider, name), provider);
    const chunks = readRecordedLines(provider, name).map(
      (line) =>
        JSON.parse(line) as {
          id: string;
          choices: Array<{ delta?: { content?: string | null; reasoning_content?: string | null }; finish_reason?: string | null }>;
          usage?: { prompt_tokens: number; completion_tokens: number } | null;
        },
    );
    expect(events[0]).toMatchObject({ type: 'start', id: chunks[0]!.id });
    expect(textOf(events, 'text')).toBe(chunks.map((chunk) => chunk.choices[0]?.delta?.content ?? '').join(''));
    expect(textOf(events, 'reasoning')).toBe(chunks.map((chunk) => chunk.choices[0]?.delta?.reasoning_content ?? '').join(''));
    const finishes = events.filter((event) => event.type === 'finish');
    expect(finishes).toHaveLength(1);
    expect(finishes[0]).toMatchObject({ reason: { raw: chunks.find((chunk) => chunk.choices[0]?.finish_reason)!.choices[0]!.finish_reason } });
    const usage = chunks.findLast((chunk) => chunk.usage)!.usage!;
    expect(events.findLast((event) => event.type === 'usage')).toMatchObject({
      usage: { inputTokens: usage.prompt_tokens, outputTokens: usage.completion_tokens },
    });
    expect(events.some((event) => event.type === 'error')).toBe(false);
  });

  it('numbers Mistral tool calls that carry no index', async () => {
    const events = parseStream(recordedMessages('mistral', 'mistral-tool-call'), 'mistral');
    expect(events.filter((event) => event.type.startsWith('tool-call'))).toEqual([
      { type: 'tool-call-start', choice: 0, index: 0, id: 'gSIMJiOkT', name: 'weather' },
      { type: 'tool-call-args', choice: 0, index: 0, delta: '{"location": "San Francisco"}' },
    ]);
  });

  it('keeps fragments of parallel calls apart by their upstream index', async () => {
    const chunk = (toolCalls: unknown[]) => ({ data: JSON.stringify({ id: 'c', choices: [{ index: 0, delta: { tool_calls: toolCalls } }] }) });
    const events = parseStream(
      [
        chunk([{ index: 0, id: 'a', function: { name: 'f', arguments: '' } }]),
        chunk([{ index: 1, id: 'b', function: { name: 'g', arguments: '{"y"' } }]),
        chunk([{ index: 0, function: { arguments: '{"x":1}' } }]),
        chunk([{ index: 1, function: { arguments: ':2}' } }]),
        { data: '[DONE]' },
      ],
    );
    expect(events.filter((event) => event.type === 'tool-call-args')).toEqual([
      { type: 'tool-call-args', choice: 0, index: 1, delta: '{"y"' },
      { type: 'tool-call-args', choice: 0, index: 0, delta: '{"x":1}' },
      { type: 'tool-call-args', choice: 0, index: 1, delta: ':2}' },
    ]);
  });

  it('tells apart calls that reuse an index but carry a new id', () => {
    const chunk = (toolCalls: unknown[]) => ({ data: JSON.stringify({ id: 'c', choices: [{ index: 0, delta: { tool_calls: toolCalls } }] }) });
    const events = parseStream([
      chunk([{ index: 0, id: 'a', function: { name: 'f', arguments: '{"a":1}' } }]),
      chunk([{ index: 0, id: 'b', function: { name: 'g', arguments: '{"b":2}' } }]),
      { data: '[DONE]' },
    ]);
    expect(events.filter((event) => event.type === 'tool-call-start').map((event) => [event.index, event.id, event.name])).toEqual([
      [0, 'a', 'f'],
      [1, 'b', 'g'],
    ]);
  });

  it('reads `reasoning` as reasoning text, as some compatible hosts name it', async () => {
    const events = parseStream([{ data: JSON.stringify({ id: 'c', choices: [{ index: 0, delta: { reasoning: 'think' } }] }) }, { data: '[DONE]' }]);
    expect(textOf(events, 'reasoning')).toBe('think');
  });

  it('reports a stream that ends without [DONE] as cut short', async () => {
    const messages = recordedMessages('openai', 'openai-text').slice(0, -1);
    const events = parseStream(messages);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { status: 502, code: 'upstream_stream_incomplete' } });
  });

  it('reports an error object sent mid-stream', async () => {
    const events = parseStream(
      [
        { data: JSON.stringify({ id: 'c', choices: [{ index: 0, delta: { content: 'a' } }] }) },
        { data: JSON.stringify({ error: { message: 'The server had an error', type: 'server_error', code: null } }) },
      ],
    );
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { status: 502, message: expect.stringContaining('The server had an error') } });
  });
});

describe('parseOpenAICompatibleResponse on every recorded body', () => {
  it.each(OPENAI_COMPATIBLE_STREAMS.map(([provider, name]) => [provider, name] as const))('%s %s', (provider, name) => {
    const body = readRecordedJson(provider, name) as {
      id: string;
      choices: Array<{ message: { content?: string | null; reasoning_content?: string; tool_calls?: Array<{ id: string }> | null }; finish_reason: string }>;
      usage: { prompt_tokens: number; completion_tokens: number };
    };
    const events = parseOpenAICompatibleResponse(body, context, provider);
    const message = body.choices[0]!.message;
    expect(events[0]).toMatchObject({ type: 'start', id: body.id });
    expect(textOf(events, 'text')).toBe(message.content ?? '');
    expect(textOf(events, 'reasoning')).toBe(message.reasoning_content ?? '');
    expect(events.filter((event) => event.type === 'tool-call-start').map((event) => (event as { id: string }).id)).toEqual(
      (message.tool_calls ?? []).map((call) => call.id),
    );
    expect(events).toContainEqual({ type: 'finish', choice: 0, reason: expect.objectContaining({ raw: body.choices[0]!.finish_reason }) });
    expect(events.at(-1)).toMatchObject({ type: 'usage', usage: { inputTokens: body.usage.prompt_tokens, outputTokens: body.usage.completion_tokens } });
  });
});
