/**
 * A Chat Completions stream the door passes on as sent (ResponseContext.passedOn): after the first
 * content, chunks that can hold neither usage nor an error are not parsed, and the records still
 * get the same usage and the same errors as a stream translated whole.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../functions/core/stream-event.ts';
import { mayHoldUsageOrError } from '../../../functions/providers/openai-compatible/may-hold-usage-or-error.ts';
import { createOpenAICompatibleStreamTranslator } from '../../../functions/providers/openai-compatible/parse-openai-compatible-stream.ts';
import { readRecordedLines, recordedMessages, translateStream, type RecordedProvider } from '../../support/recorded.ts';

const context = { model: 'gpt-4.1-nano', now: 1234 };
const translate = (messages: Iterable<EventSourceMessage>, passedOn: boolean) =>
  translateStream(createOpenAICompatibleStreamTranslator(passedOn ? { ...context, passedOn: true } : context, 'openai'), messages);
const recordsOf = (events: StreamEvent[]) => events.filter((event) => event.type === 'usage' || event.type === 'error');
const message = (data: string): EventSourceMessage => ({ event: undefined, data, id: undefined });

const RECORDED: Array<[RecordedProvider, string]> = [
  ['openai', 'openai-text'],
  ['deepseek', 'deepseek-text'],
  ['deepseek', 'deepseek-reasoning'],
  ['groq', 'groq-text'],
  ['groq', 'groq-tool-call'],
  ['mistral', 'mistral-text'],
  ['mistral', 'mistral-tool-call'],
  ['xai', 'xai-text'],
];

describe('mayHoldUsageOrError', () => {
  it.each(RECORDED)('%s %s: says "may" of every recorded chunk that holds usage or an error', (provider, name) => {
    for (const line of readRecordedLines(provider, name)) {
      const chunk = JSON.parse(line) as { usage?: unknown; error?: unknown };
      if (chunk.usage || chunk.error) expect(mayHoldUsageOrError(line)).toBe(true);
    }
  });

  it("says no to OpenAI's content chunks, which carry `\"usage\":null` when usage is asked for", () => {
    const lines = readRecordedLines('openai', 'openai-text');
    const plain = lines.filter((line) => !(JSON.parse(line) as { usage: unknown }).usage);
    expect(plain.length).toBeGreaterThan(100);
    expect(plain.filter(mayHoldUsageOrError)).toEqual([]);
  });

  it('says yes to usage however it is spaced, to an error, and to content that merely spells either', () => {
    expect(mayHoldUsageOrError('{"choices":[],"usage":{"prompt_tokens":1}}')).toBe(true);
    expect(mayHoldUsageOrError('{"choices":[], "usage" : {"prompt_tokens":1}}')).toBe(true);
    expect(mayHoldUsageOrError('{"choices":[],"usage": null}')).toBe(true);
    expect(mayHoldUsageOrError('{"error":{"message":"overloaded"}}')).toBe(true);
    expect(mayHoldUsageOrError('{"choices":[{"delta":{"content":"usage"}}],"usage":null}')).toBe(true);
    expect(mayHoldUsageOrError('{"choices":[{"delta":{"content":"error"}}],"usage":null}')).toBe(true);
    // Inside a string, the quotes are escaped: the text never spells the key.
    expect(mayHoldUsageOrError('{"choices":[{"delta":{"content":"the \\"usage\\" and \\"error\\" keys"}}],"usage":null}')).toBe(false);
    expect(mayHoldUsageOrError('{"choices":[{"delta":{"content":"no usage, no error"}}]}')).toBe(false);
  });
});

describe('the OpenAI stream translator for a stream passed on', () => {
  it('reads the recorded stream to the same usage as translating it whole, with content until the first', () => {
    const messages = recordedMessages('openai', 'openai-text');
    const whole = translate(messages, false);
    const passedOn = translate(messages, true);
    expect(recordsOf(passedOn)).toEqual(recordsOf(whole));
    expect(recordsOf(passedOn)).toHaveLength(1);
    // The start and the first content still come, for the door's answer to begin: then only records.
    expect(passedOn.map((event) => event.type)).toEqual(['start', 'text', 'usage']);
    expect(passedOn[1]).toEqual(whole[1]);
  });

  it('yields the error of a chunk that reports one mid-stream, and a cut stream ends in an error', () => {
    const [first, second, third] = recordedMessages('openai', 'openai-text');
    const failure = message(JSON.stringify({ error: { message: 'The server had an error', type: 'server_error' } }));
    const failed = translate([first!, second!, third!, failure], true);
    expect(failed.at(-1)).toMatchObject({ type: 'error', error: { code: 'server_error' } });
    expect(recordsOf(failed)).toEqual(recordsOf(translate([first!, second!, third!, failure], false)));

    const cut = translate([first!, second!, third!], true);
    expect(cut.at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_stream_incomplete' } });
  });

  it('parses every chunk until content begins, so a stream that opens with role chunks is not handed on early', () => {
    const head = '"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4.1-nano"';
    const events = translate(
      [
        message(`{${head},"choices":[{"index":0,"delta":{"role":"assistant","content":""}}],"usage":null}`),
        message(`{${head},"choices":[{"index":0,"delta":{"content":""}}],"usage":null}`),
        message(`{${head},"choices":[{"index":0,"delta":{"content":"Hi"}}],"usage":null}`),
        message(`{${head},"choices":[{"index":0,"delta":{"content":" there"}}],"usage":null}`),
        message('[DONE]'),
      ],
      true,
    );
    expect(events).toEqual([
      { type: 'start', id: 'c', model: 'gpt-4.1-nano', created: 1 },
      { type: 'text', choice: 0, delta: 'Hi' },
    ]);
  });
});
