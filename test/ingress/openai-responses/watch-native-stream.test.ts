import type { EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { parseMessageData } from '../../../functions/core/parse-message-data.ts';
import { watchNativeStream } from '../../../functions/ingress/openai-responses/watch-native-stream.ts';
import type { EventBatch } from '../../../functions/serve/open-event-stream.ts';
import { collect } from '../../support/recorded.ts';

const message = (fields: Record<string, unknown>, named = true): EventSourceMessage => ({
  event: named ? String(fields.type) : undefined,
  data: JSON.stringify(fields),
  id: undefined,
});

async function* batchesOf(...batches: EventSourceMessage[][]): AsyncGenerator<EventBatch> {
  for (const messages of batches) yield { events: [], messages };
}

const done = { id: 'resp_1', object: 'response', status: 'completed', output: [] };

describe('watchNativeStream', () => {
  it('keeps the finished Response of a stream whose events are named (OpenAI), and the sequence number after the last event', async () => {
    const watch = watchNativeStream(
      batchesOf(
        [message({ type: 'response.created', sequence_number: 0, response: { ...done, status: 'in_progress' } }), message({ type: 'response.output_text.delta', sequence_number: 1, delta: 'Hi' })],
        [message({ type: 'response.completed', sequence_number: 2, response: done })],
      ),
    );
    expect(watch.nextSequence).toBe(0);
    expect(await collect(watch.batches)).toHaveLength(2);
    expect(watch.response).toEqual(done);
    expect(watch.nextSequence).toBe(3);
  });

  it("keeps the Response the provider's translator parsed, rather than parsing the event again", async () => {
    const completed = message({ type: 'response.completed', sequence_number: 2, response: done });
    // As the translator does on its way to the door (parse-responses-stream.ts).
    const translated = parseMessageData(completed) as { response: unknown };
    const watch = watchNativeStream(batchesOf([completed]));
    await collect(watch.batches);
    expect(watch.response).toBe(translated.response);
  });

  it('reads data-only events whole (xAI), an incomplete Response too', async () => {
    const incomplete = { ...done, status: 'incomplete' };
    const watch = watchNativeStream(batchesOf([message({ type: 'response.output_text.delta', sequence_number: 4, delta: 'Hi' }, false), message({ type: 'response.incomplete', sequence_number: 5, response: incomplete }, false)]));
    await collect(watch.batches);
    expect(watch.response).toEqual(incomplete);
    expect(watch.nextSequence).toBe(6);
  });

  it('has no Response for a stream cut before its end', async () => {
    const watch = watchNativeStream(batchesOf([message({ type: 'response.output_text.delta', sequence_number: 7, delta: 'Hi' })]));
    await collect(watch.batches);
    expect(watch.response).toBeUndefined();
    expect(watch.nextSequence).toBe(8);
  });
});
