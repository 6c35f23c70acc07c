/**
 * The OpenAI-compatible stream translator reads the chunks that only add text from a template of
 * the one before (core/string-slot-template.ts): held to the events it gives when every chunk is
 * parsed whole, on every recorded stream, and shown to parse them no more.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { adapterFor } from '../../../functions/providers/adapter-for.ts';
import { findProvider } from '../../../functions/providers/provider-registry.ts';
import { OPENAI_COMPATIBLE_STREAMS, recordedMessages, translateStream } from '../../support/recorded.ts';

const context = { model: 'gpt-4o-mini', now: 1 };
const translate = (provider: string, messages: EventSourceMessage[]) => translateStream(adapterFor(findProvider(provider)!).createStreamTranslator(context), messages);

/** Each chunk with a field of its own that the translator does not read: no two alike, so each is parsed whole. */
const eachParsed = (messages: EventSourceMessage[]): EventSourceMessage[] =>
  messages.map((message, index) => (message.data.startsWith('{') ? { ...message, data: `{"x_chunk":${index},${message.data.slice(1)}` } : message));

/** A recorded stream's chunks, the text of each one that has text replaced by `text(index)`. */
function withTexts(messages: EventSourceMessage[], text: (index: number) => string): EventSourceMessage[] {
  return messages.map((message, index) => {
    if (!message.data.startsWith('{')) return message;
    const chunk = JSON.parse(message.data) as { choices?: Array<{ delta?: { content?: unknown } }> };
    const delta = chunk.choices?.[0]?.delta;
    if (typeof delta?.content !== 'string' || delta.content === '') return message;
    delta.content = text(index);
    return { ...message, data: JSON.stringify(chunk) };
  });
}

const TEXTS = ['a "quoted" word', 'C:\\path\\', 'line\nbreak', '😀 é', '"},{"index":1,"delta":{"content":"x'];

afterEach(() => vi.restoreAllMocks());

describe('text chunks read from a template', () => {
  it.each(OPENAI_COMPATIBLE_STREAMS)('%s %s: the same events as when every chunk is parsed whole', (provider, name) => {
    const messages = recordedMessages(provider, name);
    expect(translate(provider, messages)).toEqual(translate(provider, eachParsed(messages)));
  });

  it.each(OPENAI_COMPATIBLE_STREAMS)('%s %s, its texts full of quotes, backslashes and brackets: the same events as when parsed whole', (provider, name) => {
    const messages = withTexts(recordedMessages(provider, name), (index) => TEXTS[index % TEXTS.length]!);
    expect(translate(provider, messages)).toEqual(translate(provider, eachParsed(messages)));
  });

  /** A chunk as OpenAI writes it, with `choice` and `rest` spread into its choice and itself. */
  const chunk = (choice: Record<string, unknown>, rest: Record<string, unknown> = {}): EventSourceMessage => ({
    event: undefined,
    id: undefined,
    data: JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o-mini', choices: [{ index: 0, logprobs: null, finish_reason: null, ...choice }], ...rest, obfuscation: 'x' }),
  });
  const usage = { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 };

  it.each([
    ['usage', (text: string) => chunk({ delta: { content: text } }, { usage })],
    ['a finish', (text: string) => chunk({ delta: { content: text }, finish_reason: 'stop' })],
    ['log-probabilities', (text: string) => chunk({ delta: { content: text }, logprobs: { content: [{ token: 'same', logprob: -0.1, bytes: null, top_logprobs: [] }] } })],
    ['reasoning', (text: string) => chunk({ delta: { content: text, reasoning_content: 'thinking' } })],
    ['a refusal', (text: string) => chunk({ delta: { content: text, refusal: 'no' } })],
    ['a tool call', (text: string) => chunk({ delta: { content: text, tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }] } })],
    ['another choice', (text: string) => chunk({ index: 1, delta: { content: text } })],
    ['a second choice', (text: string) => ({ ...chunk({ delta: { content: text } }), data: chunk({ delta: { content: text } }).data.replace('}],', '},{"index":1,"delta":{"content":"same"},"logprobs":null,"finish_reason":null}],') })],
  ])('takes no template from text chunks that carry %s as well: each says all it says, as parsed whole', (_, make) => {
    const messages = [chunk({ delta: { role: 'assistant', content: '' } }), make('a'), make('b'), make('c'), { event: undefined, id: undefined, data: '[DONE]' }];
    expect(translate('openai', messages)).toEqual(translate('openai', eachParsed(messages)));
  });

  it('reads a text chunk of the template with empty text as saying nothing, as parsed whole', () => {
    const messages = [chunk({ delta: { role: 'assistant', content: '' } }), chunk({ delta: { content: 'a' } }), chunk({ delta: { content: '' } }), chunk({ delta: { content: 'b' } })];
    expect(translate('openai', messages)).toEqual(translate('openai', eachParsed(messages)));
    expect(translate('openai', messages).filter((event) => event.type === 'text')).toHaveLength(2);
  });

  it('learns no more templates in a stream whose chunks never repeat their text, after two that read nothing', () => {
    const messages = eachParsed([chunk({ delta: { role: 'assistant', content: '' } }), ...Array.from({ length: 20 }, (_, i) => chunk({ delta: { content: `word ${i}` } }))]);
    const parse = vi.spyOn(JSON, 'parse');
    translate('openai', messages);
    // A template is tried on a copy of its message with a probe string in its slots.
    const tries = parse.mock.calls.filter(([text]) => String(text).includes('probe')).length;
    expect(tries).toBeGreaterThan(0);
    expect(tries).toBeLessThanOrEqual(6);
  });

  it('reads the text where it is when a chunk of text holds one of the strings templates are tried with', () => {
    const withProbe = (x: string) => chunk({ x: { content: x }, delta: { content: 'switchyard\n"probe"' } });
    const messages = [chunk({ delta: { role: 'assistant', content: '' } }), withProbe('A'), withProbe('B'), withProbe('C')];
    expect(translate('openai', messages)).toEqual(translate('openai', eachParsed(messages)));
  });

  it('parses little more than each chunk once when chunks of two shapes take turns, two and two', () => {
    const shaped = (shape: number, text: string) => chunk({ delta: { content: text } }, { shape });
    const messages = [chunk({ delta: { role: 'assistant', content: '' } }), ...Array.from({ length: 400 }, (_, i) => shaped(Math.floor(i / 2) % 2, `w${i}`))];
    const parse = vi.spyOn(JSON, 'parse');
    const events = translate('openai', messages);
    const parses = parse.mock.calls.length;
    vi.restoreAllMocks();
    expect(events).toEqual(translate('openai', eachParsed(messages)));
    // Each chunk parsed once would be 401; learning a template at every turn, about 1,000.
    expect(parses).toBeLessThan(1.3 * messages.length);
  });

  it("parses OpenAI's recorded text chunks no more once it has their template", () => {
    const messages = recordedMessages('openai', 'openai-text');
    const parse = vi.spyOn(JSON, 'parse');
    translate('openai', messages);
    const chunks = messages.filter((message) => message.data.startsWith('{')).length;
    const parsed = new Set(parse.mock.calls.map(([text]) => text));
    const chunksParsed = messages.filter((message) => parsed.has(message.data)).length;
    // The first chunk (the start), the first text chunk (the template's), and the last two (finish, usage).
    expect(chunks).toBeGreaterThan(10);
    expect(chunksParsed).toBe(4);
  });
});
