/**
 * A stream from a provider that speaks the door's own dialect (Anthropic for Messages, OpenAI for
 * Responses and Chat Completions), out as it came, event for event, byte for byte: signatures,
 * citations, server tools and pings included. A door may rewrite what its dialect's contract
 * says it must (`rewrite`: the chat door's `provider/model`). The events beside it are for the
 * gateway's records; the one thing they add is a failure the provider did not report itself (a
 * cut connection, an idle stream, a bug), written as the door's own error frame, so the stream
 * never looks complete when it is not.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import type { CallError } from '../core/call-error.ts';
import type { EventBatch } from '../serve/open-event-stream.ts';
import { streamFailure } from './encode-batches.ts';

export async function* passThroughStream(
  batches: AsyncGenerator<EventBatch>,
  errorFrame: (error: CallError) => string,
  /** Each message's data as the door sends it. */
  rewrite?: (data: string) => string,
): AsyncGenerator<string> {
  try {
    for await (const batch of batches) {
      let text = '';
      for (const { event, data } of batch.messages ?? []) text += frame(event, rewrite ? rewrite(data) : data);
      const failure = batch.events.find((event) => event.type === 'error');
      if (failure && !batch.reportedByProvider) text += errorFrame(failure.error);
      if (text !== '') yield text;
      if (failure) return;
    }
  } catch (thrown) {
    yield errorFrame(streamFailure(thrown));
  } finally {
    await batches.return(undefined);
  }
}

/** One server-sent event as the provider wrote it; a multi-line data field keeps its lines. */
const frame = (event: EventSourceMessage['event'], data: string): string =>
  `${event === undefined ? '' : `event: ${event}\n`}data: ${data.includes('\n') ? data.replaceAll('\n', '\ndata: ') : data}\n\n`;
