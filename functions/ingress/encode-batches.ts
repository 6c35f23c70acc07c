/**
 * A served stream's event batches out through a front door's encoder: each batch leaves as one
 * write; the closing frames only once the provider's stream ended well, so a stream that failed
 * ends with the door's error frame and never looks complete. A failure outside the event stream
 * (a bug) reaches the encoder as one more error event, so each door writes its error frame once.
 */
import { CallError } from '../core/call-error.ts';
import type { StreamEvent } from '../core/stream-event.ts';
import type { EventBatch } from '../serve/open-event-stream.ts';

/** What each door's stream encoder does (OpenAI's SSE, Anthropic's). */
export interface StreamEncoder {
  /** The frames for one event; empty for events that only update what comes at the end. An error event is the door's error frame. */
  encode(event: StreamEvent): string;
  /** The closing frames once the provider's stream ended well. */
  finish(): string;
  /** Set once an error frame went out: nothing may follow it. */
  readonly failed: boolean;
}

/** What a stream failed of: a CallError as it is, anything else as the gateway's own failure, which names no secret. */
export const streamFailure = (thrown: unknown): CallError =>
  thrown instanceof CallError
    ? thrown
    : new CallError({ status: 500, kind: 'internal', fault: 'gateway', message: 'The gateway failed while streaming.', cause: thrown });

export async function* encodeBatches(batches: AsyncGenerator<EventBatch>, encoder: StreamEncoder): AsyncGenerator<string> {
  try {
    for await (const batch of batches) {
      let text = '';
      for (const event of batch.events) text += encoder.encode(event);
      if (text !== '') yield text;
      if (encoder.failed) return;
    }
    yield encoder.finish();
  } catch (thrown) {
    if (!encoder.failed) yield encoder.encode({ type: 'error', error: streamFailure(thrown) });
  } finally {
    await batches.return(undefined);
  }
}
