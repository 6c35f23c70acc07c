/**
 * The floor to compare the gateway with: the least a Node proxy does. An http server that reads
 * the request body, forwards it upstream with `fetch` (Node's built-in client; the gateway calls
 * providers with Node's `http` module, net/send-request.ts) to the same path with the provider's
 * key and version headers, and pipes the answer back with the upstream's status and headers. No
 * parsing, no validation, no logging.
 *
 * Run as its own process: `UPSTREAM_URL=http://127.0.0.1:PORT node bench/bare-proxy.ts` (PORT,
 * default 0) prints `listening on http://127.0.0.1:PORT`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

const upstream = process.env.UPSTREAM_URL;
if (!upstream) throw new Error('UPSTREAM_URL is not set');

/** The request headers a provider reads: OpenAI's key, Anthropic's key and API version. */
const FORWARDED = ['authorization', 'x-api-key', 'anthropic-version'] as const;

/** Headers that describe one connection, not the message: never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade', 'te', 'trailer']);

async function forward(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);

  const headers: Record<string, string> = { 'content-type': req.headers['content-type'] ?? 'application/json' };
  for (const name of FORWARDED) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const response = await fetch(`${upstream}${req.url ?? '/'}`, {
    method: req.method ?? 'POST',
    headers,
    body: Buffer.concat(chunks),
    signal: controller.signal,
  });

  const answer: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name)) answer[name] = value;
  });
  res.writeHead(response.status, answer);
  if (!response.body) {
    res.end();
    return;
  }
  await pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res);
}

const server = createServer((req, res) => {
  forward(req, res).catch(() => {
    if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":{"message":"upstream failed"}}');
    else res.destroy();
  });
});
// Like the gateway's server (start-server.ts): Node's defaults, without the request timeout.
server.requestTimeout = 0;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  console.log(`bare proxy listening on http://127.0.0.1:${port}`);
});

// A clean exit on SIGTERM, so `--cpu-prof` can write its profile.
process.once('SIGTERM', () => process.exit(0));
