/**
 * An upstream response body as server-sent events, parsed by `eventsource-parser`, one batch per
 * read: everything a read completed is handled together. Reads only as fast as the consumer
 * pulls, so a slow client slows the upstream read instead of filling memory, and times out only
 * while actually waiting on the upstream.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { clientClosedRequest, upstreamStreamCut, upstreamTimeout } from './upstream-errors.ts';

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
}

export async function* readSse(body: AsyncIterable<Uint8Array>, options: ReadSseOptions): AsyncGenerator<EventSourceMessage[]> {
  const reader = body[Symbol.asyncIterator]();
  const decoder = new TextDecoder();
  let pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => pending.push(message) });
  let idle = false;
  let bodyEnded = false;

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
      parser.feed(decoder.decode(result.value, { stream: true }));
      if (pending.length > 0) {
        const ready = pending;
        pending = [];
        yield ready;
      }
    }
    // A last event without its blank line still counts (some servers end the body right after
    // `[DONE]`); a cut-off one still fails to parse further on, so it never passes for complete.
    parser.feed(`${decoder.decode()}\n\n`);
    if (pending.length > 0) yield pending;
  } finally {
    // Stops the upstream read when the consumer leaves early (client gone, error event sent).
    if (!bodyEnded) reader.return?.()?.catch(() => {});
    options.onClose?.(bodyEnded);
  }
}
