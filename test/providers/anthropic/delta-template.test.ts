/**
 * Anthropic's deltas read from a template of the one before (delta-template.ts): held to the
 * events the translator gives when every event is parsed whole, on every recorded stream, and
 * shown to parse a block's deltas no more.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAnthropicStreamTranslator } from '../../../functions/providers/anthropic/parse-anthropic-stream.ts';
import { recordedMessages, translateStream } from '../../support/recorded.ts';

const RECORDED = ['anthropic-text', 'anthropic-refusal', 'anthropic-tool-no-args', 'anthropic-json-tool.1', 'anthropic-clear-thinking.1', 'anthropic-compaction.1'];
const translate = (messages: EventSourceMessage[]) => translateStream(createAnthropicStreamTranslator({ model: 'claude-haiku-4-5', now: 1 }), messages);

/** Each event with a field of its own that the translator does not read: no two alike, so each is parsed whole. */
const eachParsed = (messages: EventSourceMessage[]): EventSourceMessage[] => messages.map((message, index) => ({ ...message, data: `{"x_event":${index},${message.data.slice(1)}` }));

const TEXTS = ['a "quoted" word', 'C:\\path\\', 'line\nbreak', '😀 é', '"},"index":1,"delta":{"type":"text_delta","text":"x'];

/** The stream with the text of each streamed delta replaced by `text(index)`. */
function withTexts(messages: EventSourceMessage[], text: (index: number) => string): EventSourceMessage[] {
  return messages.map((message, index) => {
    const event = JSON.parse(message.data) as { type: string; delta?: Record<string, unknown> };
    const field = { text_delta: 'text', thinking_delta: 'thinking', input_json_delta: 'partial_json' }[String(event.delta?.type)];
    if (event.type !== 'content_block_delta' || !field || typeof event.delta?.[field] !== 'string') return message;
    event.delta[field] = text(index);
    return { ...message, data: JSON.stringify(event) };
  });
}

const event = (data: Record<string, unknown>): EventSourceMessage => ({ event: String(data.type), data: JSON.stringify(data), id: undefined });
const delta = (index: number, delta: Record<string, unknown>) => event({ type: 'content_block_delta', index, delta });

afterEach(() => vi.restoreAllMocks());

describe("Anthropic's deltas read from a template", () => {
  it.each(RECORDED)('%s: the same events as when every event is parsed whole', (name) => {
    const messages = recordedMessages('anthropic', name);
    expect(translate(messages)).toEqual(translate(eachParsed(messages)));
  });

  it.each(RECORDED)('%s, its deltas full of quotes, backslashes and brackets: the same events as when parsed whole', (name) => {
    const messages = withTexts(recordedMessages('anthropic', name), (index) => TEXTS[index % TEXTS.length]!);
    expect(translate(messages)).toEqual(translate(eachParsed(messages)));
  });

  it('reads deltas as the blocks they belong to stand: one after its block stopped, or of a block of another kind, says nothing', () => {
    const messages = [
      event({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [], stop_reason: null, usage: { input_tokens: 3, output_tokens: 1 } } }),
      event({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
      delta(0, { type: 'thinking_delta', thinking: 'Let' }),
      delta(0, { type: 'thinking_delta', thinking: ' me' }),
      delta(0, { type: 'text_delta', text: 'not thinking' }),
      delta(0, { type: 'text_delta', text: 'nor this' }),
      event({ type: 'content_block_stop', index: 0 }),
      delta(0, { type: 'thinking_delta', thinking: 'after its stop' }),
      event({ type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'f', input: {} } }),
      delta(1, { type: 'input_json_delta', partial_json: '{"a":' }),
      delta(1, { type: 'input_json_delta', partial_json: '1}' }),
      event({ type: 'content_block_stop', index: 1 }),
      event({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 9 } }),
      event({ type: 'message_stop' }),
    ];
    const events = translate(messages);
    expect(events).toEqual(translate(eachParsed(messages)));
    expect(events.filter((each) => each.type === 'reasoning').map((each) => (each as { delta: string }).delta)).toEqual(['Let', ' me']);
    expect(events.filter((each) => each.type === 'text')).toEqual([]);
  });

  it('reads a delta whose data names no type by its event name, as parsed whole', () => {
    const untyped = (name: string, text: string): EventSourceMessage => ({ event: name, data: JSON.stringify({ index: 0, delta: { type: 'text_delta', text } }), id: undefined });
    const messages = [
      event({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [], stop_reason: null, usage: {} } }),
      event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      untyped('content_block_delta', 'a'),
      untyped('content_block_delta', 'b'),
      untyped('ping', 'c'),
      untyped('content_block_delta', 'd'),
    ];
    expect(translate(messages)).toEqual(translate(eachParsed(messages)));
    expect(translate(messages).filter((each) => each.type === 'text')).toHaveLength(3);
  });

  it('learns no more templates in a stream whose deltas never repeat their text, after two that read nothing', () => {
    const messages = eachParsed([
      event({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [], stop_reason: null, usage: {} } }),
      event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      ...Array.from({ length: 20 }, (_, i) => delta(0, { type: 'text_delta', text: `word ${i}` })),
    ]);
    const parse = vi.spyOn(JSON, 'parse');
    translate(messages);
    // A template is tried on a copy of its message with a probe string in its slot.
    const tries = parse.mock.calls.filter(([text]) => String(text).includes('probe')).length;
    expect(tries).toBeGreaterThan(0);
    expect(tries).toBeLessThanOrEqual(3);
  });

  it('reads the text JSON.parse reads when a delta names its text twice, the last one a string templates are tried with', () => {
    const twice = (first: string): EventSourceMessage => ({ event: 'content_block_delta', id: undefined, data: `{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"${first}","text":"switchyard\\n\\"probe\\""}}` });
    const messages = [
      event({ type: 'message_start', message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-haiku-4-5', content: [], stop_reason: null, usage: {} } }),
      event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      twice('A'),
      twice('B'),
      twice('C'),
    ];
    const events = translate(messages);
    expect(events).toEqual(translate(eachParsed(messages)));
    expect(events.filter((each) => each.type === 'text').map((each) => (each as { delta: string }).delta)).toEqual(Array(3).fill('switchyard\n"probe"'));
  });

  it("parses the text deltas of Anthropic's recorded stream no more once it has their template", () => {
    const messages = recordedMessages('anthropic', 'anthropic-text');
    const deltas = messages.filter((message) => message.event === 'content_block_delta');
    const parse = vi.spyOn(JSON, 'parse');
    translate(messages);
    const parsed = new Set(parse.mock.calls.map(([text]) => text));
    expect(deltas.length).toBeGreaterThan(3);
    // The first delta of its block, whose template reads the rest.
    expect(deltas.filter((message) => parsed.has(message.data))).toHaveLength(1);
  });
});
