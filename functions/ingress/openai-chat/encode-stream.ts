/**
 * A served stream's event batches out as OpenAI's server-sent events: each batch leaves as one
 * write; the closing frames (finish reasons, usage, `[DONE]`) only once the provider's stream ended
 * well, so a stream that failed never looks complete.
 */
import { createOpenAISseEncoder, type SseEncodeOptions } from '../../chat/encode-openai-sse.ts';
import type { EventBatch } from '../../serve/open-event-stream.ts';

export async function* encodeOpenAIStream(batches: AsyncGenerator<EventBatch>, options: SseEncodeOptions): AsyncGenerator<string> {
  const encoder = createOpenAISseEncoder(options);
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
