/**
 * health/read-health-after-first-response.ts: a Lambda instance starts its health refreshes after
 * its first response, waits for the first read in that invocation, but not past its limit, and
 * does nothing after later responses.
 */
import { describe, expect, it } from 'vitest';
import { readHealthAfterFirstResponse } from '../../functions/health/read-health-after-first-response.ts';

function engineWithRead() {
  let finishRead!: () => void;
  const loaded = new Promise<void>((resolve) => (finishRead = resolve));
  const engine = { starts: 0, start: () => void engine.starts++, matrix: { loaded: () => loaded } };
  return { engine, finishRead };
}

/** Whether `promise` has settled once everything already queued has run. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('the health refreshes of a Lambda instance', () => {
  it('start after the first response, whose step lasts until the first read is in', async () => {
    const { engine, finishRead } = engineWithRead();
    const afterResponse = readHealthAfterFirstResponse(engine, 60_000);
    expect(engine.starts).toBe(0);

    const first = afterResponse();
    expect(engine.starts).toBe(1);
    expect(await settled(first)).toBe(false);
    finishRead();
    expect(await settled(first)).toBe(true);
  });

  it('are not waited for past the limit: the read goes on, and the invocation ends', async () => {
    const { engine } = engineWithRead();
    const afterResponse = readHealthAfterFirstResponse(engine, 0);
    await afterResponse();
    expect(engine.starts).toBe(1);
  });

  it('are started once: the later responses start nothing and wait for nothing', async () => {
    const { engine } = engineWithRead();
    const afterResponse = readHealthAfterFirstResponse(engine, 0);
    await afterResponse();
    // The first read is still unanswered: a later step that waited for it would not settle.
    const second = afterResponse();
    expect(await settled(second)).toBe(true);
    expect(engine.starts).toBe(1);
  });

  it('wait for nothing without a health table', async () => {
    let starts = 0;
    await readHealthAfterFirstResponse({ start: () => void starts++ }, 60_000)();
    expect(starts).toBe(1);
  });
});
