/**
 * The Lambda adapter: a middy 7 handler in streamify-response mode behind a Function URL with
 * `InvokeMode: RESPONSE_STREAM`. The event becomes an HttpRequest; the HttpResponse's status and
 * headers become the stream's prelude and its body is piped with backpressure.
 */
import middy from '@middy/core';
import { executionModeStreamifyResponse } from '@middy/core/StreamifyResponse';
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import type { Readable } from 'node:stream';
import type { HttpHandler } from '../http-types.ts';
import { errorResponseFor } from '../error-response-for.ts';
import { createDelivery, type Delivery } from './delivery.ts';
import { readableBody } from './readable-body.ts';
import { requestTooLarge } from './request-too-large.ts';

export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string | Readable;
}

export interface FunctionUrlOptions {
  /** The largest body accepted; a Function URL itself stops at 6 MB. */
  maxRequestBytes: number;
  /**
   * Work for after the response has ended (the health samples' batched write): middy awaits it
   * once the body has been piped, so the invocation lasts until it is done but the client waits for none of it.
   */
  afterResponse?: () => Promise<void>;
}

export function createFunctionUrlHandler(handle: HttpHandler, options: FunctionUrlOptions) {
  /** Each invocation's delivery, by its event: middy's requestEnd gets the event once the body is piped and the stream ended. */
  const deliveries = new WeakMap<object, Delivery>();
  return middy<LambdaFunctionURLEvent, FunctionUrlResult>({
    executionMode: executionModeStreamifyResponse,
    requestEnd: async ({ event }) => {
      try {
        if (typeof event === 'object' && event !== null) deliveries.get(event)?.delivered();
      } finally {
        await options.afterResponse?.();
      }
    },
  }).handler(
    async (event: LambdaFunctionURLEvent): Promise<FunctionUrlResult> => {
      const delivery = createDelivery();
      deliveries.set(event, delivery);
      const controller = new AbortController();
      const body = event.body == null ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
      if (Buffer.byteLength(body) > options.maxRequestBytes) {
        const response = errorResponseFor(event.rawPath)(requestTooLarge(options.maxRequestBytes));
        return { statusCode: response.status, headers: response.headers, body: response.body };
      }
      const response = await handle({
        method: event.requestContext.http.method,
        path: event.rawPath,
        query: event.rawQueryString ?? '',
        headers: event.headers,
        body,
        signal: controller.signal,
        whenDelivered: delivery.whenDelivered,
      });
      if (typeof response.body === 'string') {
        return { statusCode: response.status, headers: response.headers, body: response.body };
      }
      // middy destroys the body when the response stream fails (client gone): stop the upstream call too.
      const stream = readableBody(response.body, () => controller.abort(new Error('client disconnected')));
      return { statusCode: response.status, headers: response.headers, body: stream };
    },
  );
}
