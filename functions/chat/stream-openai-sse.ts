/**
 * A provider's stream, read by batches of server-sent events, out as OpenAI's stream: every
 * message of an upstream read goes through the provider's translator and the encoder at once, and
 * what they make leaves as one write, so a stream costs one async step per read, not per event.
 *
 * The first read is made before the response starts: a provider that fails at once (a rate limit
 * or an overload reported as its first event, a connection that drops) gets a plain HTTP error
 * with its status, which clients retry, rather than a 200 whose stream holds an error.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import type { CallError } from '../core/call-error.ts';
import type { StreamTranslator } from '../providers/provider-adapter.ts';
import { upstreamBadResponse } from '../providers/upstream/upstream-errors.ts';
import { createOpenAISseEncoder, type SseEncodeOptions, type StreamSummary } from './encode-openai-sse.ts';
import type { StreamEvent } from './stream-event.ts';

export interface StreamOpenAISseOptions extends SseEncodeOptions {
  /** The provider, for errors about what it sent. */
  provider: string;
  /** Called once the stream is over, however it ended, for the caller's records. */
  onEnd?: (summary: StreamSummary) => void;
  /** Called with a translator failure that is not a CallError: a shape nobody expected. */
  onUnexpected?: (error: unknown) => void;
}

export async function openOpenAISse(
  batches: AsyncGenerator<EventSourceMessage[]>,
  translator: StreamTranslator,
  options: StreamOpenAISseOptions,
): Promise<AsyncGenerator<string>> {
  const translate = (messages: readonly EventSourceMessage[] | 'end'): StreamEvent[] => {
    try {
      if (messages === 'end') return translator.end();
      const events: StreamEvent[] = [];
      for (const message of messages) {
        const produced = translator.push(message);
        events.push(...produced);
        if (produced.some((event) => event.type === 'error')) break;
      }
      return events;
    } catch (error) {
      options.onUnexpected?.(error);
      return [{ type: 'error', error: upstreamBadResponse(options.provider, 'its stream did not have the documented shape') }];
    }
  };

  // Reads until the first content (or an error, or the end): until then nothing has been said.
  const first: StreamEvent[] = [];
  try {
    while (!first.some(isContentOrError)) {
      const read = await batches.next();
      first.push(...translate(read.done ? 'end' : read.value));
      if (read.done) break;
    }
  } catch (error) {
    await batches.return(undefined);
    throw error;
  }
  const earlyError = errorBeforeContent(first);
  if (earlyError) {
    await batches.return(undefined);
    throw earlyError;
  }
  return encode(first, batches, translate, options);
}

async function* encode(
  first: StreamEvent[],
  batches: AsyncGenerator<EventSourceMessage[]>,
  translate: (messages: readonly EventSourceMessage[] | 'end') => StreamEvent[],
  options: StreamOpenAISseOptions,
): AsyncGenerator<string> {
  const encoder = createOpenAISseEncoder(options);
  const frames = (events: StreamEvent[]) => {
    let text = '';
    for (const event of events) text += encoder.encode(event);
    return text;
  };
  try {
    const opening = frames(first);
    if (opening !== '') yield opening;
    if (encoder.failed) return;
    for await (const batch of batches) {
      const text = frames(translate(batch));
      if (text !== '') yield text;
      if (encoder.failed) return;
    }
    yield frames(translate('end')) + encoder.finish();
  } catch (thrown) {
    yield encoder.fail(thrown);
  } finally {
    await batches.return(undefined);
    options.onEnd?.(encoder.summary());
  }
}

const isContentOrError = (event: StreamEvent) => event.type !== 'start' && event.type !== 'usage';

/** An error that came before any content: the client can still get it as an HTTP error. */
function errorBeforeContent(events: readonly StreamEvent[]): CallError | undefined {
  for (const event of events) {
    if (event.type === 'error') return event.error;
    if (event.type !== 'start' && event.type !== 'usage') return undefined;
  }
  return undefined;
}
