/**
 * A native stream passed on as sent, translated for the records only (serve/translate-for-records.ts,
 * with each family's `holdsNothingForRecords`): the messages that hold nothing for them are left
 * untranslated (once the content has begun, and before it the Responses API's restatements of the
 * response), and the records get the same usage and the same errors as from the stream translated
 * whole, on the recorded OpenAI chat, Anthropic and Responses streams.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it, vi } from 'vitest';
import type { Dialect } from '../../functions/core/call.ts';
import { isContentOrError, type StreamEvent } from '../../functions/core/stream-event.ts';
import { adapterFor } from '../../functions/providers/adapter-for.ts';
import type { ProviderAdapter } from '../../functions/providers/provider-adapter.ts';
import { findProvider } from '../../functions/providers/provider-registry.ts';
import { translateForRecords } from '../../functions/serve/translate-for-records.ts';
import { recordedMessages, translateStream, type RecordedProvider } from '../support/recorded.ts';

const anthropic = adapterFor(findProvider('anthropic')!);
const openai = adapterFor(findProvider('openai')!);

interface Case {
  provider: RecordedProvider;
  name: string;
  adapter: ProviderAdapter;
  native: Dialect;
  /** The messages left untranslated once content began, as the provider's documentation tells them apart. */
  unread: (message: EventSourceMessage) => boolean;
  /** The messages left untranslated before it: none but these. */
  unreadBefore?: (message: EventSourceMessage) => boolean;
}

const CASES: Case[] = [
  {
    provider: 'openai',
    name: 'openai-text',
    adapter: openai,
    native: 'openai-chat',
    // Every chunk but the usage chunk and `[DONE]`: each carries `"usage":null`.
    unread: ({ data }) => data !== '[DONE]' && !(JSON.parse(data) as { usage: unknown }).usage,
  },
  ...['anthropic-text', 'anthropic-refusal', 'anthropic-tool-no-args', 'anthropic-json-tool.1', 'anthropic-clear-thinking.1', 'anthropic-compaction.1'].map(
    (name): Case => ({ provider: 'anthropic', name, adapter: anthropic, native: 'anthropic-messages', unread: (message) => message.event === 'content_block_delta' }),
  ),
  ...['responses-phase', 'responses-reasoning-tool-call', 'responses-error'].map(
    (name): Case => ({
      provider: 'openai',
      name,
      adapter: openai,
      native: 'openai-responses',
      // Every event but the response's end and an error.
      unread: (message) => !['response.completed', 'response.incomplete', 'response.failed', 'error'].includes(message.event ?? ''),
      // The response restated as it starts, with the request's instructions and tools.
      unreadBefore: (message) => ['response.created', 'response.in_progress', 'response.queued'].includes(message.event ?? ''),
    }),
  ),
];

const contextOf = ({ native }: Pick<Case, 'native'>) => ({ model: 'm', now: 1, native });
const whole = (c: Case, messages: readonly EventSourceMessage[]) => translateStream(c.adapter.createStreamTranslator(contextOf(c)), messages);
const forRecords = (c: Case, messages: readonly EventSourceMessage[]) => translateStream(translateForRecords(c.adapter, contextOf(c)), messages);
/** A Responses stream read without its `response.created` starts under an id of the translator's own making, new each time. */
const withoutStartIds = (events: StreamEvent[]) => events.map((event) => (event.type === 'start' ? { ...event, id: '' } : event));
const recordsOf = (events: StreamEvent[]) => events.filter((event) => event.type === 'usage' || event.type === 'error');
const message = (data: string): EventSourceMessage => ({ event: undefined, data, id: undefined });
const openaiChat = CASES[0]!;

describe('translateForRecords', () => {
  it.each(CASES.map((c) => [`${c.provider} ${c.name}`, c] as const))('%s: the same usage and errors as translated whole, what holds nothing for them unread', (_name, c) => {
    const messages = recordedMessages(c.provider, c.name);
    const passedOn = forRecords(c, messages);
    expect(recordsOf(passedOn)).toEqual(recordsOf(whole(c, messages)));

    // The message whose events began the content: the ones after it that hold nothing for the records are left unread.
    const translator = c.adapter.createStreamTranslator(contextOf(c));
    const began = messages.findIndex((message) => translator.push(message).some(isContentOrError));
    const unread = messages.filter((message, index) => (index > began ? c.unread(message) : (c.unreadBefore?.(message) ?? false)));
    expect(withoutStartIds(passedOn)).toEqual(withoutStartIds(whole(c, messages.filter((message) => !unread.includes(message)))));
  });

  it.each(CASES.filter((c) => c.native !== 'openai-responses').map((c) => [`${c.provider} ${c.name}`, c] as const))(
    '%s: learns no template to read the deltas it leaves unread, so parses no message but those it reads',
    (_name, c) => {
      const messages = recordedMessages(c.provider, c.name);
      const translator = c.adapter.createStreamTranslator(contextOf(c));
      const began = messages.findIndex((message) => translator.push(message).some(isContentOrError));
      const read = messages.filter((message, index) => (index <= began || !c.unread(message)) && message.data !== '[DONE]');
      const parse = vi.spyOn(JSON, 'parse');
      try {
        forRecords(c, messages);
        expect(parse).toHaveBeenCalledTimes(read.length);
      } finally {
        parse.mockRestore();
      }
    },
  );

  it.each(['response.failed', 'response.incomplete', 'error'])('responses: %s after the content is read, as translating whole reads it', (kind) => {
    const c = CASES.find((c) => c.name === 'responses-phase')!;
    const recorded = recordedMessages(c.provider, c.name);
    const completed = recorded.findLast((message) => message.event === 'response.completed')!;
    const { response } = JSON.parse(completed.data) as { response: Record<string, unknown> };
    const ending =
      kind === 'error'
        ? { type: 'error', code: 'server_error', message: 'The server had an error' }
        : kind === 'response.failed'
          ? { type: kind, response: { ...response, status: 'failed', error: { code: 'server_error', message: 'The server had an error' } } }
          : { type: kind, response: { ...response, status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } };
    const messages = [...recorded.filter((message) => message !== completed), { event: kind, data: JSON.stringify(ending), id: undefined }];
    const records = recordsOf(forRecords(c, messages));
    expect(records.length).toBeGreaterThan(0);
    expect(records).toEqual(recordsOf(whole(c, messages)));
  });

  it('responses without event names (xAI): every event read, as translating whole reads them', () => {
    const c = CASES.find((c) => c.name === 'responses-phase')!;
    const dataOnly = recordedMessages(c.provider, c.name).map((message) => ({ ...message, event: undefined }));
    expect(forRecords(c, dataOnly)).toEqual(whole(c, dataOnly));
  });

  it('leaves nearly all of an OpenAI chat stream unread: the start, the first content and the usage are what it yields', () => {
    const events = forRecords(openaiChat, recordedMessages('openai', 'openai-text'));
    expect(events.map((event) => event.type)).toEqual(['start', 'text', 'usage']);
  });

  it.each(CASES.filter((c) => c.name !== 'responses-error').map((c) => [`${c.provider} ${c.name}`, c] as const))('%s: cut before its end, still ends in an error', (_name, c) => {
    const cut = forRecords(c, recordedMessages(c.provider, c.name).slice(0, -1));
    expect(cut.at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_stream_incomplete' } });
  });

  it('yields the error an OpenAI chunk reports mid-stream', () => {
    const [first, second, third] = recordedMessages('openai', 'openai-text');
    const messages = [first!, second!, third!, message(JSON.stringify({ error: { message: 'The server had an error', type: 'server_error' } }))];
    const failed = forRecords(openaiChat, messages);
    expect(failed.at(-1)).toMatchObject({ type: 'error', error: { code: 'server_error' } });
    expect(recordsOf(failed)).toEqual(recordsOf(whole(openaiChat, messages)));
  });

  it.each([
    ['openai chat', openaiChat, (data: string) => message(data)],
    ['anthropic', CASES[1]!, (data: string): EventSourceMessage => ({ event: 'content_block_delta', data, id: undefined })],
    ['responses', CASES.find((c) => c.name === 'responses-phase')!, (data: string): EventSourceMessage => ({ event: 'response.output_text.delta', data, id: undefined })],
  ] as const)('%s: reports a message after the content that is not JSON, as translating whole does', (_name, c, unreadable) => {
    const recorded = recordedMessages(c.provider, c.name);
    const translator = c.adapter.createStreamTranslator(contextOf(c));
    const began = recorded.findIndex((message) => translator.push(message).some(isContentOrError));
    for (const data of ['data: not JSON', '{"choices":[{"delta":{"content":"cut']) {
      const messages = [...recorded.slice(0, began + 1), unreadable(data)];
      const failed = forRecords(c, messages);
      expect(failed.at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_bad_response' } });
      // The start aside, which a Responses stream read for the records takes from its first item rather than `response.created`.
      expect(failed.filter((event) => event.type !== 'start')).toEqual(whole(c, messages).filter((event) => event.type !== 'start'));
    }
  });

  it('translates every message until content begins, so a stream that opens with role chunks is not handed on early', () => {
    const head = '"id":"c","object":"chat.completion.chunk","created":1,"model":"gpt-4.1-nano"';
    const events = forRecords(openaiChat, [
      message(`{${head},"choices":[{"index":0,"delta":{"role":"assistant","content":""}}],"usage":null}`),
      message(`{${head},"choices":[{"index":0,"delta":{"content":""}}],"usage":null}`),
      message(`{${head},"choices":[{"index":0,"delta":{"content":"Hi"}}],"usage":null}`),
      message(`{${head},"choices":[{"index":0,"delta":{"content":" there"}}],"usage":null}`),
      message('[DONE]'),
    ]);
    expect(events).toEqual([
      { type: 'start', id: 'c', model: 'gpt-4.1-nano', created: 1 },
      { type: 'text', choice: 0, delta: 'Hi' },
    ]);
  });

  it('is the plain translator for an adapter that says nothing of its messages', () => {
    const gemini = adapterFor(findProvider('gemini')!);
    expect(gemini.holdsNothingForRecords).toBeUndefined();
    const messages = recordedMessages('gemini', 'google-text');
    expect(translateStream(translateForRecords(gemini, { model: 'm', now: 1 }), messages)).toEqual(
      translateStream(gemini.createStreamTranslator({ model: 'm', now: 1 }), messages),
    );
  });
});
