/**
 * A provider's stream as batches of unified events, for any front door's encoder: every message
 * of an upstream read goes through the provider's translator at once, so a stream costs one async
 * step per read, not per event.
 *
 * The first read is made before the answer is handed on, and reads go on until the first content
 * (or what the adapter says begins the answer): a provider that fails at once (a rate limit or an
 * overload reported as its first event, a connection that drops) is thrown as a CallError, which
 * the route can still retry, fail over, or answer with a plain HTTP error.
 * After that nothing is thrown: a failure is the last batch's `error` event (redacted), and
 * nothing follows it. `onEnd` hears how the stream ended, however it ended.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import { isContentOrError, type StreamEvent, type Usage } from '../core/stream-event.ts';
import { CallError } from '../core/call-error.ts';
import type { StreamTranslator } from '../providers/provider-adapter.ts';
import { upstreamBadResponse } from '../providers/upstream/upstream-errors.ts';

export interface StreamSummary {
  usage: Usage | undefined;
  error: CallError | undefined;
}

/** What one upstream read made. */
export interface EventBatch {
  events: StreamEvent[];
  /** The provider's own messages the events came from, when kept (a door passing them through as sent). */
  messages?: readonly EventSourceMessage[];
  /**
   * The batch's error event is the provider's own report, the last of `messages` (Anthropic's
   * `error`, the Responses API's `error` or `response.failed`); otherwise the gateway found the
   * failure (a cut or idle stream, an unreadable one) and a door passing messages on must say so.
   */
  reportedByProvider?: true;
}

export interface OpenEventStreamOptions {
  /** The provider, for errors about what it sent. */
  provider: string;
  /** Scrubs secrets from an error before it goes on (and into the summary). */
  redact: (text: string) => string;
  /** Keep the provider's messages beside the events (EventBatch.messages). */
  keepMessages?: boolean;
  /** Called once the stream is over, however it ended, for the caller's records. */
  onEnd?: (summary: StreamSummary) => void;
  /** Called with a translator failure that is not a CallError: a shape nobody expected. */
  onUnexpected?: (error: unknown) => void;
  /**
   * Whether a provider's message begins its answer though no event of the translator's says so
   * (ProviderAdapter.beginsAnswer): the stream is handed on from it, as from its first content.
   */
  beginsAnswer?: (message: EventSourceMessage) => boolean;
}

export async function openEventStream(
  batches: AsyncGenerator<EventSourceMessage[]>,
  translator: StreamTranslator,
  options: OpenEventStreamOptions,
): Promise<AsyncGenerator<EventBatch>> {
  const translate = (messages: readonly EventSourceMessage[] | 'end'): EventBatch => {
    const read: EventBatch = { events: [] };
    try {
      if (messages === 'end') {
        read.events = translator.end();
        return read;
      }
      let taken = 0;
      let failed = false;
      while (taken < messages.length && !failed) {
        const produced = translator.push(messages[taken++]!);
        for (const event of produced) read.events.push(event);
        failed = produced.some((event) => event.type === 'error');
      }
      if (options.keepMessages) read.messages = failed ? [...messages.slice(0, taken - 1), scrubbed(messages[taken - 1]!)] : messages;
      if (failed) read.reportedByProvider = true;
      return read;
    } catch (error) {
      options.onUnexpected?.(error);
      read.events.push({ type: 'error', error: upstreamBadResponse(options.provider, 'its stream did not have the documented shape') });
      return read;
    }
  };

  /**
   * The provider's message that ended the stream with an error (Anthropic's `error` event, the
   * Responses API's `error` or `response.failed`) goes on as it came, its text scrubbed as every
   * error's is.
   */
  const scrubbed = (message: EventSourceMessage): EventSourceMessage => ({ ...message, data: options.redact(message.data) });

  // Reads until the first content (or an error, or the end): until then nothing has been said.
  const first: EventBatch = { events: [], ...(options.keepMessages && { messages: [] }) };
  const take = (read: EventBatch) => {
    for (const event of read.events) first.events.push(event);
    if (read.messages) first.messages = [...first.messages!, ...read.messages];
    if (read.reportedByProvider) first.reportedByProvider = true;
  };
  let ended = false;
  let begun = false;
  try {
    while (!begun && !first.events.some(isContentOrError)) {
      const read = await batches.next();
      if (read.done) {
        ended = true;
        take(translate('end'));
        break;
      }
      take(translate(read.value));
      if (options.beginsAnswer) begun = read.value.some(options.beginsAnswer);
    }
  } catch (error) {
    await batches.return(undefined);
    throw error;
  }
  const earlyError = errorBeforeContent(first.events);
  if (earlyError) {
    await batches.return(undefined);
    throw earlyError;
  }
  return relay(first, ended, batches, translate, options);
}

async function* relay(
  first: EventBatch,
  ended: boolean,
  batches: AsyncGenerator<EventSourceMessage[]>,
  translate: (messages: readonly EventSourceMessage[] | 'end') => EventBatch,
  options: OpenEventStreamOptions,
): AsyncGenerator<EventBatch> {
  const summary: StreamSummary = { usage: undefined, error: undefined };
  /** Notes usage and error, redacting the error; true when the batch ended the stream. */
  const observe = ({ events }: EventBatch): boolean => {
    for (let index = 0; index < events.length; index++) {
      const event = events[index]!;
      if (event.type === 'usage') summary.usage = event.usage;
      else if (event.type === 'error') {
        summary.error = event.error.redacted(options.redact);
        events.length = index;
        events.push({ type: 'error', error: summary.error });
        return true;
      }
    }
    return false;
  };
  try {
    const failed = observe(first);
    yield first;
    if (failed || ended) return;
    for await (const batch of batches) {
      const read = translate(batch);
      const failed = observe(read);
      if (read.events.length > 0 || read.messages?.length) yield read;
      if (failed) return;
    }
    const last = translate('end');
    observe(last);
    if (last.events.length > 0) yield last;
  } catch (thrown) {
    const error = thrown instanceof CallError ? thrown : new CallError({ status: 500, kind: 'internal', fault: 'gateway', message: 'The gateway failed while streaming.', cause: thrown });
    summary.error = error.redacted(options.redact);
    yield { events: [{ type: 'error', error: summary.error }] };
  } finally {
    await batches.return(undefined);
    options.onEnd?.(summary);
  }
}

/** An error that came before any content: the client can still get it as an HTTP error. */
function errorBeforeContent(events: readonly StreamEvent[]): CallError | undefined {
  for (const event of events) {
    if (event.type === 'error') return event.error;
    if (isContentOrError(event)) return undefined;
  }
  return undefined;
}
