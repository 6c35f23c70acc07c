/**
 * A Responses stream passed through from OpenAI, watched on its way: the finished Response its
 * `response.completed` (or `response.incomplete`) carries, which the door stores, and the sequence
 * number an error frame of the gateway's own would take after the provider's last event.
 */
import { isJsonObject } from '../../core/is-json-object.ts';
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
  let last: string | undefined;
  async function* watched(): AsyncGenerator<EventBatch> {
    try {
      for await (const batch of batches) {
        for (const message of batch.messages ?? []) {
          last = message.data;
          // OpenAI names every event: only the finished one is read here, the deltas already were by
          // the provider's translator. A provider that sends data-only events (xAI) is read whole.
          if (message.event === undefined || FINISHED.has(message.event)) readFinished(message.data);
        }
        yield batch;
      }
    } finally {
      await batches.return(undefined);
    }
  }
  const readFinished = (data: string) => {
    const event = parsed(data);
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

function parsed(data: string): Record<string, unknown> | undefined {
  try {
    const event: unknown = JSON.parse(data);
    return isJsonObject(event) ? event : undefined;
  } catch {
    return undefined;
  }
}
