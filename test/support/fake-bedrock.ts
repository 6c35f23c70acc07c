/**
 * A fake Bedrock runtime on loopback: real HTTP, Converse JSON bodies, ConverseStream answers in
 * the binary `application/vnd.amazon.eventstream` framing (encoded by `@smithy/eventstream-codec`,
 * the codec the AWS SDKs use), and a SigV4 check that recomputes the signature with the test's key.
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { SignatureV4 } from '@smithy/signature-v4';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

const codec = new EventStreamCodec(
  (bytes) => new TextDecoder().decode(bytes),
  (text) => new TextEncoder().encode(text),
);

const stringHeader = (value: string) => ({ type: 'string' as const, value });

/** One ConverseStream event frame, as Bedrock sends it (payload padded with `p`, as Bedrock does). */
export const eventFrame = (eventType: string, payload: Record<string, unknown>): Uint8Array =>
  codec.encode({
    headers: { ':event-type': stringHeader(eventType), ':content-type': stringHeader('application/json'), ':message-type': stringHeader('event') },
    body: new TextEncoder().encode(JSON.stringify({ ...payload, p: 'abcdefghij' })),
  });

/** An exception frame inside a stream (`:message-type: exception`). */
export const exceptionFrame = (exceptionType: string, message: string): Uint8Array =>
  codec.encode({
    headers: {
      ':exception-type': stringHeader(exceptionType),
      ':content-type': stringHeader('application/json'),
      ':message-type': stringHeader('exception'),
    },
    body: new TextEncoder().encode(JSON.stringify({ message })),
  });

export interface BedrockRequest {
  /** Path as sent, still percent-encoded. */
  path: string;
  headers: IncomingMessage['headers'];
  json: Record<string, unknown>;
  /** Whether the SigV4 signature matches the one the fake computes with the expected key. */
  signatureValid: boolean;
}

export type BedrockReply =
  | { status?: number; headers?: Record<string, string>; json: unknown }
  /** Event-stream bytes, written piece by piece (a frame may be split across pieces). */
  | { status?: number; frames: Uint8Array[]; destroyAfter?: boolean };

export interface FakeBedrock {
  url: string;
  requests: BedrockRequest[];
  reply(handler: (request: BedrockRequest) => BedrockReply): void;
  close(): Promise<void>;
}

export interface FakeBedrockCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** The SigV4 signature the request should carry, recomputed from what arrived. */
async function expectedSignature(req: IncomingMessage, body: string, credentials: FakeBedrockCredentials): Promise<string | undefined> {
  const auth = req.headers.authorization ?? '';
  const signedHeaders = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';');
  const date = req.headers['x-amz-date'];
  if (!signedHeaders || typeof date !== 'string') return undefined;
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const [hostname, port] = (req.headers.host ?? '').split(':');
  const signer = new SignatureV4({ service: 'bedrock', region: credentials.region, credentials, sha256: Sha256 });
  const signed = await signer.sign(
    { method: req.method ?? 'POST', protocol: 'http:', hostname: hostname ?? '', ...(port ? { port: Number(port) } : {}), path: req.url ?? '', query: {}, headers, body },
    { signingDate: new Date(date.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z')) },
  );
  return /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization))?.[1];
}

export async function startFakeBedrock(credentials: FakeBedrockCredentials): Promise<FakeBedrock> {
  let handler: (request: BedrockRequest) => BedrockReply = () => ({ status: 500, json: { message: 'no reply scripted' } });
  const requests: BedrockRequest[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks).toString('utf8');
      const sent = /Signature=([0-9a-f]+)/.exec(req.headers.authorization ?? '')?.[1];
      const signatureValid = sent !== undefined && sent === (await expectedSignature(req, body, credentials));
      const request: BedrockRequest = { path: req.url ?? '', headers: req.headers, json: JSON.parse(body) as Record<string, unknown>, signatureValid };
      requests.push(request);
      const reply = handler(request);
      if ('json' in reply) {
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers }).end(JSON.stringify(reply.json));
        return;
      }
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/vnd.amazon.eventstream' });
      res.flushHeaders();
      for (const frame of reply.frames) {
        res.write(frame);
        // Lets each piece leave as its own read on the gateway's side.
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (reply.destroyAfter) res.destroy();
      else res.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    reply: (next) => (handler = next),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
