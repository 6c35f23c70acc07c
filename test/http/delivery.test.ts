/**
 * After the response is handed over: http/adapters/delivery.ts, the Node and Lambda adapters that
 * lend it to the gateway, and the gateway's use of it (a request's line, a stream's or a whole
 * answer's, is written once the response has been ended, not before: until then its last bytes
 * wait in the socket's buffer behind a synchronous write).
 */
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { createServer, ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createModelResolver } from '../../functions/catalog/resolve-model.ts';
import { loadConfig } from '../../functions/config/load-config.ts';
import { createDelivery } from '../../functions/http/adapters/delivery.ts';
import { createFunctionUrlHandler } from '../../functions/http/adapters/lambda-function-url.ts';
import { createNodeListener } from '../../functions/http/adapters/node-http.ts';
import { createGateway } from '../../functions/http/create-gateway.ts';
import type { HttpHandler, HttpRequest } from '../../functions/http/http-types.ts';
import type { GatewayLogger } from '../../functions/observability/logger.ts';
import { createEngine } from '../../functions/routing/create-engine.ts';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { recordedSseBody } from '../support/recorded.ts';

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('a delivery', () => {
  it('runs the work given before it is delivered once it is, in order, and only once', () => {
    const delivery = createDelivery();
    const ran: string[] = [];
    delivery.whenDelivered(() => ran.push('first'));
    delivery.whenDelivered(() => ran.push('second'));
    expect(ran).toEqual([]);
    delivery.delivered();
    delivery.delivered();
    expect(ran).toEqual(['first', 'second']);
  });

  it('runs every piece of work though one throws, then throws the first failure', () => {
    const delivery = createDelivery();
    const ran: string[] = [];
    delivery.whenDelivered(() => {
      throw new Error('first');
    });
    delivery.whenDelivered(() => ran.push('second'));
    expect(() => delivery.delivered()).toThrow('first');
    expect(ran).toEqual(['second']);
  });

  it('runs work given after it was delivered at once', () => {
    const delivery = createDelivery();
    delivery.delivered();
    const ran: string[] = [];
    delivery.whenDelivered(() => ran.push('late'));
    expect(ran).toEqual(['late']);
  });
});

/**
 * A handler whose stream registers work for after delivery as it ends, as the gateway's streams
 * do; its path says how the stream ends (`/fails`: after its first chunk) and whether the work
 * throws (`/throws`).
 */
const streamingHandler =
  (order: string[]): HttpHandler =>
  async (request) => ({
    status: 200,
    headers: { 'content-type': 'text/event-stream' },
    body: (async function* () {
      try {
        yield 'data: one\n\n';
        if (request.path === '/fails') throw new Error('the stream failed');
        yield 'data: [DONE]\n\n';
      } finally {
        request.whenDelivered?.(() => {
          order.push('delivered');
          if (request.path === '/throws') throw new Error('the work failed');
        });
      }
    })(),
  });

describe('the Node adapter', () => {
  let server: Server;
  let url: string;
  const order: string[] = [];

  beforeAll(async () => {
    server = createServer(
      createNodeListener(streamingHandler(order), {
        maxRequestBytes: 1024,
        drainTimeoutMs: 1_000,
        afterResponse: async () => void order.push('afterResponse'),
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it("runs a stream's work for after delivery once the response is ended, before its own after-response work", async () => {
    const end = ServerResponse.prototype.end;
    vi.spyOn(ServerResponse.prototype, 'end').mockImplementation(function (this: ServerResponse, ...args: Parameters<ServerResponse['end']>) {
      order.push('end');
      return end.apply(this, args);
    } as ServerResponse['end']);
    const response = await fetch(`${url}/v1/chat/completions`, { method: 'POST', body: '{}' });
    expect(await response.text()).toBe('data: one\n\ndata: [DONE]\n\n');

    await vi.waitFor(() => expect(order).toContain('afterResponse'));
    expect(order).toEqual(['end', 'delivered', 'afterResponse']);
  });

  it.each([
    // The response is cut, so the client reads no whole body.
    ['a stream that fails after its first chunk', '/fails', undefined],
    ['work for after delivery that throws', '/throws', 'data: one\n\ndata: [DONE]\n\n'],
  ])('still runs the work and its own after-response work for %s, and stays up', async (_, path, received) => {
    order.length = 0;
    const text = await fetch(`${url}${path}`, { method: 'POST', body: '{}' })
      .then((response) => response.text())
      .catch(() => undefined);
    expect(text).toBe(received);

    await vi.waitFor(() => expect(order).toEqual(['delivered', 'afterResponse']));
    expect((await fetch(`${url}/`, { method: 'POST', body: '{}' })).status).toBe(200);
  });
});

describe('the Lambda adapter', () => {
  /** The adapter over the streaming handler, as the runtime calls it, with a response stream that notes its finish. */
  const invoke = (order: string[], path: string) => {
    vi.stubGlobal('awslambda', {
      streamifyResponse: (handler: unknown) => handler,
      HttpResponseStream: { from: (stream: Writable) => stream },
    });
    const handler = createFunctionUrlHandler(streamingHandler(order), { maxRequestBytes: 1024, afterResponse: async () => void order.push('afterResponse') }) as unknown as (
      event: LambdaFunctionURLEvent,
      responseStream: Writable,
      context: object,
    ) => Promise<void>;
    const responseStream = new Writable({ write: (_chunk, _encoding, callback) => callback() });
    responseStream.once('finish', () => order.push('stream finished'));
    return handler({ ...functionUrlEvent(), rawPath: path }, responseStream, { awsRequestId: 'delivery-1', getRemainingTimeInMillis: () => 60_000 });
  };

  it("runs a stream's work for after delivery once the response stream has finished, before its own after-response work", async () => {
    const order: string[] = [];
    await invoke(order, '/v1/chat/completions');
    expect(order).toEqual(['stream finished', 'delivered', 'afterResponse']);
  });

  it('still writes the health samples when the work for after delivery throws, and reports the failure', async () => {
    const order: string[] = [];
    await expect(invoke(order, '/throws')).rejects.toThrow('the work failed');
    expect(order).toEqual(['stream finished', 'delivered', 'afterResponse']);
  });
});

describe("the gateway's request line", () => {
  let upstream: FakeUpstream;
  beforeAll(async () => {
    upstream = await startFakeUpstream(() => ({ chunks: [recordedSseBody('openai', 'openai-text')] }));
  });
  afterAll(async () => {
    await upstream?.close();
  });

  const gatewayLogging = () => {
    const info = vi.fn<GatewayLogger['info']>();
    const logger: GatewayLogger = { debug: vi.fn(), info, warn: vi.fn(), error: vi.fn() };
    const config = loadConfig({ NODE_ENV: 'test', OPENAI_API_KEY: 'sk-openai-delivery', OPENAI_BASE_URL: `${upstream.url}/v1` });
    const gateway = createGateway(config, { logger, engine: createEngine({ config, resolver: createModelResolver(config.catalog), logger }) });
    const requestLines = () => info.mock.calls.filter(([message]) => message === 'request');
    return { gateway, requestLines };
  };
  const streamedChat = (extra: Partial<HttpRequest> = {}): HttpRequest => ({
    method: 'POST',
    path: '/v1/chat/completions',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-4.1-nano', stream: true, messages: [{ role: 'user', content: 'hi' }] }),
    signal: new AbortController().signal,
    ...extra,
  });
  const drain = async (body: string | AsyncIterable<string>) => {
    let text = '';
    for await (const piece of body) text += piece;
    return text;
  };

  it('is written once the adapter has delivered the response, not when the stream ends', async () => {
    const { gateway, requestLines } = gatewayLogging();
    const delivery = createDelivery();
    const response = await gateway(streamedChat({ whenDelivered: delivery.whenDelivered }));
    expect(await drain(response.body)).toContain('data: [DONE]');
    expect(requestLines()).toEqual([]);

    delivery.delivered();
    expect(requestLines()).toHaveLength(1);
    expect(requestLines()[0]![1]).toMatchObject({ status: 200, path: '/v1/chat/completions', provider: 'openai' });
  });

  it("gives the latency to the stream's end, not to its delivery", async () => {
    const { gateway, requestLines } = gatewayLogging();
    const delivery = createDelivery();
    const response = await gateway(streamedChat({ whenDelivered: delivery.whenDelivered }));
    await drain(response.body);
    // Delivered an hour after the stream ended, by the clock the line's latency is read with.
    const ended = performance.now();
    vi.spyOn(performance, 'now').mockReturnValue(ended + 3_600_000);
    delivery.delivered();

    expect(requestLines()[0]![1]).toMatchObject({ latencyMs: expect.any(Number) });
    expect((requestLines()[0]![1] as { latencyMs: number }).latencyMs).toBeLessThan(60_000);
  });

  it('of a whole answer is written once the adapter has delivered it too, with its latency to the answer', async () => {
    const { gateway, requestLines } = gatewayLogging();
    const delivery = createDelivery();
    const response = await gateway({ method: 'GET', path: '/v1/models', headers: {}, body: '', signal: new AbortController().signal, whenDelivered: delivery.whenDelivered });
    expect(response.status).toBe(200);
    expect(requestLines()).toEqual([]);

    const answered = performance.now();
    vi.spyOn(performance, 'now').mockReturnValue(answered + 3_600_000);
    delivery.delivered();
    expect(requestLines()).toHaveLength(1);
    expect(requestLines()[0]![1]).toMatchObject({ status: 200, path: '/v1/models' });
    expect((requestLines()[0]![1] as { latencyMs: number }).latencyMs).toBeLessThan(60_000);
  });

  it('is written when the stream ends where the adapter cannot tell when it delivered', async () => {
    const { gateway, requestLines } = gatewayLogging();
    const response = await gateway(streamedChat());
    await drain(response.body);
    expect(requestLines()).toHaveLength(1);
  });
});

function functionUrlEvent(): LambdaFunctionURLEvent {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/v1/chat/completions',
    rawQueryString: '',
    headers: { 'content-type': 'application/json' },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'delivery',
      domainName: 'delivery.lambda-url.eu-west-1.on.aws',
      domainPrefix: 'delivery',
      http: { method: 'POST', path: '/v1/chat/completions', protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'test' },
      requestId: 'delivery-1',
      routeKey: '$default',
      stage: '$default',
      time: '04/Dec/2026:12:00:00 +0000',
      timeEpoch: 1796000000000,
    },
    body: '{}',
    isBase64Encoded: false,
  };
}
