/**
 * A served stream's event batches out through a front door's encoder: each batch leaves as one
 * write; the closing frames only once the provider's stream ended well, so a stream that failed
 * ends with the door's error frame and never looks complete.
 */
import type { StreamEvent } from '../core/stream-event.ts';
import type { EventBatch } from '../serve/open-event-stream.ts';

/** What each door's stream encoder does (OpenAI's SSE, Anthropic's). */
export interface StreamEncoder {
  /** The frames for one event; empty for events that only update what comes at the end. */
  encode(event: StreamEvent): string;
  /** The closing frames once the provider's stream ended well. */
  finish(): string;
  /** The error frame for a failure outside the event stream (a bug). */
  fail(thrown: unknown): string;
  /** Set once an error frame went out: nothing may follow it. */
  readonly failed: boolean;
}

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
    yield encoder.fail(thrown);
  } finally {
    await batches.return(undefined);
  }
}
