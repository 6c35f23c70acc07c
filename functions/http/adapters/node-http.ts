/**
 * The Node `http` adapter: IncomingMessage in, HttpResponse out, streamed with backpressure. A
 * client that hangs up aborts the request's signal at once, which aborts the upstream call.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { GatewayError } from '../gateway-error.ts';
import type { HttpHandler } from '../http-types.ts';
import { errorResponse } from '../json-response.ts';

export interface NodeAdapterOptions {
  maxRequestBytes: number;
}

export function createNodeListener(handle: HttpHandler, options: NodeAdapterOptions): RequestListener {
  return (req, res) => {
    // The gateway answers every failure itself; whatever still escapes must not take the process down.
    serve(handle, options, req, res).catch((error: unknown) => res.destroy(error instanceof Error ? error : undefined));
  };
}

async function serve(handle: HttpHandler, options: NodeAdapterOptions, req: IncomingMessage, res: ServerResponse) {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('client disconnected'));
  });

  let body: string;
  try {
    body = await readBody(req, options.maxRequestBytes);
  } catch (error) {
    const failure =
      error instanceof GatewayError
        ? error
        : new GatewayError({ status: 400, type: 'invalid_request_error', code: 'bad_body', message: 'The request body could not be read.' });
    const response = errorResponse(failure, { connection: 'close' });
    res.writeHead(response.status, response.headers).end(response.body);
    return;
  }

  const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;

  const response = await handle({ method: req.method ?? 'GET', path, headers, body, signal: controller.signal });
  if (typeof response.body === 'string') {
    res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) });
    res.end(response.body);
    return;
  }
  res.writeHead(response.status, response.headers);
  res.flushHeaders();
  // A plain write loop rather than pipeline(Readable.from(...)): same backpressure, without a
  // Readable, an AbortController and their listeners for every stream.
  for await (const chunk of response.body) {
    // The client went away: the signal has already aborted the upstream call; leaving the loop
    // lets the body's own clean-up run.
    if (res.destroyed) break;
    if (!res.write(chunk)) await drained(res);
  }
  if (!res.destroyed) res.end();
}

/** Resolves when the response can take more, or is gone. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(tooLarge(limit));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('error', reject);
  });
}

const tooLarge = (limit: number) =>
  new GatewayError({
    status: 413,
    type: 'invalid_request_error',
    code: 'request_too_large',
    message: `The request body is larger than the gateway's limit of ${limit} bytes.`,
  });
