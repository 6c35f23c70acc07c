import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../functions/core/stream-event.ts';
import { anthropicAdapter } from '../../../functions/providers/anthropic/anthropic-adapter.ts';
import { readRecordedJson } from '../../support/recorded.ts';

const context = { model: 'requested-model', now: 1_700_000_000 };
const parse = (body: unknown): StreamEvent[] => anthropicAdapter.parseChatResponse(body, context);
const recorded = (name: string) => parse(readRecordedJson('anthropic', name));

describe('parseChatResponse: recorded Anthropic responses', () => {
  it('text: one text event, stop, usage with cache fields', () => {
    expect(recorded('anthropic-text')).toEqual([
      { type: 'start', id: 'msg_01VdEjxAP5ahtHKrrRdNBteQ', model: 'claude-sonnet-4-5-20250929', created: 1_700_000_000 },
      {
        type: 'text',
        choice: 0,
        delta: "Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?",
      },
      { type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'end_turn' } },
      { type: 'usage', usage: { inputTokens: 12, outputTokens: 29, cachedInputTokens: 0, cacheWriteInputTokens: 0 } },
    ]);
  });

  it('tool-no-args: text then a tool call whose arguments are {}', () => {
    const events = recorded('anthropic-tool-no-args');
    expect(events.map((event) => event.type)).toEqual([
      'start',
      'text',
      'tool-call-start',
      'tool-call-args',
      'finish',
      'usage',
    ]);
    expect(events[1]).toMatchObject({ type: 'text', choice: 0 });
    expect(events[1]?.type === 'text' && events[1].delta.endsWith('Okay, I will update the current issue list:')).toBe(true);
    expect(events.slice(2)).toEqual([
      { type: 'tool-call-start', choice: 0, index: 0, id: 'toolu_01LRmxn9vGM1d2DZSDBowdZ1', name: 'updateIssueList' },
      { type: 'tool-call-args', choice: 0, index: 0, delta: '{}' },
      { type: 'finish', choice: 0, reason: { unified: 'tool_calls', raw: 'tool_use' } },
      { type: 'usage', usage: { inputTokens: 602, outputTokens: 93, cachedInputTokens: 0, cacheWriteInputTokens: 0 } },
    ]);
  });

  it('json-tool: the tool input becomes the arguments JSON', () => {
    const events = recorded('anthropic-json-tool.1');
    expect(events[1]).toEqual({
      type: 'tool-call-start',
      choice: 0,
      index: 0,
      id: 'toolu_01Q9ExVZnzZj7E2QQYHYtNUa',
      name: 'json',
    });
    const args = events[2]?.type === 'tool-call-args' ? events[2].delta : '';
    expect(JSON.parse(args)).toEqual({
      elements: [
        { location: 'San Francisco', temperature: -5, condition: 'snowy' },
        { location: 'London', temperature: 0, condition: 'snowy' },
        { location: 'Paris', temperature: 23, condition: 'cloudy' },
        { location: 'Berlin', temperature: -9, condition: 'snowy' },
      ],
    });
    expect(events.slice(3)).toEqual([
      { type: 'finish', choice: 0, reason: { unified: 'tool_calls', raw: 'tool_use' } },
      { type: 'usage', usage: { inputTokens: 1151, outputTokens: 87, cachedInputTokens: 0, cacheWriteInputTokens: 0 } },
    ]);
  });

  it('refusal: no content, finish content_filter', () => {
    expect(recorded('anthropic-refusal')).toEqual([
      { type: 'start', id: 'msg_01RefusalExampleAbcdefghijk', model: 'claude-fable-5', created: 1_700_000_000 },
      { type: 'finish', choice: 0, reason: { unified: 'content_filter', raw: 'refusal' } },
      { type: 'usage', usage: { inputTokens: 18, outputTokens: 5, cachedInputTokens: 0, cacheWriteInputTokens: 0 } },
    ]);
  });

  it('compaction: the compaction summary block is skipped, the answer text kept', () => {
    const body = readRecordedJson('anthropic', 'anthropic-compaction.1') as { content: Array<{ type: string; text?: string }> };
    const answer = body.content[1]?.text;
    expect(answer).toMatch(/^Based on our conversation history/);
    expect(recorded('anthropic-compaction.1')).toEqual([
      { type: 'start', id: 'msg_01D55QDk6AZP2o6n9ko7TkDJ', model: 'claude-opus-4-6', created: 1_700_000_000 },
      { type: 'text', choice: 0, delta: answer },
      { type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'end_turn' } },
      { type: 'usage', usage: { inputTokens: 682, outputTokens: 1320, cachedInputTokens: 0, cacheWriteInputTokens: 0 } },
    ]);
  });
});

describe('parseChatResponse: block types and usage', () => {
  const message = (content: unknown[], extra: Record<string, unknown> = {}) => ({
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-x',
    content,
    stop_reason: 'end_turn',
    usage: { input_tokens: 10, output_tokens: 5 },
    ...extra,
  });

  it('thinking -> reasoning and its signature, redacted thinking kept, server tool blocks skipped, tool calls numbered among themselves', () => {
    const events = parse(
      message(
        [
          { type: 'thinking', thinking: 'Let me think.', signature: 'sig' },
          { type: 'redacted_thinking', data: 'opaque' },
          { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } },
          { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
          { type: 'text', text: 'Checking two things.' },
          { type: 'tool_use', id: 'toolu_a', name: 'first', input: { a: 1 } },
          { type: 'text', text: '' },
          { type: 'tool_use', id: 'toolu_b', name: 'second', input: { b: [true] } },
        ],
        { stop_reason: 'tool_use' },
      ),
    );
    expect(events.slice(1, -2)).toEqual([
      { type: 'reasoning', choice: 0, delta: 'Let me think.' },
      { type: 'reasoning-signature', choice: 0, signature: { issuer: 'claude', value: 'sig' } },
      { type: 'redacted-reasoning', choice: 0, data: 'opaque', issuer: 'claude' },
      { type: 'text', choice: 0, delta: 'Checking two things.' },
      { type: 'tool-call-start', choice: 0, index: 0, id: 'toolu_a', name: 'first' },
      { type: 'tool-call-args', choice: 0, index: 0, delta: '{"a":1}' },
      { type: 'tool-call-start', choice: 0, index: 1, id: 'toolu_b', name: 'second' },
      { type: 'tool-call-args', choice: 0, index: 1, delta: '{"b":[true]}' },
    ]);
  });

  it('thinking whose text was omitted is its signature alone; an empty signature or redacted data is nothing', () => {
    const events = parse(
      message([
        { type: 'thinking', thinking: '', signature: 'EoMBsig' },
        { type: 'thinking', thinking: 'unsigned', signature: '' },
        { type: 'redacted_thinking', data: '' },
        { type: 'text', text: 'Done.' },
      ]),
    );
    expect(events.slice(1, -2)).toEqual([
      { type: 'reasoning-signature', choice: 0, signature: { issuer: 'claude', value: 'EoMBsig' } },
      { type: 'reasoning', choice: 0, delta: 'unsigned' },
      { type: 'text', choice: 0, delta: 'Done.' },
    ]);
  });

  it('adds cache reads and writes to the input tokens', () => {
    const events = parse(
      message([{ type: 'text', text: 'hi' }], {
        usage: { input_tokens: 7, cache_read_input_tokens: 100, cache_creation_input_tokens: 20, output_tokens: 3 },
      }),
    );
    expect(events.at(-1)).toEqual({
      type: 'usage',
      usage: { inputTokens: 127, cachedInputTokens: 100, cacheWriteInputTokens: 20, outputTokens: 3 },
    });
  });

  it('uses the requested model when the body names none', () => {
    const body: Record<string, unknown> = message([]);
    delete body.model;
    expect(parse(body)[0]).toEqual({ type: 'start', id: 'msg_1', model: 'requested-model', created: 1_700_000_000 });
  });

  it.each([
    ['max_tokens', 'length'],
    ['model_context_window_exceeded', 'length'],
    ['stop_sequence', 'stop'],
    ['pause_turn', 'stop'],
    ['something_new', 'stop'],
  ])('stop_reason %s -> %s, raw kept', (raw, unified) => {
    expect(parse(message([], { stop_reason: raw })).at(-2)).toEqual({ type: 'finish', choice: 0, reason: { unified, raw } });
  });

  it('the stop sequence that matched goes with the finish; none when null', () => {
    expect(parse(message([], { stop_reason: 'stop_sequence', stop_sequence: '###' })).at(-2)).toEqual({
      type: 'finish',
      choice: 0,
      reason: { unified: 'stop', raw: 'stop_sequence', stopSequence: '###' },
    });
    expect(parse(message([], { stop_reason: 'end_turn', stop_sequence: null })).at(-2)).toEqual({ type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'end_turn' } });
  });

  it('a body that is not a Message is an upstream_bad_response error', () => {
    const [event, ...rest] = parse({ hello: 'world' });
    expect(rest).toEqual([]);
    expect(event?.type).toBe('error');
    if (event?.type !== 'error') return;
    expect(event.error.status).toBe(502);
    expect(event.error.code).toBe('upstream_bad_response');
  });

  it('an error body answered with 200 keeps its error type', () => {
    const [event] = parse({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    expect(event?.type === 'error' && event.error.status).toBe(503);
  });
});
