/**
 * A provider's stream, read by batches of server-sent events, out as OpenAI's stream: every
 * message of an upstream read goes through the provider's translator and the encoder at once, and
 * what they make leaves as one write, so a stream costs one async step per read, not per event.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import type { StreamTranslator } from '../providers/provider-adapter.ts';
import { createOpenAISseEncoder, type SseEncodeOptions, type StreamSummary } from './encode-openai-sse.ts';

export interface StreamOpenAISseOptions extends SseEncodeOptions {
  /** Called once the stream is over, however it ended, for the caller's records. */
  onEnd?: (summary: StreamSummary) => void;
}

export async function* streamOpenAISse(
  batches: AsyncIterable<EventSourceMessage[]>,
  translator: StreamTranslator,
  options: StreamOpenAISseOptions,
): AsyncGenerator<string> {
  const encoder = createOpenAISseEncoder(options);
  try {
    for await (const batch of batches) {
      let frames = '';
      for (const message of batch) {
        for (const event of translator.push(message)) frames += encoder.encode(event);
        if (encoder.failed) break;
      }
      if (frames !== '') yield frames;
      if (encoder.failed) return;
    }
    let frames = '';
    for (const event of translator.end()) frames += encoder.encode(event);
    yield frames + encoder.finish();
  } catch (thrown) {
    yield encoder.fail(thrown);
  } finally {
    options.onEnd?.(encoder.summary());
  }
}
