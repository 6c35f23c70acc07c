/**
 * One request with Node's own HTTP client, and its response's body read whole or dropped: what
 * the provider calls (providers/upstream/open-upstream.ts, batches/batch-http.ts) and the
 * callbacks (jobs/delivery/deliver-callback.ts) share. Redirects are not followed: a 3xx is an
 * answer like any other. The callers' own timeouts apply, none of Node's.
 */
import { request as httpRequest, type Agent as HttpAgent, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';
import { urlToHttpOptions } from 'node:url';
import { createExpiringAgents, neverLeft } from './expiring-agents.ts';

export interface OutgoingRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string | Buffer | undefined;
}

/** The connection pools requests go through, one per scheme. */
export interface Agents {
  readonly http: HttpAgent;
  readonly https: HttpsAgent;
}

/**
 * The pools used when none are given: as Node's global agents are set (kept alive, the most
 * recently used first, closed after 5 s idle, a proxy from the environment when Node is asked to
 * use one), with idle connections also expired by the clock when taken (expiring-agents.ts), for
 * a process that was frozen.
 */
const DEFAULT_AGENTS = createExpiringAgents({
  keepAlive: true,
  scheduling: 'lifo',
  timeout: 5_000,
  ...((process.env.NODE_USE_ENV_PROXY === '1' || process.execArgv.includes('--use-env-proxy')) && { proxyEnv: process.env }),
});

/**
 * Opens a connection to `url`'s host in the default pools, for the next request there to take
 * (warm-connections.ts): what a new instance does for its providers while it starts.
 */
export const preconnect = (url: string): void => DEFAULT_AGENTS.preconnect(url);

/**
 * How many times one request is sent again after its connection was found expired: each time
 * takes another from the pool, which keeps at most 256 idle ones a host (Node's maxFreeSockets).
 */
const MAX_RESENDS = 256;

/**
 * Sends the request and resolves with the response once its headers are in. Aborting `signal`
 * destroys the request and its response, unless the response has already been received whole: its
 * connection is then back in the agent's pool, for the next request. A request whose connection
 * expired before it was written on goes out again on another (expiring-agents.ts).
 */
export async function sendRequest(outgoing: OutgoingRequest, signal: AbortSignal, agents: Agents = DEFAULT_AGENTS): Promise<IncomingMessage> {
  for (let resends = 0; ; resends++) {
    try {
      return await sendOnce(outgoing, signal, agents);
    } catch (error) {
      if (!(error instanceof ExpiredConnection) || resends >= MAX_RESENDS) throw error instanceof ExpiredConnection ? error.cause : error;
    }
  }
}

/** The request's connection had expired and was closed before the request was written on it. */
class ExpiredConnection extends Error {
  override name = 'ExpiredConnection';
}

function sendOnce(outgoing: OutgoingRequest, signal: AbortSignal, agents: Agents): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const target = requestTarget(outgoing.url);
    const { method, headers } = outgoing;
    const request =
      target.protocol === 'https:'
        ? httpsRequest({ ...target, method, headers, agent: agents.https })
        : httpRequest({ ...target, method, headers, agent: agents.http });
    let response: IncomingMessage | undefined;
    signal.addEventListener('abort', () => response?.complete || request.destroy(signal.reason as Error), { once: true });
    // Kept after the response: a late socket error must find a listener (rejecting then is a no-op).
    request.on('error', (error) => reject(!response && neverLeft(request) && !signal.aborted ? new ExpiredConnection('the connection had expired', { cause: error }) : error));
    request.once('response', (received: IncomingMessage) => {
      response = received;
      // A reader sees the body's errors through its iteration; an abort after reading stopped (the
      // exchange closed) must not become an uncaught 'error' event.
      received.on('error', () => {});
      resolve(received);
    });
    // The whole body at once: Node sends it with its Content-Length, not chunked.
    request.end(outgoing.body);
  });
}

/** How many URLs' request options are kept: a gateway calls a few providers' endpoints, some per model. */
const MAX_KEPT_TARGETS = 64;
const targets = new Map<string, RequestOptions>();

/**
 * The URL as Node's request options, as `http.request(url)` would make them (`urlToHttpOptions`),
 * kept for the next request to the same URL: parsing it and converting it again took a provider
 * call about a third of the time `http.request` and `end` take here. Bounded, as the URL may hold
 * a model's name; the oldest goes first.
 */
function requestTarget(url: string): RequestOptions {
  let target = targets.get(url);
  if (!target) {
    target = urlToHttpOptions(new URL(url));
    if (targets.size >= MAX_KEPT_TARGETS) targets.delete(targets.keys().next().value!);
    targets.set(url, target);
  }
  return target;
}

/** The body whole, as UTF-8 text; rejects when the body breaks off. */
export async function readText(body: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Reads a body of up to `limit` bytes and drops it, so its connection can serve another request;
 * a longer body is cut off with its connection. Resolves once the body is done with, never rejects.
 */
export function discardBody(body: IncomingMessage, limit: number): Promise<void> {
  return new Promise((resolve) => {
    if (body.closed) {
      resolve();
      return;
    }
    body.once('close', resolve);
    if (Number(body.headers['content-length'] ?? 0) > limit) {
      body.destroy();
      return;
    }
    let read = 0;
    body.on('data', (chunk: Buffer) => {
      read += chunk.length;
      if (read > limit) body.destroy();
    });
    body.resume();
  });
}
