/**
 * Anthropic's and OpenAI's Responses streams passed on as sent (ResponseContext.passedOn): after
 * the first content their delta events are not parsed, and the records still get the same usage
 * and the same errors as from a stream translated whole. (The OpenAI chat translator's own:
 * openai-compatible/passed-on-stream.test.ts.)
 */
import type { EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import type { Dialect } from '../../functions/core/call.ts';
import type { StreamEvent } from '../../functions/core/stream-event.ts';
import { adapterFor } from '../../functions/providers/adapter-for.ts';
import type { ProviderAdapter } from '../../functions/providers/provider-adapter.ts';
import { findProvider } from '../../functions/providers/provider-registry.ts';
import { recordedMessages, translateStream, type RecordedProvider } from '../support/recorded.ts';

const anthropic = adapterFor(findProvider('anthropic')!);
const openai = adapterFor(findProvider('openai')!);

interface Case {
  provider: RecordedProvider;
  name: string;
  adapter: ProviderAdapter;
  native: Dialect;
  /** The events a passed-on stream no longer parses once content began. */
  deltas: (message: EventSourceMessage) => boolean;
}

const CASES: Case[] = [
  ...['anthropic-text', 'anthropic-refusal', 'anthropic-tool-no-args', 'anthropic-json-tool.1', 'anthropic-clear-thinking.1', 'anthropic-compaction.1'].map(
    (name): Case => ({ provider: 'anthropic', name, adapter: anthropic, native: 'anthropic-messages', deltas: (message) => message.event === 'content_block_delta' }),
  ),
  ...['responses-phase', 'responses-reasoning-tool-call', 'responses-error'].map(
    (name): Case => ({ provider: 'openai', name, adapter: openai, native: 'openai-responses', deltas: (message) => message.event?.endsWith('.delta') === true }),
  ),
];

const translate = ({ adapter, native }: Case, messages: EventSourceMessage[], passedOn: boolean) =>
  translateStream(adapter.createStreamTranslator({ model: 'm', now: 1, native, ...(passedOn && { passedOn: true }) }), messages);
const recordsOf = (events: StreamEvent[]) => events.filter((event) => event.type === 'usage' || event.type === 'error');
const isContent = (event: StreamEvent) => event.type !== 'start' && event.type !== 'usage';

describe('a native stream passed on', () => {
  it.each(CASES.map((c) => [`${c.provider} ${c.name}`, c] as const))('%s: the same usage and errors as translated whole, its deltas unread after the first content', (_name, c) => {
    const messages = recordedMessages(c.provider, c.name);
    const whole = translate(c, messages, false);
    const passedOn = translate(c, messages, true);
    expect(recordsOf(passedOn)).toEqual(recordsOf(whole));

    // The message whose events began the content: the deltas after it are left unread.
    const translator = c.adapter.createStreamTranslator({ model: 'm', now: 1, native: c.native });
    const began = messages.findIndex((message) => translator.push(message).some(isContent));
    const unread = messages.filter((message, index) => index > began && c.deltas(message));
    expect(passedOn).toEqual(translate(c, messages.filter((message) => !unread.includes(message)), false));
  });

  it.each(CASES.filter((c) => c.name !== 'responses-error').map((c) => [`${c.provider} ${c.name}`, c] as const))('%s: cut before its end, still ends in an error', (_name, c) => {
    const messages = recordedMessages(c.provider, c.name);
    const cut = translate(c, messages.slice(0, -1), true);
    expect(cut.at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_stream_incomplete' } });
  });
});
