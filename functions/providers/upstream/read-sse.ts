/**
 * An upstream response body as messages, one batch per read: everything a read completed is
 * handled together. The read that takes the rest of a body that has arrived whole ends the stream,
 * so that its end (its finish reasons, usage and `[DONE]`) leaves in the same write as its last
 * events. Reads only as fast as the consumer pulls, so a slow client slows the upstream read
 * instead of filling memory, and times out only while actually waiting on the upstream.
 * Server-sent events are parsed by `eventsource-parser`; other framings (AWS's binary event
 * stream) plug in as a `MessageFramer` and come out as the same `{ event, data }` messages.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { clientClosedRequest, upstreamStreamCut, upstreamTimeout } from './upstream-errors.ts';

/** Turns the body's bytes into messages, whatever their framing; may throw a CallError. */
export interface MessageFramer {
  /** The messages this chunk completed (a message may span several chunks). */
  feed(chunk: Uint8Array): EventSourceMessage[];
  /** The messages the end of the body completes. */
  end(): EventSourceMessage[];
}

export function createSseFramer(): MessageFramer {
  const decoder = new TextDecoder();
  let pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => pending.push(message) });
  const take = () => {
    const ready = pending;
    pending = [];
    return ready;
  };
  return {
    feed(chunk) {
      parser.feed(decoder.decode(chunk, { stream: true }));
      return take();
    },
    end() {
      // A last event without its blank line still counts (some servers end the body right after
      // `[DONE]`); a cut-off one still fails to parse further on, so it never passes for complete.
      parser.feed(`${decoder.decode()}\n\n`);
      return take();
    },
  };
}

export interface ReadSseOptions {
  provider: string;
  /** Longest silence allowed between two reads. */
  idleTimeoutMs: number;
  /** Aborts the upstream connection (the exchange's controller). */
  abort: (reason: unknown) => void;
  /** The client's signal: once it fires, ending is nobody's fault but the client's. */
  clientSignal: AbortSignal;
  /** Called when reading stops, however it stops; `bodyEnded` when the body was read to its end. */
  onClose?: (bodyEnded: boolean) => void;
  /**
   * Whether the whole body has arrived and every byte of it has been read (Node's `complete`, and
   * nothing left in the response's buffer). The stream is over then: its end (finish reasons,
   * usage, `[DONE]`) goes on in the same batch as its last events, without waiting for the body's
   * reader to say so. That would wait for callbacks Node has queued (the body's end, its
   * connection's return to its pool) before the stream's last events could leave. The reader is
   * left to end by itself, as the read that emptied the buffer has scheduled: ending it here
   * (`return()`) would destroy the connection. Only microtasks run between that read and this
   * check, so nothing can arrive in between. The connection is back in its pool before Node reads
   * another socket, so the next client's request finds it; a request sent in the same chain of
   * microtasks (a failover at once after a stream that failed before its content) opens another.
   */
  bodyReadWhole?: () => boolean;
}

export const readSse = (body: AsyncIterable<Uint8Array>, options: ReadSseOptions): AsyncGenerator<EventSourceMessage[]> =>
  readMessages(body, createSseFramer(), options);

export async function* readMessages(
  body: AsyncIterable<Uint8Array>,
  framer: MessageFramer,
  options: ReadSseOptions,
): AsyncGenerator<EventSourceMessage[]> {
  const reader = body[Symbol.asyncIterator]();
  let idle = false;
  let bodyEnded = false;
  /** Messages not yet yielded: those of this read. */
  let ready: EventSourceMessage[] = [];

  try {
    try {
      while (true) {
        const timer = setTimeout(() => {
          idle = true;
          options.abort(new Error('upstream idle timeout'));
        }, options.idleTimeoutMs);
        let result: IteratorResult<Uint8Array>;
        try {
          result = await reader.next();
        } catch (error) {
          if (idle) throw upstreamTimeout(options.provider, options.idleTimeoutMs, 'stream');
          if (options.clientSignal.aborted) throw clientClosedRequest();
          throw upstreamStreamCut(options.provider, `the connection failed (${(error as Error).message})`);
        } finally {
          clearTimeout(timer);
        }
        if (result.done) {
          bodyEnded = true;
          break;
        }
        ready.push(...framer.feed(result.value));
        if (options.bodyReadWhole?.()) {
          bodyEnded = true;
          break;
        }
        if (ready.length > 0) {
          yield ready;
          ready = [];
        }
      }
      ready.push(...framer.end());
    } catch (error) {
      // What the last read completed still goes out before a failure to frame the body's end.
      if (ready.length > 0) yield ready;
      throw error;
    }
    if (ready.length > 0) yield ready;
  } finally {
    // Stops the upstream read when the consumer leaves early (client gone, error event sent).
    if (!bodyEnded) reader.return?.()?.catch(() => {});
    options.onClose?.(bodyEnded);
  }
}
