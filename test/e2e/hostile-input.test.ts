/**
 * A key holder's hostile input against `npm start`, end to end: nothing a client sends may reach a
 * 500 or a retryable 503, take the process down, or count against a provider's health (and so open
 * a breaker every tenant shares). Only what a provider did counts: not a body the gateway could not
 * handle, not a client that left, not the client's own short deadline.
 */
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { readRecordedJson } from '../support/recorded.ts';
import { useGateway } from '../support/use-gateway.ts';
import { waitFor } from '../local/local-test-helpers.ts';

const KEY = 'sy-hostile-key-one';

const under = useGateway((url) => ({
  NODE_ENV: 'production',
  SWITCHYARD_API_KEYS: `${KEY}, sy-hostile-key-two`,
  OPENAI_API_KEY: 'sk-openai-hostile-test',
  OPENAI_BASE_URL: `${url}/v1`,
  // Bedrock at the same fake: a model id that escaped its path segment would reach it elsewhere.
  BEDROCK_BASE_URL: url,
  SWITCHYARD_BEDROCK_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDHOSTILETEST',
  AWS_SECRET_ACCESS_KEY: 'hostile-test-secret',
}));

const answer = () => ({ json: readRecordedJson('openai', 'openai-text') });

async function call(method: string, path: string, body?: string | object, headers: Record<string, string> = {}, signal?: AbortSignal) {
  const response = await fetch(`${under.gateway.baseURL}${path}`, {
    method,
    headers: { authorization: `Bearer ${KEY}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    ...(signal ? { signal } : {}),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, any> };
}

const chat = (model: string, extra: Record<string, unknown> = {}) => ({ model, messages: [{ role: 'user', content: 'hello' }], ...extra });

/** `depth` arrays inside each other, as JSON text (no recursion to build or to write it). */
const nestedArrays = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

/** A chat body whose first tool's parameters hold `inner` (JSON text). */
const withToolParameters = (model: string, inner: string) =>
  JSON.stringify(chat(model, { tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', deep: '@' } } }] })).replace('"@"', inner);

interface HealthEntry {
  target: string;
  requests: number;
  error_rate: number | null;
  breaker: { state: string };
}

async function healthOf(target: string): Promise<HealthEntry | undefined> {
  const { status, body } = await call('GET', '/health');
  expect(status).toBe(200);
  return (body.data as HealthEntry[]).find((entry) => entry.target === target);
}

describe('hostile chat requests', () => {
  it('refuses a deeply nested body with a 400 naming the limit, before any provider call, and the target stays healthy', async () => {
    under.upstream.reply(answer);
    for (const depth of [6_000, 1_000_000]) {
      for (let i = 0; i < 3; i++) {
        const { status, body } = await call('POST', '/chat/completions', withToolParameters('openai/gpt-4.1-nano', nestedArrays(depth)));
        expect(status).toBe(400);
        expect(body.error).toMatchObject({ type: 'invalid_request_error', code: 'json_too_deep' });
        expect(body.error.message).toMatch(/nest.*64/);
      }
    }
    expect(under.upstream.requests).toHaveLength(0);
    // The breaker stayed closed: the next good request is served.
    const served = await call('POST', '/chat/completions', chat('openai/gpt-4.1-nano'));
    expect(served.status).toBe(200);
    expect(await healthOf('openai/gpt-4.1-nano')).toMatchObject({ requests: 1, error_rate: 0, breaker: { state: 'closed' } });
  });

  it('does not count a call the client abandoned against the target', async () => {
    under.upstream.reply(() => ({ hang: true }));
    const controller = new AbortController();
    const pending = call('POST', '/chat/completions', chat('openai/gpt-4.1-mini'), {}, controller.signal).catch((error: unknown) => error);
    const upstream = await waitFor(() => under.upstream.requests[0], 10_000, 'the upstream call');
    controller.abort();
    await pending;
    await upstream.aborted;
    under.upstream.reply(answer);
    expect((await call('POST', '/chat/completions', chat('openai/gpt-4.1-mini'))).status).toBe(200);
    expect(await healthOf('openai/gpt-4.1-mini')).toMatchObject({ requests: 1, error_rate: 0, breaker: { state: 'closed' } });
  });

  it("does not count an attempt cut short by the client's own deadline (x-switchyard-max-latency-ms) as the target's timeout", async () => {
    // The first call hangs until the gateway gives it up (at three quarters of the caller's 1 s); the retry is answered.
    under.upstream.reply((request) => (under.upstream.requests.indexOf(request) === 0 ? { hang: true } : answer()));
    await call('POST', '/chat/completions', chat('openai/gpt-4.1'), { 'x-switchyard-max-latency-ms': '1000' });
    await waitFor(() => under.upstream.requests[0], 10_000, 'the upstream call');
    const health = await healthOf('openai/gpt-4.1');
    // The answered retry may or may not have had time to run; the abandoned attempt is not a failure either way.
    expect(health?.error_rate ?? 0).toBe(0);
    expect(health?.breaker.state).toBe('closed');
  });

  it('refuses model ids that are dot segments or path syntax with a 400 naming model, before any provider call', async () => {
    under.upstream.reply(() => ({ status: 500, text: 'must not be reached' }));
    for (const model of ['bedrock/..', 'bedrock/.', 'bedrock/%2e%2e', 'bedrock/a?b', 'bedrock/a#b', 'bedrock/a\\b', 'openai/../x']) {
      const { status, body } = await call('POST', '/chat/completions', chat(model));
      expect(status, model).toBe(400);
      expect(body.error, model).toMatchObject({ type: 'invalid_request_error', param: 'model' });
    }
    expect(under.upstream.requests).toHaveLength(0);
  });
});

describe('hostile job submissions', () => {
  const job = (extra: Record<string, unknown> = {}) => ({ ...chat('openai/gpt-4.1-nano'), deadline: 60, ...extra });
  const reaches = (id: string, status: string) =>
    waitFor(async () => {
      const { body } = await call('GET', `/jobs/${id}`);
      return body.status === status ? body : undefined;
    }, 15_000, `job ${id} to be ${status}`);

  it('refuses a body nested too deep with a 400 (not a 503, not a crash), and the process serves the next request', async () => {
    under.upstream.reply(answer);
    for (const depth of [1_000, 70, 1_000_000]) {
      const body = JSON.stringify(job({ tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', deep: '@' } } }] })).replace('"@"', nestedArrays(depth));
      const refused = await call('POST', '/jobs', body);
      expect(refused.status, String(depth)).toBe(400);
      expect(refused.body.error).toMatchObject({ type: 'invalid_request_error', code: 'json_too_deep' });
      expect(refused.headers.get('retry-after')).toBeNull();
    }
    expect((await call('GET', '/jobs?limit=1')).status).toBe(200);
    expect((await call('POST', '/chat/completions', chat('openai/gpt-4.1-nano'))).status).toBe(200);
  });

  it('stores and runs, faithfully, a job whose data nests deeper than DynamoDB maps allow or has constructor and __proto__ keys', async () => {
    under.upstream.reply(answer);
    // 40 levels: over DynamoDB's 32 for a map, under the gateway's limit; a property named like Object's own.
    const deep = `${'{"a":'.repeat(40)}1${'}'.repeat(40)}`;
    const parameters = `{"type":"object","properties":{"constructor":{"type":"string"},"__proto__":{"type":"number"},"toString":{"type":"string"}},"deep":${deep}}`;
    const body = JSON.stringify(job({ metadata: { constructor: 'c', __proto__x: 'p' }, tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', deep: '@' } } }] }))
      .replace('{"type":"object","deep":"@"}', parameters)
      .replace('"__proto__x"', '"__proto__"');
    const accepted = await call('POST', '/jobs', body);
    expect(accepted.status).toBe(202);
    expect(accepted.body.metadata).toEqual(JSON.parse('{"constructor":"c","__proto__":"p"}'));
    const done = await reaches(accepted.body.id as string, 'succeeded');
    expect(Object.keys(done.metadata)).toEqual(['constructor', '__proto__']);
    expect(done.metadata).toEqual(JSON.parse('{"constructor":"c","__proto__":"p"}'));
    const sent = under.upstream.requests.at(-1)!;
    const sentParameters = (sent.json.tools as Array<{ function: { parameters: { properties: object } } }>)[0]!.function.parameters;
    expect(Object.keys(sentParameters.properties)).toEqual(['constructor', '__proto__', 'toString']);
    expect(sentParameters).toEqual(JSON.parse(parameters));
  });
});

describe('an upload too large that expects 100 Continue', () => {
  it('is refused with its 413 before the client sends its body (the default limit, 6 MiB), and the connection closed', async () => {
    const { hostname, port } = new URL(under.gateway.baseURL);
    const received = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), hostname);
      let text = '';
      socket.setEncoding('latin1');
      socket.on('data', (data: string) => (text += data));
      socket.on('error', reject);
      socket.on('close', () => resolve(text));
      socket.write(
        `POST /v1/chat/completions HTTP/1.1\r\nhost: ${hostname}\r\nauthorization: Bearer ${KEY}\r\ncontent-type: application/json\r\n` +
          `content-length: ${6 * 1024 * 1024 + 1}\r\nexpect: 100-continue\r\n\r\n`,
      );
    });
    expect(received).toMatch(/^HTTP\/1\.1 413 [^]*"code":"request_too_large"/);
    expect(received).not.toContain('100 Continue');
  });
});
