/**
 * providers/upstream/open-upstream.ts over a real connection: a stream whose body has arrived whole
 * ends with the read that takes it (read-sse.ts's `bodyReadWhole`), without ending the body's
 * reader, and its connection still goes back to its pool, whole, for the next request.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createExpiringAgents } from '../../../functions/net/expiring-agents.ts';
import type { Agents } from '../../../functions/net/send-request.ts';
import { openUpstream } from '../../../functions/providers/upstream/open-upstream.ts';
import { collect } from '../../support/recorded.ts';

let server: Server | undefined;
let agents: Agents | undefined;

afterEach(async () => {
  agents?.http.destroy();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A provider that streams `events` (one write each), or answers `json`, on connections it counts. */
async function start(answer: { events: string[] } | { json: string }) {
  const connections: Socket[] = [];
  server = createServer({ keepAliveTimeout: 600_000 }, (request, response) => {
    request.resume();
    request.on('end', () => {
      if ('json' in answer) {
        response.writeHead(200, { 'content-type': 'application/json' }).end(answer.json);
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const event of answer.events) response.write(event);
      response.end();
    });
  });
  server.on('connection', (socket: Socket) => connections.push(socket));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  agents = createExpiringAgents({ keepAlive: true });
  const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1/chat/completions`;
  const open = () =>
    openUpstream(
      { url, headers: { 'content-type': 'application/json' }, body: '{}' },
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

  it('reuses the connection of a JSON answer', async () => {
    const { open, connections } = await start({ json: '{"ok":true}' });
    for (let request = 0; request < 3; request++) expect(await (await open()).json()).toEqual({ ok: true });
    expect(connections).toHaveLength(1);
  });
});
