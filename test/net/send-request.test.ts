/**
 * net/send-request.ts with kept-alive connections: a connection the server had closed when a
 * request went out on it (after its keep-alive timeout, or while a Lambda instance was frozen) is
 * no failure of the server's, so the request goes out again on another; every other failure is the
 * caller's to see.
 */
import { createServer, Agent, type Server } from 'node:http';
import type { Socket, AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readText, sendRequest, type Agents } from '../../functions/net/send-request.ts';
import { Agent as HttpsAgent } from 'node:https';

let server: Server | undefined;
let agents: Agents | undefined;

afterEach(async () => {
  agents?.http.destroy();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/**
 * A server that answers each request with the number of requests it has read, except that it
 * resets the connection instead when `reset(connectionIndex, requestOnIt)` says so, as a server
 * that had already closed it would be seen to.
 */
async function startServer(reset: (connection: number, request: number) => boolean, maxSockets = 1) {
  const connections: Socket[] = [];
  const perConnection = new Map<Socket, number>();
  let requests = 0;
  server = createServer({ keepAliveTimeout: 60_000 }, (request, response) => {
    const socket = request.socket;
    const onIt = (perConnection.get(socket) ?? 0) + 1;
    perConnection.set(socket, onIt);
    requests += 1;
    request.resume();
    request.on('end', () => {
      if (reset(connections.indexOf(socket), onIt)) socket.resetAndDestroy();
      else response.end(String(requests));
    });
  });
  server.on('connection', (socket: Socket) => connections.push(socket));
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  agents = { http: new Agent({ keepAlive: true, maxSockets }), https: new HttpsAgent() };
  const url = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/`;
  const send = (signal = new AbortController().signal) => sendRequest({ method: 'POST', url, headers: {}, body: '{}' }, signal, agents);
  return { send, connections, requests: () => requests };
}

describe('sendRequest on kept-alive connections', () => {
  it('sends a request again on a new connection when its kept-alive one turns out closed', async () => {
    // The second request on the first connection is reset, as on a connection the server had closed.
    const { send, connections, requests } = await startServer((connection, request) => connection === 0 && request === 2);

    expect(await readText(await send())).toBe('1');
    const second = await send();

    expect(second.statusCode).toBe(200);
    expect(await readText(second)).toBe('3');
    expect(connections).toHaveLength(2);
    expect(requests()).toBe(3);
  });

  it('does not send again when a new connection is reset: that is the server failing', async () => {
    const { send, connections } = await startServer(() => true);

    await expect(send()).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(connections).toHaveLength(1);
  });

  it('gives up with the reset after a few stale connections in a row', async () => {
    // Six kept-alive connections in the pool, each of which is reset when used again.
    const { send, connections, requests } = await startServer((_connection, request) => request > 1, 6);
    await Promise.all(Array.from({ length: 6 }, () => send().then(readText)));
    expect(connections).toHaveLength(6);

    await expect(send()).rejects.toMatchObject({ code: 'ECONNRESET' });
    // Sent once and again on four more: five of the stale connections, and no new one.
    expect(requests()).toBe(6 + 5);
    expect(connections).toHaveLength(6);
  });

  it('does not send again once the caller has aborted', async () => {
    const controller = new AbortController();
    const { send, connections, requests } = await startServer((connection, request) => {
      if (connection === 0 && request === 2) {
        controller.abort(new Error('client went away'));
        return true;
      }
      return false;
    });
    expect(await readText(await send())).toBe('1');

    await expect(send(controller.signal)).rejects.toThrow();
    expect(connections).toHaveLength(1);
    expect(requests()).toBe(2);
  });
});
