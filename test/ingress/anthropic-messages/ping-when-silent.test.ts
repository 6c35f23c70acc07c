import { describe, expect, it } from 'vitest';
import { PING_FRAME, PING_INTERVAL_MS, pingWhenSilent } from '../../../functions/ingress/anthropic-messages/ping-when-silent.ts';
import { manualClock } from '../../support/manual-clock.ts';

/** A source of frames the test releases one by one; `end` and `fail` finish it. */
function source() {
  const queue: Array<{ frame?: string; fail?: Error }> = [];
  let wake: (() => void) | undefined;
  let returned = false;
  const put = (item: { frame?: string; fail?: Error } | undefined) => {
    queue.push(item ?? {});
    wake?.();
  };
  async function* frames(): AsyncGenerator<string> {
    try {
      for (;;) {
        while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        const item = queue.shift()!;
        if (item.fail) throw item.fail;
        if (item.frame === undefined) return;
        yield item.frame;
      }
    } finally {
      returned = true;
    }
  }
  return { frames: frames(), send: (frame: string) => put({ frame }), end: () => put(undefined), fail: (error: Error) => put({ fail: error }), returned: () => returned };
}

/** The manual clock's sleep, each wait recorded with its signal, so a test knows when one began and that it was cancelled. */
function recordedSleeps() {
  const clock = manualClock(0);
  const waits: Array<{ ms: number; signal: AbortSignal }> = [];
  let began: (() => void) | undefined;
  return {
    clock,
    waits,
    sleep: (ms: number, signal: AbortSignal) => {
      waits.push({ ms, signal });
      began?.();
      return clock.sleep(ms, signal);
    },
    /** Resolves once `count` waits have begun. */
    waitsBegun: (count: number) =>
      new Promise<void>((resolve) => {
        const check = () => (waits.length >= count ? resolve() : undefined);
        began = check;
        check();
      }),
    allCancelled: () => waits.every((wait) => wait.signal.aborted),
  };
}

describe('pingWhenSilent', () => {
  it('writes the first frames at once, then a ping at each tick (half the interval) that finds nothing written since the one before', async () => {
    const upstream = source();
    const timer = recordedSleeps();
    const client = new AbortController();
    const out = pingWhenSilent(upstream.frames, { sleep: timer.sleep, signal: client.signal });
    const TICK = PING_INTERVAL_MS / 2;

    upstream.send('message_start');
    expect((await out.next()).value).toBe('message_start');
    // Nothing waits before the first frames.
    expect(timer.waits).toEqual([]);

    const afterStart = out.next();
    await timer.waitsBegun(1);
    expect(timer.waits[0]!.ms).toBe(TICK);
    upstream.send('delta');
    expect((await afterStart).value).toBe('delta');

    // The first tick finds the delta written: no ping, and one wait only while frames flow.
    const silence = out.next();
    upstream.send('delta 2');
    expect((await silence).value).toBe('delta 2');
    expect(timer.waits).toHaveLength(1);
    const quiet = out.next();
    timer.clock.advance(TICK);
    await timer.waitsBegun(2);
    // The next tick finds the stream silent since: a ping, at most the interval after the last write.
    timer.clock.advance(TICK);
    expect((await quiet).value).toBe(PING_FRAME);

    const again = out.next();
    await timer.waitsBegun(3);
    timer.clock.advance(TICK);
    expect((await again).value).toBe(PING_FRAME);

    const last = out.next();
    await timer.waitsBegun(4);
    upstream.send('message_stop');
    expect((await last).value).toBe('message_stop');
    upstream.end();
    expect(await out.next()).toEqual({ done: true, value: undefined });
    expect(timer.allCancelled()).toBe(true);
    expect(upstream.returned()).toBe(true);
  });

  it('cancels its wait when the stream fails, and passes the failure on', async () => {
    const upstream = source();
    const timer = recordedSleeps();
    const out = pingWhenSilent(upstream.frames, { sleep: timer.sleep, signal: new AbortController().signal });
    upstream.send('message_start');
    await out.next();
    const next = out.next();
    await timer.waitsBegun(1);
    upstream.fail(new Error('encoder bug'));
    await expect(next).rejects.toThrow('encoder bug');
    expect(timer.allCancelled()).toBe(true);
  });

  it('stops waiting and pinging when the client leaves', async () => {
    const upstream = source();
    const timer = recordedSleeps();
    const client = new AbortController();
    const out = pingWhenSilent(upstream.frames, { sleep: timer.sleep, signal: client.signal });
    upstream.send('message_start');
    await out.next();
    const next = out.next();
    await timer.waitsBegun(1);
    client.abort();
    // The upstream call is aborted with the client's signal: its stream ends.
    upstream.end();
    expect(await next).toEqual({ done: true, value: undefined });
    expect(timer.waits).toHaveLength(1);
    expect(timer.allCancelled()).toBe(true);
    expect(upstream.returned()).toBe(true);
  });
});
