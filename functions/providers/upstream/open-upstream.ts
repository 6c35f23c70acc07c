/**
 * One HTTP exchange with a provider: sends the request, waits for the response headers within
 * the timeout, and turns every failure into a CallError that names the provider. The exchange
 * is aborted as soon as the client goes away: tokens cost money.
 *
 * It uses Node's own `http` client, not `fetch` (WHATWG streams in between would be most of a
 * gateway's own cost per request) nor undici: undici's code and WASM parsers are 720 KB of the
 * bundle and over 100 ms of each Lambda cold start, for a second HTTP parser beside Node's. Node's
 * agents keep connections alive by default. (Callbacks and batch APIs use the same client:
 * net/send-request.ts.)
 */
import type { EventSourceMessage } from 'eventsource-parser';
import type { IncomingMessage } from 'node:http';
import { readText, sendRequest, type Agents } from '../../net/send-request.ts';
import type { ProviderAdapter, UpstreamRequest } from '../provider-adapter.ts';
import { createAwsEventStreamFramer } from './decode-aws-event-stream.ts';
import { createSseFramer, readMessages } from './read-sse.ts';
import { clientClosedRequest, upstreamBadResponse, upstreamStatusError, upstreamTimeout, upstreamUnreachable } from './upstream-errors.ts';

export interface OpenUpstreamOptions {
  provider: string;
  adapter: Pick<ProviderAdapter, 'parseErrorBody' | 'streamFraming'>;
  /** The client's signal. */
  signal: AbortSignal;
  /** For the response headers, and for a whole non-streaming body. */
  timeoutMs: number;
  /** The connection pools to send through: Node's global ones when not given. */
  agents?: Agents | undefined;
}

export interface UpstreamExchange {
  /** The whole body as JSON (non-streaming), still within the response timeout. */
  json(): Promise<unknown>;
  /**
   * The body as server-sent events (streaming), or AWS event-stream frames read as the same
   * `{ event, data }` messages (the adapter's `streamFraming`), one batch per read (the rest of
   * a body that has arrived whole as one, read-sse.ts); the response timeout gives way to an idle
   * timeout, and the exchange closes when reading stops.
   */
  events(idleTimeoutMs: number): AsyncGenerator<EventSourceMessage[]>;
  /** Aborts the exchange if it is still open; safe to call at any time. */
  close(): void;
}

const MAX_ERROR_BODY_CHARS = 64 * 1024;

export async function openUpstream(upstream: UpstreamRequest, options: OpenUpstreamOptions): Promise<UpstreamExchange> {
  const { provider, signal } = options;
  if (signal.aborted) throw clientClosedRequest();

  const controller = new AbortController();
  const onClientAbort = () => controller.abort(signal.reason);
  signal.addEventListener('abort', onClientAbort, { once: true });
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new Error('upstream response timeout'));
  }, options.timeoutMs);

  /** Ends the exchange; a body that was read to its end needs no abort (an abort costs an Error). */
  let closed = false;
  const close = (bodyEnded = false) => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    signal.removeEventListener('abort', onClientAbort);
    if (!bodyEnded && !controller.signal.aborted) controller.abort(new Error('exchange closed'));
  };
  const failure = (error: unknown) => {
    if (timedOut) return upstreamTimeout(provider, options.timeoutMs, 'response');
    if (signal.aborted) return clientClosedRequest();
    return error;
  };

  let body: IncomingMessage;
  try {
    body = await sendRequest({ method: 'POST', url: upstream.url, headers: upstream.headers, body: upstream.body }, controller.signal, options.agents);
  } catch (error) {
    close();
    throw failure(upstreamUnreachable(provider, error));
  }
  const { headers } = body;
  const statusCode = body.statusCode ?? 0;

  if (statusCode >= 300) {
    try {
      const text = (await readText(body)).slice(0, MAX_ERROR_BODY_CHARS);
      const info = options.adapter.parseErrorBody(text, headers);
      const retryAfter = headers['retry-after'];
      throw upstreamStatusError(provider, statusCode, info, typeof retryAfter === 'string' ? retryAfter : null);
    } catch (error) {
      throw failure(error);
    } finally {
      close();
    }
  }

  return {
    async json() {
      let text: string;
      try {
        text = await readText(body);
      } catch (error) {
        close();
        throw failure(upstreamUnreachable(provider, error));
      }
      close(true);
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw upstreamBadResponse(provider, 'the body is not JSON');
      }
    },
    events(idleTimeoutMs) {
      clearTimeout(timer);
      const framer = options.adapter.streamFraming === 'aws-eventstream' ? createAwsEventStreamFramer(provider) : createSseFramer();
      return readMessages(body, framer, {
        provider,
        idleTimeoutMs,
        abort: (reason) => controller.abort(reason),
        clientSignal: signal,
        onClose: close,
        // `body` is the response itself, not a stream made from it: its `complete` says what the reader has.
        bodyReadWhole: () => body.complete && body.readableLength === 0,
      });
    },
    close: () => close(),
  };
}
