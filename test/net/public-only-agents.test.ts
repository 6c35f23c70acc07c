/**
 * The public-only agents against a real HTTP server on 127.0.0.1, its names resolved by an
 * injected resolver (no network: nothing connects outside loopback), and their lookup on its own
 * for answers no local server can stand for (a public address).
 */
import type { LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPublicOnlyAgents, publicOnlyLookup, RefusedAddressError, type PublicOnlyAgents, type PublicOnlyOptions } from '../../functions/net/public-only-agents.ts';
import { discardBody, sendRequest } from '../../functions/net/send-request.ts';

let server: Server;
let port: number;
let connections = 0;
const created: PublicOnlyAgents[] = [];

beforeAll(async () => {
  // Each answer closes its connection: every request connects (and resolves) anew.
  server = createServer((_request, response) => response.writeHead(200, { connection: 'close' }).end('ok'));
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterEach(() => {
  for (const agents of created.splice(0)) agents.destroy();
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const agents = (options: PublicOnlyOptions) => {
  const made = createPublicOnlyAgents(options);
  created.push(made);
  return made;
};

/** The status, or the error the request failed with. */
async function post(url: string, through: PublicOnlyAgents): Promise<number | Error> {
  try {
    const response = await sendRequest({ method: 'POST', url, headers: {}, body: '{}' }, new AbortController().signal, through);
    await discardBody(response, 1024);
    return response.statusCode ?? 0;
  } catch (error) {
    return error as Error;
  }
}

/** A resolver answering each call with the next of `answers`, and counting the calls. */
function resolver(...answers: string[][]) {
  const calls: string[] = [];
  return {
    calls,
    resolve: async (hostname: string): Promise<LookupAddress[]> => {
      calls.push(hostname);
      return (answers.shift() ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    },
  };
}

describe('the public-only agents', () => {
  it('refuses a loopback address in every notation without connecting', async () => {
    const names = resolver();
    const publicOnly = agents({ allowLoopback: false, resolve: names.resolve });
    const before = connections;
    for (const host of ['127.0.0.1', '2130706433', '0x7f.1', '0177.0.0.1', '127.1', '[::ffff:127.0.0.1]']) {
      const outcome = await post(`http://${host}:${port}/hook`, publicOnly);
      expect(outcome, host).toBeInstanceOf(RefusedAddressError);
      expect(outcome).toMatchObject({ kind: 'loopback', message: expect.stringMatching(/is a loopback address, not a public one$/) });
    }
    expect(connections).toBe(before);
    // A literal is never resolved: it is checked as it is.
    expect(names.calls).toEqual([]);
  });

  it('refuses a name that resolves to loopback, over http and https, without connecting', async () => {
    const names = resolver(['127.0.0.1'], ['::1', '127.0.0.1']);
    const publicOnly = agents({ allowLoopback: false, resolve: names.resolve });
    const before = connections;
    expect(await post(`http://receiver.invalid:${port}/hook`, publicOnly)).toMatchObject({
      name: 'RefusedAddressError',
      message: 'receiver.invalid resolves to 127.0.0.1, which is a loopback address, not a public one',
    });
    expect(await post(`https://receiver.invalid:${port}/hook`, publicOnly)).toMatchObject({ name: 'RefusedAddressError', address: '::1' });
    expect(connections).toBe(before);
    expect(names.calls).toEqual(['receiver.invalid', 'receiver.invalid']);
  });

  it('reaches loopback where it is allowed, and refuses the same name once it resolves to a private address (DNS rebinding)', async () => {
    const names = resolver(['127.0.0.1'], ['10.0.0.7']);
    const loopbackAllowed = agents({ allowLoopback: true, resolve: names.resolve });
    const before = connections;
    expect(await post(`http://receiver.invalid:${port}/hook`, loopbackAllowed)).toBe(200);
    expect(connections).toBe(before + 1);
    expect(await post(`http://receiver.invalid:${port}/hook`, loopbackAllowed)).toMatchObject({
      name: 'RefusedAddressError',
      message: 'receiver.invalid resolves to 10.0.0.7, which is a private address, not a public one',
    });
    expect(connections).toBe(before + 1);
    expect(names.calls).toHaveLength(2);
    // Loopback is all it allows.
    expect(await post(`http://169.254.169.254:${port}/latest/meta-data/`, loopbackAllowed)).toMatchObject({ kind: 'link-local' });
  });

  it('refuses a literal private, link-local or unspecified address, IPv4-mapped or IPv6 too, where loopback is allowed, over http and https, without connecting', async () => {
    const names = resolver();
    const loopbackAllowed = agents({ allowLoopback: true, resolve: names.resolve });
    const before = connections;
    const refused: Array<[origin: string, kind: string]> = [
      ['http://10.0.0.7', 'private'],
      ['https://192.168.1.20', 'private'],
      ['http://169.254.169.254', 'link-local'],
      ['https://[::ffff:10.0.0.7]', 'private'],
      ['http://[fd00::1]', 'private'],
      ['http://0.0.0.0', 'unspecified'],
      ['https://[::]', 'unspecified'],
    ];
    for (const [origin, kind] of refused) {
      expect(await post(`${origin}:${port}/hook`, loopbackAllowed), origin).toMatchObject({ name: 'RefusedAddressError', code: 'ERR_REFUSED_ADDRESS', kind });
    }
    expect(connections).toBe(before);
    expect(names.calls).toEqual([]);
  });

  it('reaches a literal loopback address only where loopback is allowed, and refuses localhost by what it resolves to', async () => {
    const before = connections;
    expect(await post(`http://127.0.0.1:${port}/hook`, agents({ allowLoopback: true }))).toBe(200);
    expect(connections).toBe(before + 1);
    expect(await post(`http://127.0.0.1:${port}/hook`, agents({ allowLoopback: false }))).toMatchObject({ kind: 'loopback', address: '127.0.0.1' });
    // The system's resolver: localhost is loopback wherever it runs.
    expect(await post(`http://localhost:${port}/hook`, agents({ allowLoopback: false }))).toMatchObject({
      name: 'RefusedAddressError',
      message: expect.stringMatching(/^localhost resolves to .+, which is a loopback address, not a public one$/),
    });
    expect(connections).toBe(before + 1);
  });
});

describe('the public-only lookup', () => {
  const lookup = (options: PublicOnlyOptions, hostname: string, all: boolean, family = 0) =>
    new Promise<{ error: Error | null; address: string | LookupAddress[]; family?: number | undefined }>((resolve) =>
      publicOnlyLookup(options)(hostname, { all, family }, (error, address, resolvedFamily) => resolve({ error, address, family: resolvedFamily })),
    );

  it('answers a public address, then refuses the same name when it resolves to a private one', async () => {
    const names = resolver(['93.184.215.14'], ['192.168.0.10']);
    const options = { allowLoopback: false, resolve: names.resolve };
    expect(await lookup(options, 'hooks.example.com', true)).toEqual({ error: null, address: [{ address: '93.184.215.14', family: 4 }], family: undefined });
    const second = await lookup(options, 'hooks.example.com', true);
    expect(second.error).toBeInstanceOf(RefusedAddressError);
    expect(second.error).toMatchObject({ address: '192.168.0.10', kind: 'private' });
  });

  it('refuses a name when any of its addresses is refused, not only the first', async () => {
    const options = { allowLoopback: false, resolve: resolver(['93.184.215.14', '2606:4700::1111', '169.254.169.254']).resolve };
    expect((await lookup(options, 'hooks.example.com', true)).error).toMatchObject({ kind: 'link-local', address: '169.254.169.254' });
  });

  it('answers one address when one is asked for, of the family asked for', async () => {
    const names = resolver(['2606:4700::1111', '93.184.215.14'], ['2606:4700::1111', '93.184.215.14'], ['93.184.215.14']);
    const options = { allowLoopback: false, resolve: names.resolve };
    expect(await lookup(options, 'hooks.example.com', false)).toEqual({ error: null, address: '2606:4700::1111', family: 6 });
    expect(await lookup(options, 'hooks.example.com', false, 4)).toEqual({ error: null, address: '93.184.215.14', family: 4 });
    expect((await lookup(options, 'hooks.example.com', false, 6)).error).toMatchObject({ code: 'ENOTFOUND' });
  });

  it("passes the resolver's own failure on", async () => {
    const failure = Object.assign(new Error('getaddrinfo ENOTFOUND hooks.invalid'), { code: 'ENOTFOUND' });
    const options = { allowLoopback: false, resolve: () => Promise.reject(failure) };
    expect((await lookup(options, 'hooks.invalid', true)).error).toBe(failure);
  });
});
