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
  let nextSequence = 0;
  async function* watched(): AsyncGenerator<EventBatch> {
    try {
      for await (const batch of batches) {
        for (const message of batch.messages ?? []) read(message.data);
        yield batch;
      }
    } finally {
      await batches.return(undefined);
    }
  }
  const read = (data: string) => {
    let event: unknown;
    try {
      event = JSON.parse(data);
    } catch {
      return;
    }
    if (!isJsonObject(event)) return;
    if (typeof event['sequence_number'] === 'number') nextSequence = event['sequence_number'] + 1;
    if (FINISHED.has(String(event['type'])) && isJsonObject(event['response'])) response = event['response'];
  };
  return {
    batches: watched(),
    get response() {
      return response;
    },
    get nextSequence() {
      return nextSequence;
    },
  };
}
