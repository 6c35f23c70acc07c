/**
 * A fake provider on loopback: real HTTP, speaking whatever wire format the test scripts (usually
 * a recorded response replayed in the provider's own SSE framing). It records every request, so
 * tests check what the gateway sent upstream as well as what it returned.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  json: Record<string, unknown>;
  /** Resolves when the gateway closed the connection before the reply ended (an abort). */
  aborted: Promise<void>;
  /** Body bytes the connection has accepted so far. */
  bytesWritten: number;
}

export type FakeReply =
  | { status?: number; headers?: Record<string, string>; json: unknown }
  | { status?: number; headers?: Record<string, string>; text: string }
  | {
      status?: number;
      headers?: Record<string, string>;
      /** Raw body pieces written one by one. */
      chunks: Iterable<string>;
      /** Wait between pieces. */
      delayMs?: number;
      /** End the connection abruptly after the pieces instead of ending the body. */
      destroyAfter?: boolean;
      /** Keep the connection open after the pieces, sending nothing more. */
      hangAfter?: boolean;
      /** Write a piece only when the connection takes more, as a real server under backpressure. */
      backpressure?: boolean;
    }
  /** Never answer. */
  | { hang: true }
  /** Drop the connection without answering. */
  | { destroy: true };

export type FakeHandler = (request: RecordedRequest) => FakeReply | Promise<FakeReply>;

export interface FakeUpstream {
  url: string;
  requests: RecordedRequest[];
  /** Connections opened to it so far (some may have carried no request). */
  connections(): number;
  /** Replaces the reply for the requests that follow. */
  reply(handler: FakeHandler): void;
  close(): Promise<void>;
}

export async function startFakeUpstream(handler: FakeHandler = () => ({ status: 500, text: 'no reply scripted' })): Promise<FakeUpstream> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    void handle(req, res);
  });

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(body) as Record<string, unknown>;
    } catch {
      // Not every request has a JSON body.
    }
    const aborted = new Promise<void>((resolve) => {
      res.once('close', () => {
        if (!res.writableFinished) resolve();
      });
    });
    const recorded: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, json, aborted, bytesWritten: 0 };
    requests.push(recorded);

    let reply: FakeReply;
    try {
      reply = await current(recorded);
    } catch (error) {
      // A broken script fails its test at once instead of leaving the gateway waiting.
      res.writeHead(599, { 'content-type': 'text/plain' }).end(`fake upstream script failed: ${String(error)}`);
      return;
    }
    if ('hang' in reply) return;
    if ('destroy' in reply) {
      req.socket.destroy();
      return;
    }
    const status = reply.status ?? 200;
    if ('json' in reply) {
      res.writeHead(status, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.json));
      return;
    }
    if ('text' in reply) {
      res.writeHead(status, { 'content-type': 'text/plain', ...reply.headers }).end(reply.text);
      return;
    }
    res.writeHead(status, { 'content-type': 'text/event-stream', ...reply.headers });
    res.flushHeaders();
    /** Settles once the pieces written so far have left for the connection. */
    let written = Promise.resolve();
    for (const piece of reply.chunks) {
      if (res.destroyed) return;
      let accepted = true;
      written = new Promise((resolve) => {
        accepted = res.write(piece, () => resolve());
      });
      recorded.bytesWritten += Buffer.byteLength(piece);
      if (!accepted && reply.backpressure) {
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done);
            res.off('close', done);
            resolve();
          };
          res.on('drain', done);
          res.on('close', done);
        });
      }
      if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    }
    if (reply.destroyAfter) {
      // The pieces leave before the connection is cut, as in a real mid-stream failure.
      await written;
      req.socket.destroy();
      return;
    }
    if (reply.hangAfter) return;
    res.end();
  }

  let connections = 0;
  server.on('connection', () => (connections += 1));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    connections: () => connections,
    reply(next) {
      current = next;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
