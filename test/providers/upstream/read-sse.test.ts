import { describe, expect, it } from 'vitest';
import { readSse } from '../../../functions/providers/upstream/read-sse.ts';
import { collect } from '../../support/recorded.ts';

const encoder = new TextEncoder();

/** A body that delivers the pieces, then ends, fails, or stays silent. */
function body(pieces: string[], end: 'close' | 'error' | 'silent' = 'close', onSilent?: (fail: (error: Error) => void) => void): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream({
    pull(controller) {
      if (index >= pieces.length && end === 'silent') onSilent?.((error) => controller.error(error));
      if (index < pieces.length) controller.enqueue(encoder.encode(pieces[index++]));
      else if (end === 'close') controller.close();
      else if (end === 'error') controller.error(new TypeError('terminated'));
      // silent: never enqueue again
    },
  });
}

const options = (overrides: Partial<Parameters<typeof readSse>[1]> = {}) => ({
  provider: 'p',
  idleTimeoutMs: 200,
  abort: () => {},
  clientSignal: new AbortController().signal,
  ...overrides,
});

describe('readSse', () => {
  it('parses events split anywhere, CRLF framing, comments and named events', async () => {
    const messages = (await collect(
      readSse(body(['data: {"a"', ':1}\r\n\r\n: ping\n\nevent: message_stop\nda', 'ta: {}\n\n']), options()),
    )).flat();
    expect(messages).toEqual([
      { data: '{"a":1}', event: undefined, id: undefined },
      { data: '{}', event: 'message_stop', id: undefined },
    ]);
  });

  it('keeps a last event whose blank line never came', async () => {
    const messages = (await collect(readSse(body(['data: a\n\ndata: [DONE]']), options()))).flat();
    expect(messages.map((message) => message.data)).toEqual(['a', '[DONE]']);
  });

  it('yields one batch per read while the body is still arriving', async () => {
    const batches = await collect(readSse(body(['data: a\n\n', 'data: b\n\ndata: c\n\n']), options({ bodyReadWhole: () => false })));
    expect(batches.map((batch) => batch.map((message) => message.data))).toEqual([['a'], ['b', 'c']]);
  });

  it('ends with the read that takes the rest of a body arrived whole, its end in the same batch, without waiting on the reader', async () => {
    let reads = 0;
    let returned = false;
    // A body whose reader fails past its last piece: only reading no further ends the stream well.
    const pieces = ['data: a\n\n', 'data: b\n\ndata: [DONE]'];
    const endless: AsyncIterable<Uint8Array> = {
      [Symbol.asyncIterator]: () => ({
        next: () => (reads < pieces.length ? Promise.resolve({ done: false, value: encoder.encode(pieces[reads++]) }) : Promise.reject(new Error('read past the end'))),
        return: () => ((returned = true), Promise.resolve({ done: true, value: undefined })),
      }),
    };
    const closed: boolean[] = [];
    // The body counts as read whole from its second read on.
    const batches = await collect(readSse(endless, options({ bodyReadWhole: () => reads >= 2, onClose: (bodyEnded) => closed.push(bodyEnded) })));
    expect(batches.map((batch) => batch.map((message) => message.data))).toEqual([['a'], ['b', '[DONE]']]);
    expect(reads).toBe(2);
    // Ending the reader would destroy a Node body, and its connection with it.
    expect(returned).toBe(false);
    expect(closed).toEqual([true]);
  });

  it('still yields what a read completed before the next read fails', async () => {
    const reading = readSse(body(['data: a\n\n'], 'error'), options());
    expect(await reading.next()).toEqual({ done: false, value: [expect.objectContaining({ data: 'a' })] });
    await expect(reading.next()).rejects.toMatchObject({ code: 'upstream_stream_incomplete' });
  });

  it('turns a broken connection into a stream-cut error naming the provider', async () => {
    await expect(collect(readSse(body(['data: a\n\n'], 'error'), options()))).rejects.toMatchObject({
      status: 502,
      code: 'upstream_stream_incomplete',
      message: expect.stringContaining('p stream ended early'),
    });
  });

  it('times out a silent stream, aborting the upstream', async () => {
    let aborted = false;
    let fail: (error: Error) => void = () => {};
    const stream = body(['data: a\n\n'], 'silent', (failBody) => (fail = failBody));
    // Aborting fetch fails the pending read of its body; the fake body does the same.
    const reading = collect(readSse(stream, options({ abort: () => ((aborted = true), fail(new Error('aborted'))) })));
    await expect(reading).rejects.toMatchObject({ status: 504, code: 'upstream_timeout' });
    expect(aborted).toBe(true);
  });
});
