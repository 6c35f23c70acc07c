/**
 * The server both fake providers run in their own process: POST paths each with its answer, the body read whole,
 * and the answer a fake builds for it written at once, a streamed answer one write per event (as
 * a real provider's events arrive), or one event every `delayMs` for the memory test's slow
 * streams. Listens on PORT (default 0) and prints `<name> listening on http://127.0.0.1:PORT`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeAnswer =
  | { headers: Record<string, string>; json: string }
  | { headers: Record<string, string>; frames: readonly string[]; delayMs: number };

/** An answer gets the request body and returns undefined for one it cannot read (a 400). */
export type FakeAnswerFor = (body: string) => FakeAnswer | undefined;

export function serveFakeUpstream(name: string, answers: Readonly<Record<string, FakeAnswerFor>>): void {
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = req.method === 'POST' && req.url !== undefined ? answers[req.url] : undefined;
    if (!answer) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found","type":"invalid_request_error"}}');
      return;
    }
    const reply = answer(Buffer.concat(chunks).toString('utf8'));
    if (!reply) {
      res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"bad request","type":"invalid_request_error"}}');
      return;
    }
    if ('json' in reply) {
      res.writeHead(200, { ...reply.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(reply.json) }).end(reply.json);
      return;
    }
    res.writeHead(200, { ...reply.headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
    if (reply.delayMs === 0) {
      for (const frame of reply.frames) res.write(frame);
      res.end();
      return;
    }
    for (const frame of reply.frames) {
      if (res.destroyed) return;
      res.write(frame);
      await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    }
    res.end();
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 60_000;
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', 2048, () => {
    const { port } = server.address() as AddressInfo;
    console.log(`${name} listening on http://127.0.0.1:${port}`);
  });

  // A clean exit on SIGTERM, so `--cpu-prof` can write its profile.
  process.once('SIGTERM', () => process.exit(0));
}
