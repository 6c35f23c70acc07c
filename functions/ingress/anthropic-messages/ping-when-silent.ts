/**
 * A translated Messages stream with Anthropic's keep-alive: an `event: ping` whenever nothing has
 * been written for `intervalMs`. Anthropic pings during a stream's long silences (a model thinking,
 * a slow first token); Claude Code and the SDKs take a silent stream for a stalled one, and
 * proxies on the way close idle connections. A stream passed through from Anthropic has its own.
 *
 * The first frames (message_start, which the encoder follows with a ping at once) go out as they
 * come: nothing may precede them. After that each wait is on the injected `sleep` (the gateway's
 * clock, a test's own), and it is cancelled when the next frames come, when the stream ends or
 * fails, and when the client leaves (`signal`).
 */
import type { Sleep } from '../../routing/abortable-sleep.ts';

export const PING_FRAME = 'event: ping\ndata: {"type":"ping"}\n\n';

/**
 * Anthropic does not document how often it pings; observed streams ping about every 30 s inside a
 * long silence (the timelines in frontman-ai/frontman#731, BerriAI/litellm#36024), while Claude Code
 * reports a stall after about 20 s without a byte (BerriAI/litellm#36024, decolua/9router#3409).
 * 15 s keeps well inside both.
 */
export const PING_INTERVAL_MS = 15_000;

export interface PingOptions {
  sleep: Sleep;
  /** The client's request: once it aborts, no more waits and no more pings. */
  signal: AbortSignal;
  intervalMs?: number;
}

const SILENT: unique symbol = Symbol('silent');

export async function* pingWhenSilent(frames: AsyncGenerator<string>, { sleep, signal, intervalMs = PING_INTERVAL_MS }: PingOptions): AsyncGenerator<string> {
  try {
    const first = await frames.next();
    if (first.done) return;
    yield first.value;
    let pending = frames.next();
    while (!signal.aborted) {
      const wait = new AbortController();
      const stop = () => wait.abort();
      signal.addEventListener('abort', stop, { once: true });
      let read: IteratorResult<string> | typeof SILENT;
      try {
        read = await Promise.race([pending, sleep(intervalMs, wait.signal).then((): typeof SILENT => SILENT)]);
      } finally {
        wait.abort();
        signal.removeEventListener('abort', stop);
      }
      if (read === SILENT) {
        if (!signal.aborted) yield PING_FRAME;
        continue;
      }
      if (read.done) return;
      yield read.value;
      pending = frames.next();
    }
  } finally {
    await frames.return(undefined);
  }
}
