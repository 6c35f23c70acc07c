/**
 * net/warm-connections.ts through the expiring agents and sendRequest: a connection opened ahead of
 * the first request to a host is the one that request goes out on, and one that expired, closed or
 * was written to by the server before then is not. The sockets are seen as Node creates them
 * (the `net.client.socket` diagnostics channel); the clock is the test's.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { createServer, type Server } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createExpiringAgents, type ExpiringAgents } from '../../functions/net/expiring-agents.ts';
import { readText, sendRequest } from '../../functions/net/send-request.ts';

let server: Server | undefined;
let agents: ExpiringAgents | undefined;
/** Every client socket Node creates while a test runs, in order. */
let clientSockets: Socket[] = [];
const onClientSocket = (message: unknown) => clientSockets.push((message as { socket: Socket }).socket);

afterEach(async () => {
  unsubscribe('net.client.socket', onClientSocket);
  for (const socket of clientSockets) socket.destroy();
  clientSockets = [];
  agents?.http.destroy();
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** `onConnection` may answer a connection before any request does (close it, or write to it). */
async function start(options: { timeout?: number; onConnection?: (socket: Socket) => void } = {}) {
  let clock = 0;
  const connections: Socket[] = [];
  let requests = 0;
  server = createServer({ keepAliveTimeout: 600_000 }, (request, response) => {
    requests += 1;
    request.resume();
    request.on('end', () => response.end(`request ${requests} on connection ${connections.indexOf(request.socket) + 1}`));
  });
  server.on('connection', (socket: Socket) => {
    connections.push(socket);
    options.onConnection?.(socket);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  subscribe('net.client.socket', onClientSocket);
  agents = createExpiringAgents({ keepAlive: true, timeout: options.timeout ?? 60_000, now: () => clock });
  const origin = `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
  const send = async (url = `${origin}/v1/chat/completions`) =>
    readText(await sendRequest({ method: 'POST', url, headers: {}, body: '{}' }, new AbortController().signal, agents));
  return { origin, send, connections, requests: () => requests, advance: (ms: number) => void (clock += ms) };
}

describe('warm connections', () => {
  it('are what the first request to their host goes out on', async () => {
    const { origin, send, connections } = await start();
    agents!.preconnect(origin);
    await expect.poll(() => connections).toHaveLength(1);

    expect(await send()).toBe('request 1 on connection 1');
    expect(await send()).toBe('request 2 on connection 1');
    expect(clientSockets).toHaveLength(1);
  });

  it('are opened once however often they are asked for', async () => {
    const { origin, send, connections } = await start();
    agents!.preconnect(origin);
    agents!.preconnect(`${origin}/v1`);
    agents!.preconnect(origin);

    expect(await send()).toBe('request 1 on connection 1');
    expect(clientSockets).toHaveLength(1);
    expect(connections).toHaveLength(1);
  });

  it('serve a request to their host by name, which Node names the server by, over http too', async () => {
    const { origin, send, connections } = await start();
    const named = origin.replace('127.0.0.1', 'localhost');
    agents!.preconnect(named);
    await expect.poll(() => connections).toHaveLength(1);

    expect(await send(`${named}/v1/chat/completions`)).toBe('request 1 on connection 1');
  });

  it('serve only a request to the same host and port', async () => {
    const { origin, send, connections } = await start();
    agents!.preconnect(origin);
    await expect.poll(() => connections).toHaveLength(1);

    expect(await send(`${origin.replace('127.0.0.1', 'localhost')}/v1/chat/completions`)).toBe('request 1 on connection 2');
    expect(await send()).toBe('request 2 on connection 1');
  });

  it('serve an https request to their host and port, named by its server name as Node names it', async () => {
    const { origin } = await start();
    const secure = origin.replace('http://127.0.0.1', 'https://localhost');
    agents!.preconnect(secure);
    await expect.poll(() => clientSockets).toHaveLength(1);

    // The server speaks no TLS, so the request fails after taking its connection: which one it took is the point.
    const taken = await new Promise<Socket>((resolve) => {
      const request = httpsRequest(`${secure}/v1/chat/completions`, { method: 'POST', agent: agents!.https });
      request.on('error', () => {});
      request.once('socket', (socket) => resolve(socket as Socket));
      request.end('{}');
    });
    expect(taken).toBe(clientSockets[0]);
    expect(clientSockets).toHaveLength(1);
  });

  it('are closed, not used, once idle past the timeout by the clock, and the request opens its own', async () => {
    const { origin, send, connections, requests, advance } = await start({ timeout: 60_000 });
    agents!.preconnect(origin);
    await expect.poll(() => connections).toHaveLength(1);
    advance(60_000);

    expect(await send()).toBe('request 1 on connection 2');
    expect(requests()).toBe(1);
    await expect.poll(() => connections[0]!.destroyed).toBe(true);
  });

  it('are not used once the server has closed them', async () => {
    let seen = 0;
    const { origin, send } = await start({ onConnection: (socket) => ++seen === 1 && socket.destroy() });
    agents!.preconnect(origin);
    await expect.poll(() => clientSockets[0]?.destroyed).toBe(true);

    expect(await send()).toBe('request 1 on connection 2');
  });

  it('are not used once closed on this side, before Node has said so', async () => {
    const { origin, send, connections } = await start();
    agents!.preconnect(origin);
    await expect.poll(() => connections).toHaveLength(1);
    // Its 'close' comes on a later tick: the request is made before then.
    clientSockets[0]!.destroy();

    expect(await send()).toBe('request 1 on connection 2');
  });

  it('are not used once the server has written on them unasked', async () => {
    const goodbye = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\nContent-Length: 0\r\n\r\n';
    let seen = 0;
    const { origin, send } = await start({ onConnection: (socket) => ++seen === 1 && socket.write(goodbye) });
    agents!.preconnect(origin);
    await expect.poll(() => clientSockets[0]?.readableLength ?? 0).toBeGreaterThan(0);

    expect(await send()).toBe('request 1 on connection 2');
    expect(clientSockets[0]!.destroyed).toBe(true);
  });

  it('fail quietly, and the request to that host fails as it would have', async () => {
    const { origin } = await start();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    agents!.preconnect(origin);
    await expect.poll(() => clientSockets[0]?.destroyed).toBe(true);

    await expect(sendRequest({ method: 'POST', url: `${origin}/v1/chat/completions`, headers: {}, body: '{}' }, new AbortController().signal, agents)).rejects.toMatchObject({
      code: 'ECONNREFUSED',
    });
    expect(clientSockets).toHaveLength(2);
  });

  it('are not opened through a proxy, whose tunnel is made for a request', async () => {
    const { origin } = await start();
    agents!.http.destroy();
    agents = createExpiringAgents({ keepAlive: true, proxyEnv: { HTTP_PROXY: origin, HTTPS_PROXY: origin } });
    agents.preconnect(origin);
    agents.preconnect(origin.replace('http:', 'https:'));

    expect(clientSockets).toHaveLength(0);
  });

  // NODE_USE_ENV_PROXY=1, with the environment Node then reads its proxies from (lower case first,
  // an empty value passed over, only an http or https URL taken).
  it.each([
    ['no proxy at all', () => ({}), 1],
    ['an https proxy only', (origin: string) => ({ HTTPS_PROXY: origin }), 1],
    ['an http proxy whose lower-case name says socks', (origin: string) => ({ http_proxy: 'socks5://proxy.invalid:1080', HTTP_PROXY: origin }), 1],
    ['an http proxy', (origin: string) => ({ HTTP_PROXY: origin }), 0],
    ['an http proxy behind an empty lower-case name', (origin: string) => ({ http_proxy: '', HTTP_PROXY: origin }), 0],
  ])('for an http host, with %s in the environment: %i opened', async (_, proxyEnv, opened) => {
    const { origin, connections } = await start();
    agents!.http.destroy();
    agents = createExpiringAgents({ keepAlive: true, proxyEnv: proxyEnv(origin) });
    agents.preconnect(origin);

    if (opened > 0) await expect.poll(() => connections).toHaveLength(opened);
    expect(clientSockets).toHaveLength(opened);
  });
});
