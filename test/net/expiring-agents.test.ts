/**
 * net/expiring-agents.ts through sendRequest: a kept-alive connection idle past its timeout by
 * the agents' clock (as after a Lambda instance was frozen, when Node's own timer could not run)
 * is closed when taken, and the request goes out on a new connection; the server never sees it
 * twice. The clock is the test's; Node's timers on the connections are far longer than the test.
 */
import { describe, expect, it } from 'vitest';
import { readText, sendRequest } from '../../functions/net/send-request.ts';
import { serveForTest } from '../support/serve-for-test.ts';

async function start(timeout: number, headers: Record<string, string> = {}) {
  let clock = 0;
  let requests = 0;
  const { origin, agents, connections } = await serveForTest(
    (request, response) => {
      requests += 1;
      request.resume();
      request.on('end', () => response.writeHead(200, headers).end(`request ${requests}`));
    },
    { keepAlive: true, timeout, now: () => clock },
  );
  const url = `${origin}/v1/chat/completions`;
  const send = async () => readText(await sendRequest({ method: 'POST', url, headers: {}, body: '{}' }, new AbortController().signal, agents));
  return { send, agents, connections, requests: () => requests, advance: (ms: number) => void (clock += ms) };
}

describe('expiring agents', () => {
  it('reuse a connection idle for less than its timeout', async () => {
    const { send, connections, advance } = await start(60_000);
    await send();
    advance(59_999);

    expect(await send()).toBe('request 2');
    expect(connections).toHaveLength(1);
  });

  it('close a connection idle past its timeout when it is taken, and send the request on a new one, once', async () => {
    const { send, connections, requests, advance } = await start(60_000);
    await send();
    advance(60_000);

    expect(await send()).toBe('request 2');
    expect(connections).toHaveLength(2);
    expect(requests()).toBe(2);
  });

  it("time a connection by the server's Keep-Alive hint when it is shorter, as Node's timer does", async () => {
    // Node keeps such a connection a second less than the hint: 4 s here.
    const { send, connections, advance } = await start(60_000, { 'keep-alive': 'timeout=5' });
    await send();
    advance(4_000);

    expect(await send()).toBe('request 2');
    expect(connections).toHaveLength(2);
  });

  it('never expire a connection their pool keeps with no timeout', async () => {
    const { send, connections, advance } = await start(0);
    await send();
    advance(24 * 3_600_000);

    expect(await send()).toBe('request 2');
    expect(connections).toHaveLength(1);
  });

  it('leave their pool as it would be without the expired connection', async () => {
    const { send, agents, advance } = await start(60_000);
    await send();
    advance(60_000);
    await send();

    const count = (sockets: NodeJS.ReadOnlyDict<unknown[]>) => Object.values(sockets).reduce((sum, list) => sum + (list?.length ?? 0), 0);
    await expect.poll(() => count(agents.http.sockets)).toBe(0);
    expect(count(agents.http.freeSockets)).toBe(1);
  });

  it('go through every expired connection in the pool before opening a new one', async () => {
    const { send, connections, requests, advance } = await start(60_000);
    await Promise.all([send(), send(), send()]);
    expect(connections).toHaveLength(3);
    advance(60_000);

    expect(await send()).toBe('request 4');
    expect(connections).toHaveLength(4);
    expect(requests()).toBe(4);
  });
});
