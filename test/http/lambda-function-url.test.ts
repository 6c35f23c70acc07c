/**
 * The Lambda entry (functions/gateway.ts) as a Function URL client sees it. The `awslambda`
 * global is stubbed the way the Node.js runtime behaves: `HttpResponseStream.from` writes the
 * JSON prelude and 8 NUL bytes before the body, and the runtime splits them off again.
 */
import type { LambdaFunctionURLEvent } from 'aws-lambda';
import { Writable } from 'node:stream';
import { QueryCommand } from '../../functions/aws/dynamodb/commands.ts';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createDynamoDbDocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { startEmbeddedAws, type EmbeddedAws } from '../../functions/local/embedded-aws.ts';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { readRecordedJson, recordedSseBody } from '../support/recorded.ts';
import { FUNCTION_TABLE_ACCESS } from '../../lib/constructs/table-access.ts';
import { startIamCheckedDynamoDb, type IamCheckedDynamoDb } from '../support/iam-checked-dynamodb.ts';

type Handler = (event: LambdaFunctionURLEvent, responseStream: Writable, context: object) => Promise<void>;

let upstream: FakeUpstream;
let aws: EmbeddedAws;
/** The function's DynamoDB, through the grants the stack gives the gateway. */
let gatewayDynamoDb: IamCheckedDynamoDb;
let handler: Handler;

/** What the Function URL's client receives: the prelude's status and headers, then the body. */
class FunctionUrlResponse extends Writable {
  private readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void) {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    callback();
  }
  text() {
    return Buffer.concat(this.chunks).toString('utf8');
  }
  parsed() {
    const all = Buffer.concat(this.chunks);
    const separator = all.indexOf(Buffer.alloc(8));
    expect(separator).toBeGreaterThan(0);
    const prelude = JSON.parse(all.subarray(0, separator).toString('utf8')) as { statusCode: number; headers: Record<string, string> };
    return { ...prelude, body: all.subarray(separator + 8).toString('utf8') };
  }
}

beforeAll(async () => {
  upstream = await startFakeUpstream();
  // The tables the stack gives the function, on the embedded endpoint.
  aws = await startEmbeddedAws();
  gatewayDynamoDb = await startIamCheckedDynamoDb(aws.dynamoDbEndpoint, aws.env, FUNCTION_TABLE_ACCESS.gateway);
  Object.assign(globalThis, {
    awslambda: {
      streamifyResponse: (fn: Handler) => fn,
      HttpResponseStream: {
        from(stream: Writable, prelude: Record<string, unknown>) {
          stream.write(JSON.stringify(prelude));
          stream.write(new Uint8Array(8));
          return stream;
        },
      },
    },
  });
  Object.assign(process.env, {
    NODE_ENV: 'production',
    SWITCHYARD_API_KEYS: 'lambda-test-key',
    OPENAI_API_KEY: 'sk-openai-lambda',
    OPENAI_BASE_URL: `${upstream.url}/v1`,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    SWITCHYARD_MAX_REQUEST_BYTES: '200000',
    ...aws.env,
    DYNAMODB_ENDPOINT: gatewayDynamoDb.endpoint,
  });
  ({ handler } = (await import('../../functions/gateway.ts')) as unknown as { handler: Handler });
});

afterAll(async () => {
  await upstream?.close();
  await gatewayDynamoDb?.close();
  await aws?.close();
});

const context = { awsRequestId: 'lambda-request-1', getRemainingTimeInMillis: () => 900_000 };

function functionUrlEvent(body: unknown, headers: Record<string, string> = { authorization: 'Bearer lambda-test-key' }, base64 = false): LambdaFunctionURLEvent {
  const text = JSON.stringify(body);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/v1/chat/completions',
    rawQueryString: '',
    headers: { 'content-type': 'application/json', host: 'abc.lambda-url.eu-west-1.on.aws', ...headers },
    requestContext: {
      accountId: 'anonymous',
      apiId: 'abc',
      domainName: 'abc.lambda-url.eu-west-1.on.aws',
      domainPrefix: 'abc',
      http: { method: 'POST', path: '/v1/chat/completions', protocol: 'HTTP/1.1', sourceIp: '203.0.113.1', userAgent: 'test' },
      requestId: 'req-1',
      routeKey: '$default',
      stage: '$default',
      time: '24/Nov/2026:12:00:00 +0000',
      timeEpoch: 1795000000000,
    },
    body: base64 ? Buffer.from(text).toString('base64') : text,
    isBase64Encoded: base64,
  };
}

describe('the gateway Lambda behind a Function URL', () => {
  it("sends nothing to the deployment's provider at its start, the first request's rehearsal included, but opens a connection to it", async () => {
    // The start (the import) has run, its rehearsal with it (warm-up/rehearse-first-request.ts), and no request yet.
    expect(upstream.requests).toHaveLength(0);
    // The first request's connection, opened while the start went on (providers/preconnect-providers.ts).
    await expect.poll(() => upstream.connections()).toBe(1);
  });

  // The function's first invocation: it stays before every other request of this file.
  it('reads its prices at its start, and the health window once its first response has ended, in that invocation', async () => {
    const healthReads = () => gatewayDynamoDb.granted.filter((call) => call.endsWith(` on ${aws.tables.health.name}`));
    expect(gatewayDynamoDb.granted).toContain(`dynamodb:Scan on ${aws.tables.pricing.name}`);
    expect(healthReads()).toEqual([]);

    upstream.reply(() => ({ chunks: [recordedSseBody('openai', 'openai-text')] }));
    const response = new FunctionUrlResponse();
    let readsWhenAnswered: string[] | undefined;
    response.once('finish', () => (readsWhenAnswered = healthReads()));
    await handler(functionUrlEvent({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'hi' }], stream: true }), response, context);

    expect(response.parsed().body.trim().endsWith('data: [DONE]')).toBe(true);
    expect(readsWhenAnswered).toEqual([]);
    // The first read goes by keys (health/read-health-window.ts), and the invocation lasted until it was answered.
    expect(healthReads()).toContain(`dynamodb:BatchGetItem on ${aws.tables.health.name}`);
  });

  it('answers a non-streaming request with status, headers and JSON body in the prelude format', async () => {
    upstream.reply(() => ({ json: readRecordedJson('openai', 'openai-text') }));
    const response = new FunctionUrlResponse();
    await handler(functionUrlEvent({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'hi' }] }, undefined, true), response, context);

    const { statusCode, headers, body } = response.parsed();
    expect(statusCode).toBe(200);
    expect(headers['content-type']).toBe('application/json');
    expect(headers['x-switchyard-provider']).toBe('openai');
    expect(headers['x-request-id']).toMatch(/^req_/);
    expect(JSON.parse(body)).toMatchObject({ object: 'chat.completion', model: 'openai/gpt-4.1-nano-2025-04-14' });
    expect(upstream.requests.at(-1)!.json.messages).toEqual([{ role: 'user', content: 'hi' }]);
    // It went out on the connection opened at the start.
    expect(upstream.connections()).toBe(1);
  });

  it("has written a failed call's health sample by the time the invocation ends, and a success's once it has waited a second", async () => {
    const samples = async (target: string) => {
      const { Items = [] } = await createDynamoDbDocumentClient(aws.env).send(
        new QueryCommand({ TableName: aws.tables.health.name, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `target#${target}` } }),
      );
      return Items.filter((item) => String(item.sk).startsWith('minute#'));
    };
    // Summed over the minutes: the calls may straddle one.
    const counts = async (target: string) => {
      const items = await samples(target);
      const sum = (field: string) => items.reduce((total, item) => total + Number(item[field] ?? 0), 0);
      return { ok: sum('count_ok'), '5xx': sum('count_5xx') };
    };
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      upstream.reply(() => ({ json: readRecordedJson('openai', 'openai-text') }));
      await handler(functionUrlEvent({ model: 'gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }] }), new FunctionUrlResponse(), context);
      expect(await samples('openai/gpt-4.1-mini')).toEqual([]);

      // A provider's failure is written at once: the other instances' breakers need it.
      const before = upstream.requests.length;
      upstream.reply(() => ({ status: 500, json: { error: { message: 'boom', type: 'server_error' } } }));
      await handler(functionUrlEvent({ model: 'openai/gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }] }), new FunctionUrlResponse(), context);
      const failed = upstream.requests.length - before;
      expect(failed).toBeGreaterThan(0);
      expect(await counts('openai/gpt-4.1-mini')).toEqual({ ok: 1, '5xx': failed });

      // A success waits until the oldest buffered one has waited a second.
      upstream.reply(() => ({ json: readRecordedJson('openai', 'openai-text') }));
      await handler(functionUrlEvent({ model: 'openai/gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }] }), new FunctionUrlResponse(), context);
      expect(await counts('openai/gpt-4.1-mini')).toEqual({ ok: 1, '5xx': failed });
      vi.setSystemTime(Date.now() + 1_000);
      await handler(functionUrlEvent({ model: 'openai/gpt-4.1-mini', messages: [{ role: 'user', content: 'hi' }] }), new FunctionUrlResponse(), context);
      expect(await counts('openai/gpt-4.1-mini')).toEqual({ ok: 3, '5xx': failed });
    } finally {
      vi.useRealTimers();
    }
  });

  it('streams server-sent events after the prelude', async () => {
    upstream.reply(() => ({ chunks: [recordedSseBody('openai', 'openai-text')] }));
    const response = new FunctionUrlResponse();
    await handler(functionUrlEvent({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'hi' }], stream: true }), response, context);

    const { statusCode, headers, body } = response.parsed();
    expect(statusCode).toBe(200);
    expect(headers['content-type']).toBe('text/event-stream; charset=utf-8');
    const events = body.trim().split('\n\n');
    expect(JSON.parse(events[0]!.slice(6))).toMatchObject({ object: 'chat.completion.chunk', choices: [{ delta: { role: 'assistant' } }] });
    expect(events.at(-1)).toBe('data: [DONE]');
  });

  it('answers a body over the limit with 413', async () => {
    const response = new FunctionUrlResponse();
    await handler(functionUrlEvent({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x'.repeat(300_000) }] }), response, context);
    const { statusCode, body } = response.parsed();
    expect(statusCode).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ error: { code: 'request_too_large' } });
  });

  it('reads stored responses from the table the stack binds: an unknown id is looked up and not found (404), not a 503', async () => {
    const event = functionUrlEvent(undefined);
    const path = '/v1/responses/resp_unknown';
    const response = new FunctionUrlResponse();
    await handler({ ...event, rawPath: path, body: '', requestContext: { ...event.requestContext, http: { ...event.requestContext.http, method: 'GET', path } } }, response, context);
    const { statusCode, body } = response.parsed();
    expect(statusCode).toBe(404);
    expect(JSON.parse(body)).toEqual({ error: { message: "Response with id 'resp_unknown' not found.", type: 'invalid_request_error', param: null, code: null } });
  });

  it('answers without a key with 401 in OpenAI error shape', async () => {
    const response = new FunctionUrlResponse();
    await handler(functionUrlEvent({ model: 'gpt-4o', messages: [] }, {}), response, context);
    const { statusCode, body } = response.parsed();
    expect(statusCode).toBe(401);
    expect(JSON.parse(body)).toMatchObject({ error: { type: 'invalid_request_error', code: 'invalid_api_key' } });
  });

  it('aborts the upstream call when the client goes away while the gateway waits on the provider', async () => {
    const frames = recordedSseBody('openai', 'openai-text').split('\n\n').filter(Boolean);
    upstream.reply(() => ({ chunks: frames.slice(0, 5).map((frame) => `${frame}\n\n`), hangAfter: true }));
    const response = new FunctionUrlResponse();
    const invocation = handler(
      functionUrlEvent({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'hi' }], stream: true }),
      response,
      context,
    ).catch(() => {});
    // Once the five frames are through, the gateway is blocked reading the (silent) provider.
    await expect.poll(() => response.text().split('data: ').length - 1).toBe(5);
    response.destroy(new Error('client disconnected'));
    // Resolves only if the gateway closed its upstream connection: the test times out otherwise.
    await upstream.requests.at(-1)!.aborted;
    await invocation;
  });
});

describe('the gateway Lambda\'s DynamoDB calls', () => {
  // Last in the file: every test above went through the grants.
  it('are all granted to the gateway by the stack (dynalite checks no IAM)', () => {
    expect(gatewayDynamoDb.refused).toEqual([]);
  });
});
