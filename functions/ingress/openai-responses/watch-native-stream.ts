/**
 * A Responses stream passed through from OpenAI, watched on its way: the finished Response its
 * `response.completed` (or `response.incomplete`) carries, which the door stores, and the sequence
 * number an error frame of the gateway's own would take after the provider's last event.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import { isJsonObject } from '../../core/is-json-object.ts';
import { parseMessageData } from '../../core/parse-message-data.ts';
import type { EventBatch } from '../../serve/open-event-stream.ts';

export interface NativeStreamWatch {
  batches: AsyncGenerator<EventBatch>;
  /** The finished Response, once the stream carried one. */
  readonly response: Record<string, unknown> | undefined;
  /** The sequence number after the last one the provider sent. */
  readonly nextSequence: number;
}

const FINISHED = new Set(['response.completed', 'response.incomplete']);

export function watchNativeStream(batches: AsyncGenerator<EventBatch>): NativeStreamWatch {
  let response: Record<string, unknown> | undefined;
  /** The provider's last event, read for its sequence number only if the gateway must add one after it. */
  let last: EventSourceMessage | undefined;
  async function* watched(): AsyncGenerator<EventBatch> {
    try {
      for await (const batch of batches) {
        for (const message of batch.messages ?? []) {
          last = message;
          // OpenAI names every event: only the finished one is read here, as the provider's
          // translator parsed it (parse-message-data.ts). A provider that sends data-only events
          // (xAI) is read whole.
          if (message.event === undefined || FINISHED.has(message.event)) readFinished(message);
        }
        yield batch;
      }
    } finally {
      await batches.return(undefined);
    }
  }
  const readFinished = (message: EventSourceMessage) => {
    const event = parsed(message);
    if (event && FINISHED.has(String(event['type'])) && isJsonObject(event['response'])) response = event['response'];
  };
  return {
    batches: watched(),
    get response() {
      return response;
    },
    get nextSequence() {
      const sequence = last === undefined ? undefined : parsed(last)?.['sequence_number'];
      return typeof sequence === 'number' ? sequence + 1 : 0;
    },
  };
}

function parsed(message: EventSourceMessage): Record<string, unknown> | undefined {
  try {
    const event = parseMessageData(message);
    return isJsonObject(event) ? event : undefined;
  } catch {
    return undefined;
  }
}
