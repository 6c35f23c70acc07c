/**
 * providers/upstream/open-upstream.ts over a real connection: a stream whose body has arrived whole
 * ends with the read that takes it (read-sse.ts's `bodyReadWhole`), before the body's own end and
 * without ending the body's reader, and its connection still goes back to its pool, whole, for the
 * next request.
 */
import diagnostics from 'node:diagnostics_channel';
import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { openUpstream } from '../../../functions/providers/upstream/open-upstream.ts';
import { collect } from '../../support/recorded.ts';
import { serveForTest } from '../../support/serve-for-test.ts';

/** A provider that streams `events` (`together`, or one write each), or answers `json`, on connections it counts. */
async function start(answer: { events: string[]; together?: true } | { json: string }) {
  const { origin, agents, connections } = await serveForTest(
    (request, response) => {
      request.resume();
      request.on('end', () => {
        if ('json' in answer) {
          response.writeHead(200, { 'content-type': 'application/json' }).end(answer.json);
          return;
        }
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        // In one write with the headers, so that it arrives whole in one read; or one write an event.
        if (answer.together) {
          response.end(answer.events.join(''));
          return;
        }
        for (const event of answer.events) response.write(event);
        response.end();
      });
    },
    { keepAlive: true },
  );
  const open = () =>
    openUpstream(
      { url: `${origin}/v1/chat/completions`, headers: { 'content-type': 'application/json' }, body: '{}' },
      { provider: 'p', adapter: { parseErrorBody: () => ({ message: 'failed' }) }, signal: new AbortController().signal, timeoutMs: 5_000, agents },
    );
  return { open, connections };
}

/** The next turn of the event loop, as the next client's request would come. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describe('openUpstream', () => {
  it('ends a stream read whole without ending its reader, and reuses its connection for the next request', async () => {
    const events = ['data: {"n":1}\n\n', 'data: {"n":2}\n\n', 'data: [DONE]\n\n'];
    const { open, connections } = await start({ events });

    for (let request = 0; request < 3; request++) {
      const exchange = await open();
      const batches = await collect(exchange.events(5_000));
      expect(batches.flat().map((message) => message.data)).toEqual(['{"n":1}', '{"n":2}', '[DONE]']);
      await nextTurn();
    }
    expect(connections).toHaveLength(1);
    expect(connections[0]!.destroyed).toBe(false);
  });

  it("ends a stream whose body has arrived whole before the body's own end is emitted", async () => {
    const { open } = await start({ events: ['data: {"n":1}\n\n', 'data: [DONE]\n\n'], together: true });
    const responses: IncomingMessage[] = [];
    const onResponse = (message: unknown) => void responses.push((message as { response: IncomingMessage }).response);
    diagnostics.subscribe('http.client.response.finish', onResponse);
    try {
      const exchange = await open();
      const batches = await collect(exchange.events(5_000));
      expect(batches.flat().map((message) => message.data)).toEqual(['{"n":1}', '[DONE]']);
      // Waiting for the reader's end would have waited for this.
      expect(responses[0]!.readableEnded).toBe(false);
      await nextTurn();
      expect(responses[0]!.readableEnded).toBe(true);
    } finally {
      diagnostics.unsubscribe('http.client.response.finish', onResponse);
    }
  });

  it('keeps the connection of a stream read whole that is closed before its reader finishes, as when the client leaves then', async () => {
    const { open, connections } = await start({ events: ['data: {"n":1}\n\n', 'data: [DONE]\n\n'], together: true });
    const exchange = await open();
    const events = exchange.events(5_000);
    const first = await events.next();
    expect(first.done ? [] : first.value.map((message) => message.data)).toEqual(['{"n":1}', '[DONE]']);
    // Aborts the exchange's request: a response received whole is not destroyed with it (send-request.ts).
    exchange.close();
    await events.return(undefined);
    await nextTurn();

    expect(await collect((await open()).events(5_000))).toHaveLength(1);
    expect(connections).toHaveLength(1);
  });

  it('reuses the connection of a JSON answer', async () => {
    const { open, connections } = await start({ json: '{"ok":true}' });
    for (let request = 0; request < 3; request++) expect(await (await open()).json()).toEqual({ ok: true });
    expect(connections).toHaveLength(1);
  });
});
