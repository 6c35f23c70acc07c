/**
 * One HTTP exchange with a provider: sends the request, waits for the response headers within
 * the timeout, and turns every failure into a GatewayError that names the provider. The exchange
 * is aborted as soon as the client goes away: tokens cost money.
 *
 * It uses undici's `request` rather than `fetch`: the same HTTP stack without WHATWG streams in
 * between, which is most of a gateway's own cost per request.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import { request, type Dispatcher } from 'undici';
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
  /** Connection pool; undici's global one by default. */
  dispatcher?: Dispatcher;
}

export interface UpstreamExchange {
  /** The whole body as JSON (non-streaming), still within the response timeout. */
  json(): Promise<unknown>;
  /**
   * The body as server-sent events (streaming), or AWS event-stream frames read as the same
   * `{ event, data }` messages (the adapter's `streamFraming`), one batch per read; the response timeout gives
   * way to an idle timeout, and the exchange closes when reading stops.
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

  let response: Dispatcher.ResponseData;
  try {
    response = await request(upstream.url, {
      method: 'POST',
      headers: upstream.headers,
      body: upstream.body,
      signal: controller.signal,
      // The gateway's own timers apply: undici's would also fire while a slow client holds reads back.
      headersTimeout: 0,
      bodyTimeout: 0,
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
    });
  } catch (error) {
    close();
    throw failure(upstreamUnreachable(provider, error));
  }
  const { statusCode, headers, body } = response;

  if (statusCode >= 300) {
    try {
      const text = (await body.text()).slice(0, MAX_ERROR_BODY_CHARS);
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
        text = await body.text();
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
      });
    },
    close: () => close(),
  };
}
