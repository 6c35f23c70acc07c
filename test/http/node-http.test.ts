/**
 * The Node adapter (what `npm start` serves with) on a real server and raw TCP clients, for what
 * an HTTP client library would hide: how the connection behaves around an answer.
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContinueListener, createNodeListener } from '../../functions/http/adapters/node-http.ts';
import { jsonResponse } from '../../functions/http/json-response.ts';

const LIMIT = 6 * 1024 * 1024;
const BODY_BYTES = 12 * 1024 * 1024;
const CHUNK = Buffer.alloc(256 * 1024, 'x');

let server: Server;
let port: number;

beforeAll(async () => {
  const listener = createNodeListener(async () => jsonResponse(200, { ok: true }), { maxRequestBytes: LIMIT, drainTimeoutMs: 1_000 });
  server = createServer(listener);
  server.on('checkContinue', createContinueListener(listener, { maxRequestBytes: LIMIT }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

interface Outcome {
  /** Everything the client read. */
  received: string;
  /** The socket error the client met (ECONNRESET, EPIPE), if any. */
  error?: string;
}

/**
 * One kept-alive connection: a small request answered, then a body over the limit, written with
 * backpressure as a client library writes it, reading all the while. A write refused because the
 * server closed first (EPIPE, ECONNRESET) counts as a failure even when the 413 was read: most
 * clients report that error rather than the answer, and it can as well destroy the 413 unread.
 */
function sendOversized(chunked: boolean): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let error: string | undefined;
    socket.setEncoding('latin1');
    socket.on('data', (data: string) => {
      received += data;
    });
    socket.on('error', (thrown: NodeJS.ErrnoException) => {
      error ??= thrown.code ?? thrown.message;
    });
    socket.on('close', () => resolve({ received, ...(error === undefined ? {} : { error }) }));
    const head = (length: string) => `POST /v1/chat/completions HTTP/1.1\r\nhost: localhost\r\nconnection: keep-alive\r\ncontent-type: application/json\r\n${length}\r\n\r\n`;
    socket.write(`${head('content-length: 2')}{}`);
    socket.once('data', async () => {
      socket.write(head(chunked ? 'transfer-encoding: chunked' : `content-length: ${BODY_BYTES}`));
      for (let sent = 0; sent < BODY_BYTES && !socket.destroyed; sent += CHUNK.length) {
        const piece = chunked ? Buffer.concat([Buffer.from(`${CHUNK.length.toString(16)}\r\n`), CHUNK, Buffer.from('\r\n')]) : CHUNK;
        if (!socket.write(piece)) await new Promise((drained) => socket.once('drain', drained).once('close', drained));
      }
      if (chunked && !socket.destroyed) socket.write('0\r\n\r\n');
    });
  });
}

describe('a body over the limit on a kept-alive connection', () => {
  it.each([
    ['with a content-length', false],
    ['chunked', true],
  ])('is answered 413, every time, and never reset (%s)', async (_, chunked) => {
    const outcomes: Outcome[] = [];
    // 25 connections, 5 at a time: enough for a race that loses once in a few hundred to show.
    for (let round = 0; round < 5; round += 1) outcomes.push(...(await Promise.all(Array.from({ length: 5 }, () => sendOversized(chunked)))));
    const answers = outcomes.map(({ received, error }) => `${/HTTP\/1\.1 413[^]*"code":"request_too_large"/.test(received) ? '413' : 'no 413'}${error ? ` ${error}` : ''}`);
    expect(answers).toEqual(outcomes.map(() => '413'));
  });
});

/**
 * A request sent with `expect: 100-continue` and a declared length, as curl sends a large upload:
 * the body goes only once the server says `100 Continue`. Resolves with what the server answered
 * before any body was sent, everything read, and whether the body was sent.
 */
function expectingContinue(length: number): Promise<{ first: string; received: string; sentBody: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    let first: string | undefined;
    let sentBody = false;
    socket.setEncoding('latin1');
    socket.on('error', reject);
    socket.on('data', (data: string) => {
      received += data;
      first ??= data;
      if (!sentBody && /^HTTP\/1\.1 100 Continue\r\n\r\n/.test(received)) {
        sentBody = true;
        socket.write(Buffer.alloc(length, ' '));
      }
      if (/HTTP\/1\.1 200[^]*\{"ok":true\}$/.test(received)) socket.end();
    });
    socket.on('close', () => resolve({ first: first ?? '', received, sentBody }));
    socket.write(`POST /v1/chat/completions HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\nexpect: 100-continue\r\n\r\n`);
  });
}

describe('a request that expects 100 Continue', () => {
  it('is refused with its 413 before its body is sent when it declares a body over the limit, and the connection closed', async () => {
    const { first, received, sentBody } = await expectingContinue(LIMIT + 1);
    expect(first).toMatch(/^HTTP\/1\.1 413 /);
    expect(received).toMatch(/connection: close[^]*"code":"request_too_large"/i);
    expect(received).not.toContain('100 Continue');
    expect(sentBody).toBe(false);
  });

  it('is told to continue, and answered, when its body is within the limit', async () => {
    const { first, received, sentBody } = await expectingContinue(2);
    expect(first).toMatch(/^HTTP\/1\.1 100 Continue\r\n/);
    expect(sentBody).toBe(true);
    expect(received).toMatch(/HTTP\/1\.1 200 [^]*\{"ok":true\}$/);
  });
});
