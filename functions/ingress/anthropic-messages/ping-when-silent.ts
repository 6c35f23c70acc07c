/**
 * A translated Messages stream with Anthropic's keep-alive: an `event: ping` once a stream has
 * been silent for a while. Anthropic pings during a stream's long silences (a model thinking, a
 * slow first token); Claude Code and the SDKs take a silent stream for a stalled one, and proxies
 * on the way close idle connections. A stream passed through from Anthropic has its own.
 *
 * The first frames (message_start, which the encoder follows with a ping at once) go out as they
 * come: nothing may precede them. After that one wait runs at a time, a tick every half interval,
 * on the injected `sleep` (the gateway's clock, a test's own); a tick that finds nothing written
 * since the one before sends a ping. So a ping follows at most PING_INTERVAL_MS of silence, and a
 * busy stream pays for no timer per read, only for one every tick. The wait ends with the stream,
 * however it ends, and when the client leaves (`signal`).
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

/**
 * Why a stream's wait is cancelled when the stream ends: a reason of the gateway's own, as
 * `abort()` without one makes a DOMException, stack trace and all, for every stream (about 3 µs
 * of the 4 it costs here).
 */
const STREAM_ENDED = new Error('the stream ended');

export async function* pingWhenSilent(frames: AsyncGenerator<string>, { sleep, signal, intervalMs = PING_INTERVAL_MS }: PingOptions): AsyncGenerator<string> {
  const ended = new AbortController();
  const end = () => ended.abort(STREAM_ENDED);
  if (signal.aborted) end();
  signal.addEventListener('abort', end, { once: true });
  try {
    const first = await frames.next();
    if (first.done) return;
    yield first.value;
    const tick = () => sleep(intervalMs / 2, ended.signal).then((): typeof SILENT => SILENT);
    let ticking = tick();
    let wrote = false;
    let pending = frames.next();
    while (!ended.signal.aborted) {
      const read = await Promise.race([pending, ticking]);
      if (read === SILENT) {
        if (ended.signal.aborted) return;
        if (!wrote) yield PING_FRAME;
        wrote = false;
        ticking = tick();
        continue;
      }
      if (read.done) return;
      yield read.value;
      wrote = true;
      pending = frames.next();
    }
  } finally {
    end();
    signal.removeEventListener('abort', end);
    await frames.return(undefined);
  }
}
