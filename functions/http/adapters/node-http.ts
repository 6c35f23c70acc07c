/**
 * The Node `http` adapter: IncomingMessage in, HttpResponse out, streamed with backpressure. A
 * client that hangs up aborts the request's signal at once, which aborts the upstream call.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { CallError } from '../../core/call-error.ts';
import type { HttpHandler, WholeResponse } from '../http-types.ts';
import { errorResponseFor } from '../error-response-for.ts';
import { createDelivery, type Delivery } from './delivery.ts';
import { requestTooLarge } from './request-too-large.ts';

export interface NodeAdapterOptions {
  maxRequestBytes: number;
  /** How long a client may leave a stream unread before it is cut (it holds a provider call open). */
  drainTimeoutMs: number;
  /**
   * Work for after each response has ended, as the Lambda adapter's `afterResponse` (the health
   * samples' write when they are flushed after each response rather than on a timer). It must not
   * reject: nothing here could answer for it, and a long-running server would stop on it. The
   * engine's `flush` never does (health-recorder.ts).
   */
  afterResponse?: () => Promise<void>;
}

export function createNodeListener(handle: HttpHandler, options: NodeAdapterOptions): RequestListener {
  return (req, res) => {
    const delivery = createDelivery();
    // The gateway answers every failure itself; whatever still escapes must not take the process down.
    const served = serve(handle, options, req, res, delivery.whenDelivered)
      .finally(delivery.delivered)
      .catch((error: unknown) => res.destroy(error instanceof Error ? error : undefined));
    if (options.afterResponse) void served.then(options.afterResponse);
  };
}

/**
 * For the server's `checkContinue` event: a request sent with `expect: 100-continue`, which Node
 * would otherwise answer with `100 Continue` at once, so that the client sends a body the gateway
 * then reads in full only to refuse. A body declared over the limit is refused with its 413 before
 * the client sends it, and the connection closed (the client may still send it unasked, and the
 * connection could not be used again before it was read); any other goes on as `request`, told to
 * continue.
 */
export function createContinueListener(request: RequestListener, options: Pick<NodeAdapterOptions, 'maxRequestBytes'>): RequestListener {
  return (req, res) => {
    if (!declaredTooLarge(req, options.maxRequestBytes)) {
      res.writeContinue();
      request(req, res);
      return;
    }
    const answer = closingAnswer(requestTooLarge(options.maxRequestBytes), req);
    res.writeHead(answer.status, answer.headers).end(answer.body);
  };
}

async function serve(handle: HttpHandler, options: NodeAdapterOptions, req: IncomingMessage, res: ServerResponse, whenDelivered: Delivery['whenDelivered']) {
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new Error('client disconnected'));
  });

  const body = await readBody(req, options.maxRequestBytes);
  if (body instanceof CallError) {
    await answerBeforeBodyEnds(req, res, body);
    return;
  }

  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const path = pathOf(url);
  const query = queryAt === -1 ? '' : url.slice(queryAt + 1);
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(', ') : value;

  const response = await handle({ method: req.method ?? 'GET', path, query, headers, body, signal: controller.signal, whenDelivered });
  const head = typeof response.body === 'string' ? { ...response.headers, 'content-length': String(Buffer.byteLength(response.body)) } : response.headers;
  try {
    res.writeHead(response.status, head);
  } catch {
    // A header value Node refuses; the schema keeps them ASCII, so this is a bug: end the call cleanly.
    controller.abort(new Error('response headers refused'));
    const failure = errorResponseFor(path)(new CallError({ status: 500, kind: 'internal', fault: 'gateway', code: 'internal_error', message: 'The gateway built an invalid response.' }));
    res.writeHead(failure.status, failure.headers).end(failure.body);
    return;
  }
  if (typeof response.body === 'string') {
    res.end(response.body);
    return;
  }
  // The headers leave with the first chunk, in one write, rather than in one of their own: a
  // stream's first chunk is ready when its response is (serve/open-event-stream.ts reads up to the
  // first content before answering), so sending them earlier would gain the client nothing.
  // A plain write loop rather than pipeline(Readable.from(...)): same backpressure, without a
  // Readable, an AbortController and their listeners for every stream.
  for await (const chunk of response.body) {
    // The client went away: the signal has already aborted the upstream call; leaving the loop
    // lets the body's own clean-up run.
    if (res.destroyed) break;
    if (!res.write(chunk) && !(await drained(res, options.drainTimeoutMs))) {
      res.destroy(new Error('client stopped reading'));
      break;
    }
  }
  if (!res.destroyed) res.end();
}

/** Resolves true when the response can take more, false when it is gone or the wait timed out. */
function drained(res: ServerResponse, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (drainedInTime: boolean) => () => {
      clearTimeout(timer);
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(drainedInTime);
    };
    const onDrain = finish(true);
    const onClose = finish(false);
    const timer = setTimeout(onClose, timeoutMs);
    res.on('drain', onDrain);
    res.on('close', onClose);
  });
}

/**
 * Most of an oversized body is still to come when its 413 is ready. Closing then, with the client
 * still sending, makes the kernel answer its next bytes with a reset, which can reach the client
 * before it has read the 413 (or fail the write it is still busy with): the answer is lost. So the
 * whole answer goes out at once, and the connection closes (`connection: close`) only once the
 * rest of the body has been read and dropped, or after a bound on it that an honest client stays under.
 */
async function answerBeforeBodyEnds(req: IncomingMessage, res: ServerResponse, error: CallError): Promise<void> {
  const answer = closingAnswer(error, req);
  res.writeHead(answer.status, answer.headers);
  res.write(answer.body);
  await bodyDropped(req);
  res.end();
}

/** The request target without its query string. */
const pathOf = (url: string) => {
  const queryAt = url.indexOf('?');
  return queryAt === -1 ? url : url.slice(0, queryAt);
};

/** An error's answer, whole, with its length and `connection: close`. */
function closingAnswer(error: CallError, req: IncomingMessage): WholeResponse {
  const response = errorResponseFor(pathOf(req.url ?? '/'))(error, { connection: 'close' });
  return { ...response, headers: { ...response.headers, 'content-length': String(Buffer.byteLength(response.body)) } };
}

/** How much of a refused body is read and dropped, at most, before its connection is closed anyway. */
const DROP_LIMIT_BYTES = 64 * 1024 * 1024;
const DROP_LIMIT_MS = 10_000;

/** Resolves once the request's body has all arrived (readBody already drops it), failed, or gone past the bounds. */
function bodyDropped(req: IncomingMessage): Promise<void> {
  if (req.readableEnded || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let dropped = 0;
    const done = () => {
      clearTimeout(timer);
      req.off('data', count).off('end', done).off('error', done).off('close', done);
      resolve();
    };
    const count = (chunk: Buffer) => {
      dropped += chunk.length;
      if (dropped > DROP_LIMIT_BYTES) done();
    };
    const timer = setTimeout(done, DROP_LIMIT_MS);
    req.on('data', count).once('end', done).once('error', done).once('close', done);
  });
}

/** The body as text, or the error to answer with; an oversized body is drained, not buffered. */
function readBody(req: IncomingMessage, limit: number): Promise<string | CallError> {
  if (declaredTooLarge(req, limit)) {
    req.resume();
    return Promise.resolve(requestTooLarge(limit));
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Keep reading (and dropping) so the 413 reaches a client that is still sending.
        chunks.length = 0;
        resolve(requestTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    });
    req.once('end', () => resolve(size > limit ? requestTooLarge(limit) : Buffer.concat(chunks).toString('utf8')));
    req.once('error', () =>
      resolve(new CallError({ status: 400, kind: 'invalid_request', fault: 'caller', code: 'bad_body', message: 'The request body could not be read.' })),
    );
  });
}

/** Whether the request's `content-length` says its body is over the limit. */
const declaredTooLarge = (req: IncomingMessage, limit: number): boolean => Number(req.headers['content-length'] ?? 0) > limit;
