/**
 * AWS's binary event stream (`application/vnd.amazon.eventstream`, Bedrock's ConverseStream) as
 * the `{ event, data }` messages server-sent events give: `event` is the `:event-type` header, or
 * the `:exception-type` of an exception message, and `data` the JSON payload as text. Each frame
 * is prefixed by its total length, so bytes are buffered until a frame is whole: a frame may span
 * reads, and a read may hold several. `@smithy/eventstream-codec` checks both CRCs.
 */
import { EventStreamCodec, type Message } from '@smithy/eventstream-codec';
import type { EventSourceMessage } from 'eventsource-parser';
import type { MessageFramer } from './read-sse.ts';
import { upstreamBadResponse } from './upstream-errors.ts';

/** Prelude (total and headers length, 4 bytes each) and its CRC, then the message's CRC. */
const PRELUDE_BYTES = 12;
const MIN_FRAME_BYTES = PRELUDE_BYTES + 4;
/** AWS caps a message at 16 MB; a larger length means the bytes are not an event stream. */
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

const utf8Decoder = new TextDecoder();
const utf8Encoder = new TextEncoder();
const codec = new EventStreamCodec(
  (bytes) => utf8Decoder.decode(bytes),
  (text) => utf8Encoder.encode(text),
);

const header = (message: Message, name: string): string | undefined => {
  const value = message.headers[name];
  return value?.type === 'string' ? value.value : undefined;
};

/** One decoded frame as a message; `:message-type: error` (a service error) carries its code and message in headers. */
function toMessage(message: Message): EventSourceMessage {
  const data = utf8Decoder.decode(message.body);
  switch (header(message, ':message-type')) {
    case 'exception':
      return { event: header(message, ':exception-type') ?? 'exception', data };
    case 'error':
      return {
        event: header(message, ':error-code') ?? 'error',
        data: JSON.stringify({ message: header(message, ':error-message') ?? '' }),
      };
    default:
      return { event: header(message, ':event-type') ?? '', data };
  }
}

export function createAwsEventStreamFramer(provider: string): MessageFramer {
  let buffer: Uint8Array = new Uint8Array(0);

  return {
    feed(chunk) {
      if (buffer.length === 0) buffer = chunk;
      else {
        const joined = new Uint8Array(buffer.length + chunk.length);
        joined.set(buffer);
        joined.set(chunk, buffer.length);
        buffer = joined;
      }
      const messages: EventSourceMessage[] = [];
      let offset = 0;
      while (buffer.length - offset >= 4) {
        const total = new DataView(buffer.buffer, buffer.byteOffset + offset, 4).getUint32(0);
        if (total < MIN_FRAME_BYTES || total > MAX_FRAME_BYTES) {
          throw upstreamBadResponse(provider, `an event-stream frame claims ${total} bytes`);
        }
        if (buffer.length - offset < total) break;
        let decoded: Message;
        try {
          decoded = codec.decode(buffer.subarray(offset, offset + total));
        } catch (error) {
          throw upstreamBadResponse(provider, `an event-stream frame is corrupt (${(error as Error).message})`);
        }
        messages.push(toMessage(decoded));
        offset += total;
      }
      // Keeps only the incomplete frame's bytes, copied so the read's own buffer can go.
      buffer = offset === 0 ? buffer : buffer.slice(offset);
      return messages;
    },
    // A frame cut off by the end of the body is dropped: the translator then reports the stream as
    // unfinished, as it would for any stream that stopped early.
    end: () => [],
  };
}
