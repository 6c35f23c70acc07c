/**
 * One batch API call against real servers on loopback that misbehave as providers can: what is
 * sent, and each failure as the CallError the batch clients rely on.
 */
import { createServer, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { callBatchApi, type BatchHttpContext } from '../../functions/batches/batch-http.ts';

const context = (timeoutMs = 60_000): BatchHttpContext => ({ provider: 'acme', adapter: { parseErrorBody: (text) => ({ message: text }) }, timeoutMs });

interface Seen {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/** Runs `test` against a server answering as `handler` does, the requests it saw recorded whole. */
async function withServer(handler: RequestListener, test: (origin: string, seen: Seen[]) => Promise<void>): Promise<void> {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({ method: request.method, url: request.url, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      handler(request, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    await test(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen);
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

describe('a batch API call', () => {
  it('sends a POST body whole with its length, a GET without one, and answers the body as text', async () => {
    await withServer(
      (_request, response) => response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":"é"}'),
      async (origin, seen) => {
        const headers = { authorization: 'Bearer k' };
        expect(await callBatchApi({ method: 'POST', url: `${origin}/v1/files`, headers, body: Buffer.from('multipart ✓') }, context())).toBe('{"ok":"é"}');
        expect(await callBatchApi({ method: 'GET', url: `${origin}/v1/batches/b1`, headers }, context())).toBe('{"ok":"é"}');
        expect(seen.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
          { method: 'POST', url: '/v1/files', body: 'multipart ✓' },
          { method: 'GET', url: '/v1/batches/b1', body: '' },
        ]);
        expect(seen[0]!.headers).toMatchObject({ authorization: 'Bearer k', 'content-length': String(Buffer.byteLength('multipart ✓')) });
        expect(seen[0]!.headers['transfer-encoding']).toBeUndefined();
        expect(seen[1]!.headers['content-length']).toBeUndefined();
      },
    );
  });

  it('does not follow a redirect: a 3xx is the provider answering wrongly', async () => {
    await withServer(
      (request, response) => (request.url === '/start' ? response.writeHead(302, { location: '/elsewhere' }).end('moved') : response.writeHead(200).end('{}')),
      async (origin, seen) => {
        await expect(callBatchApi({ method: 'GET', url: `${origin}/start`, headers: {} }, context())).rejects.toMatchObject({
          status: 502,
          code: 'upstream_error',
          provider: 'acme',
          message: 'acme failed with status 302: moved',
        });
        expect(seen.map(({ url }) => url)).toEqual(['/start']);
      },
    );
  });

  it('times out a body that stops coming after the headers', async () => {
    await withServer(
      (_request, response) => response.writeHead(200).write('{"data":['),
      async (origin) => {
        await expect(callBatchApi({ method: 'GET', url: `${origin}/v1/files/f/content`, headers: {} }, context(50))).rejects.toMatchObject({
          status: 504,
          code: 'upstream_timeout',
          message: 'acme did not answer within 50 ms',
        });
      },
    );
  });

  it('stops when the caller aborts while the call is under way', async () => {
    const controller = new AbortController();
    await withServer(
      // Never answers; the caller gives up once the request is in.
      () => controller.abort(),
      async (origin) => {
        await expect(callBatchApi({ method: 'GET', url: `${origin}/v1/batches/b1`, headers: {} }, context(), controller.signal)).rejects.toMatchObject({
          status: 499,
          code: 'client_closed_request',
        });
      },
    );
  });

  it('counts a body that breaks off, and a refused connection, as the provider unreachable', async () => {
    await withServer(
      (_request, response) => {
        response.writeHead(200, { 'content-length': '100' }).write('{"id":');
        response.socket?.end();
      },
      async (origin) => {
        await expect(callBatchApi({ method: 'GET', url: `${origin}/v1/batches/b1`, headers: {} }, context())).rejects.toMatchObject({
          status: 503,
          code: 'upstream_unreachable',
          message: expect.stringMatching(/^Could not reach acme: /),
        });
      },
    );
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await expect(callBatchApi({ method: 'GET', url: `http://127.0.0.1:${port}/v1/batches/b1`, headers: {} }, context())).rejects.toMatchObject({
      status: 503,
      message: 'Could not reach acme: ECONNREFUSED',
    });
  });
});
