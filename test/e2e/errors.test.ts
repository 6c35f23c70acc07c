/**
 * Every way a request can fail, end to end: each answer is OpenAI's error shape with the right
 * status, never a 500 or a hang, and a stream that fails never looks complete.
 */
import { request } from 'node:http';
import { createServer } from 'node:net';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { runGatewayToExit } from '../support/gateway-process.ts';
import { useGateway } from '../support/use-gateway.ts';
import { readRecordedJson, recordedSseBody } from '../support/recorded.ts';

const GATEWAY_KEY = 'sy-test-key-two';

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Short limits, for a gateway whose providers never finish; the other keeps the defaults, so that
 * its answers never meet a limit however loaded the machine. A silent stream's first event must
 * still arrive within the upstream timeout: hence not shorter.
 */
const UPSTREAM_TIMEOUT_MS = 1_500;
const STREAM_IDLE_TIMEOUT_MS = 600;

const under = useGateway(async (url) => ({
  NODE_ENV: 'production',
  SWITCHYARD_API_KEYS: `sy-test-key-one, ${GATEWAY_KEY}`,
  SWITCHYARD_MAX_REQUEST_BYTES: '100000',
  // These tests are of how one failed call is answered: no retry, no breaker (routing.test.ts has those).
  SWITCHYARD_ATTEMPTS_PER_TARGET: '1',
  SWITCHYARD_BREAKER_FAILURES: '1000000',
  OPENAI_API_KEY: 'sk-proj-secretsecretsecret1234',
  OPENAI_BASE_URL: `${url}/v1`,
  ANTHROPIC_API_KEY: 'sk-ant-secret',
  ANTHROPIC_BASE_URL: url,
  GEMINI_API_KEY: 'AIzaSecretSecretSecret',
  GEMINI_BASE_URL: url,
  DEEPSEEK_API_KEY: 'sk-deepseek',
  DEEPSEEK_BASE_URL: `http://127.0.0.1:${await closedPort()}`,
}), GATEWAY_KEY);

const hello = [{ role: 'user' as const, content: 'hello' }];

/**
 * A stream from OpenAI is passed on as sent when the client asked for usage, and translated when
 * it did not. Each path fails on its own model, so that the failures these tests provoke do not
 * open one target's breaker (its error rate) for the tests after them. A chunk passed on keeps
 * OpenAI's `obfuscation` field (the recorded chunks have it), which a translated one does not.
 */
const STREAM_PATHS: Array<[string, { model: string; stream_options?: { include_usage: true } }]> = [
  ['translated', { model: 'gpt-4o' }],
  ['passed on', { model: 'gpt-4o-mini', stream_options: { include_usage: true } }],
];

/** A streamed chat completion through the gateway, read by the caller (the SDK would raise on its error events). */
const postStream = (body: string, signal?: AbortSignal) =>
  fetch(`${under.gateway.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json' },
    body,
    ...(signal && { signal }),
  });

async function post(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${under.gateway.baseURL}/chat/completions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json', ...headers },
    body,
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as { error: Record<string, unknown> } };
}

async function apiError(call: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await call;
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}

function expectOpenAIErrorShape(body: unknown) {
  expect(body).toEqual({
    error: {
      message: expect.any(String),
      type: expect.any(String),
      param: expect.toSatisfy((value: unknown) => value === null || typeof value === 'string'),
      code: expect.toSatisfy((value: unknown) => value === null || typeof value === 'string'),
    },
  });
}

describe('gateway keys', () => {
  it('refuses a request without a key, in OpenAI error shape', async () => {
    const response = await fetch(`${under.gateway.baseURL}/models`);
    expect(response.status).toBe(401);
    const body = await response.json();
    expectOpenAIErrorShape(body);
    expect(body).toMatchObject({ error: { code: 'invalid_api_key' } });
  });

  it('refuses a wrong key and accepts any listed one', async () => {
    const wrong = new OpenAI({ baseURL: under.gateway.baseURL, apiKey: 'sy-test-key-thre', maxRetries: 0 });
    expect((await apiError(wrong.models.list())).status).toBe(401);
    const right = new OpenAI({ baseURL: under.gateway.baseURL, apiKey: 'sy-test-key-one', maxRetries: 0 });
    const models = await right.models.list();
    expect(models.data.map((model) => model.id)).toContain('gpt-4o');
  });

  it('refuses to start in production without keys', async () => {
    const result = await runGatewayToExit({ NODE_ENV: 'production' });
    expect(result.code).toBe(1);
    expect(result.output).toMatch(/SWITCHYARD_API_KEYS is not set/);
  });
});

describe('bad input', () => {
  it('answers malformed JSON with a 400', async () => {
    const { status, body } = await post('{"model": "gpt-4o", "messages": [');
    expect(status).toBe(400);
    expectOpenAIErrorShape(body);
    expect(body.error.code).toBe('invalid_json');
  });

  it('names the offending field of a body that fails the schema', async () => {
    const error = await apiError(
      under.client.chat.completions.create({
        model: 'gpt-4o',
        messages: [...hello, { role: 'assistant', content: 'hi' }, { role: 'user', content: 42 as unknown as string }],
      }),
    );
    expect(error.status).toBe(400);
    expect(error.param).toBe('messages[2].content');
    expect(error.message).toMatch(/messages\[2\]\.content/);

    const temperature = await apiError(under.client.chat.completions.create({ model: 'gpt-4o', messages: hello, temperature: 'hot' as unknown as number }));
    expect(temperature.param).toBe('temperature');
    const missing = await apiError(under.client.chat.completions.create({ model: 'gpt-4o' } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming));
    expect(missing.param).toBe('messages');
    expect(under.upstream.requests).toHaveLength(0);
  });

  it('answers an unknown provider or alias with 404 model_not_found', async () => {
    for (const model of ['nope/some-model', 'gpt-99']) {
      const error = await apiError(under.client.chat.completions.create({ model, messages: hello }));
      expect(error.status).toBe(404);
      expect(error.code).toBe('model_not_found');
    }
  });

  it('says which variable configures an unconfigured provider', async () => {
    const error = await apiError(under.client.chat.completions.create({ model: 'groq/llama-3.3-70b-versatile', messages: hello }));
    expect(error.status).toBe(400);
    expect(error.code).toBe('provider_not_configured');
    expect(error.message).toMatch(/GROQ_API_KEY/);
  });

  it('never answers 500 to malformed bodies', async () => {
    const bodies = [
      '', 'null', '[]', '"text"', '12', '{}', '{"model":1}', '{"model":"gpt-4o","messages":{}}',
      '{"model":"gpt-4o","messages":[null]}', '{"model":"gpt-4o","messages":[{"role":"user"}]}',
      '{"model":"gpt-4o","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":""}}]}]}',
      '{"model":"gpt-4o","messages":[{"role":"tool","content":"x"}]}',
      '{"model":"gpt-4o","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"has space"}}]}',
      '{"model":"gpt-4o","messages":[{"role":"user","content":"x"}],"n":1e400}',
      '{"model":"anthropic/claude-x","messages":[{"role":"assistant","content":null,"tool_calls":[{"id":"a","type":"function","function":{"name":"f","arguments":"{not json"}}]}]}',
      '{"model":"gemini/gemini-2.5-flash","messages":[{"role":"tool","tool_call_id":"unknown","content":"x"}]}',
      `{"model":"gpt-4o","messages":${'['.repeat(5000)}${']'.repeat(5000)}}`,
      '\u0000\u0001garbage',
    ];
    for (const body of bodies) {
      const response = await post(body);
      expect(response.status, body.slice(0, 80)).toBeGreaterThanOrEqual(400);
      expect(response.status, body.slice(0, 80)).toBeLessThan(500);
      expectOpenAIErrorShape(response.body);
    }
    expect(under.upstream.requests).toHaveLength(0);
  });

  it('answers a body over the limit with 413', async () => {
    const { status, body } = await post(JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x'.repeat(200_000) }] }));
    expect(status).toBe(413);
    expect(body.error.code).toBe('request_too_large');
  });

  it('answers a chunked body over the limit with 413 too, while the client is still sending', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${under.gateway.baseURL}/chat/completions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      req.once('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      });
      req.once('error', reject);
      for (let i = 0; i < 30; i++) req.write('x'.repeat(10_000));
      req.end();
    });
    expect(status).toBe(413);
  });

  it('answers a model name that could not travel in a header with 400, and a malformed model path with 404', async () => {
    const error = await apiError(under.client.chat.completions.create({ model: 'openai/模型', messages: hello }));
    expect(error.status).toBe(400);
    expect(error.param).toBe('model');
    const response = await fetch(`${under.gateway.baseURL}/models/%E0%A4%A`, { headers: { authorization: `Bearer ${GATEWAY_KEY}` } });
    expect(response.status).toBe(404);
    expectOpenAIErrorShape(await response.json());
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    const unknown = await fetch(`${under.gateway.url}/v1/completions`, { method: 'POST', headers: { authorization: `Bearer ${GATEWAY_KEY}` } });
    expect(unknown.status).toBe(404);
    expectOpenAIErrorShape(await unknown.json());
    const wrongMethod = await fetch(`${under.gateway.baseURL}/chat/completions`, { headers: { authorization: `Bearer ${GATEWAY_KEY}` } });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
  });
});

describe('upstream failures', () => {
  it('keeps an upstream 4xx status with the provider message, param and code', async () => {
    under.upstream.reply(() => ({ status: 400, json: readRecordedJson('openai', 'reasoning-model-legacy-parameter-error') }));
    const error = await apiError(under.client.chat.completions.create({ model: 'openai/o3', messages: hello, max_tokens: 10 }));
    expect(error.status).toBe(400);
    expect(error.message).toContain("Unsupported parameter: 'max_tokens' is not supported with this model.");
    expect(error.param).toBe('max_tokens');
    expect(error.code).toBe('unsupported_parameter');
  });

  it('never lets a provider key through in an error message', async () => {
    under.upstream.reply(() => ({
      status: 401,
      json: { error: { message: 'Incorrect API key provided: sk-proj-****************************1234. You can find your API key at https://platform.openai.com/account/api-keys.', type: 'invalid_request_error', code: 'invalid_api_key', param: null } },
    }));
    const error = await apiError(under.client.chat.completions.create({ model: 'gpt-4o', messages: hello }));
    expect(error.status).toBe(401);
    expect(error.message).not.toMatch(/sk-proj|1234/);
    expect(under.gateway.output()).not.toContain('sk-proj-secretsecretsecret1234');
  });

  it('scrubs keys from errors that arrive inside a 200 stream too', async () => {
    const leak = { error: { message: 'Incorrect API key provided: sk-proj-secretsecretsecret1234, or sy-test-key-two', type: 'invalid_request_error' } };
    under.upstream.reply(() => ({ chunks: [`data: ${JSON.stringify(leak)}\n\n`] }));
    const response = await postStream(JSON.stringify({ model: 'gpt-4o', messages: hello, stream: true }));
    const text = await response.text();
    expect(text).toMatch(/Incorrect API key provided/);
    expect(text).not.toMatch(/secretsecret|sy-test-key-two/);
  });

  it.each(STREAM_PATHS)('scrubs keys from an error reported after the stream began (%s)', async (path, options) => {
    const leak = { error: { message: 'Incorrect API key provided: sk-proj-secretsecretsecret1234, or sy-test-key-two', type: 'invalid_request_error' } };
    const content = recordedSseBody('openai', 'openai-text').split('\n\n').filter(Boolean).slice(0, 3);
    under.upstream.reply(() => ({ chunks: [...content.map((frame) => `${frame}\n\n`), `data: ${JSON.stringify(leak)}\n\n`] }));
    const response = await postStream(JSON.stringify({ messages: hello, stream: true, ...options }));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toMatch(/Incorrect API key provided/);
    expect(text).not.toMatch(/secretsecret|sy-test-key-two/);
    expect(text).not.toContain('[DONE]');
    expect(text.includes('"obfuscation"')).toBe(path === 'passed on');
  });

  it('keeps a 429 and its retry-after', async () => {
    under.upstream.reply(() => ({ status: 429, headers: { 'retry-after': '7' }, json: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } } }));
    const error = await apiError(under.client.chat.completions.create({ model: 'gpt-4o', messages: hello }));
    expect(error.status).toBe(429);
    expect(error.headers?.get('retry-after')).toBe('7');
  });

  it("reads Gemini's retry delay from its error details", async () => {
    under.upstream.reply(() => ({
      status: 429,
      json: {
        error: {
          code: 429,
          message: 'Resource has been exhausted',
          status: 'RESOURCE_EXHAUSTED',
          details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '30s' }],
        },
      },
    }));
    const error = await apiError(under.client.chat.completions.create({ model: 'gemini/gemini-2.5-flash', messages: hello }));
    expect(error.status).toBe(429);
    expect(error.headers?.get('retry-after')).toBe('30');
  });

  it('turns upstream 5xx into 502, and overloaded into 503, naming the provider', async () => {
    under.upstream.reply(() => ({ status: 500, text: 'boom' }));
    const failed = await apiError(under.client.chat.completions.create({ model: 'gpt-4o', messages: hello }));
    expect(failed.status).toBe(502);
    expect(failed.message).toMatch(/openai/);

    under.upstream.reply(() => ({ status: 529, json: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }));
    const overloaded = await apiError(under.client.chat.completions.create({ model: 'anthropic/claude-sonnet-4-5', messages: hello }));
    expect(overloaded.status).toBe(503);
    expect(overloaded.message).toMatch(/anthropic/);
  });

  it('answers 503 when the provider cannot be reached', async () => {
    const error = await apiError(under.client.chat.completions.create({ model: 'deepseek/deepseek-chat', messages: hello }));
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/deepseek/);
  });

  it('answers 503 when the provider drops the connection without answering', async () => {
    under.upstream.reply(() => ({ destroy: true }));
    const error = await apiError(under.client.chat.completions.create({ model: 'gpt-4o', messages: hello }));
    expect(error.status).toBe(503);
  });
});

describe('streams that fail', () => {
  const streamBody = (model: string) => JSON.stringify({ model, messages: hello, stream: true });

  it.each(STREAM_PATHS)('ends a stream whose connection drops with an error event and no [DONE] (%s)', async (path, options) => {
    const frames = recordedSseBody('openai', 'openai-text').split('\n\n').filter(Boolean);
    under.upstream.reply(() => ({ chunks: frames.slice(0, 10).map((frame) => `${frame}\n\n`), destroyAfter: true }));
    const response = await postStream(JSON.stringify({ messages: hello, stream: true, ...options }));
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).not.toContain('[DONE]');
    expect(text).not.toContain('"finish_reason":"stop"');
    const last = text.trim().split('\n\n').at(-1)!;
    expect(JSON.parse(last.slice('data: '.length))).toMatchObject({ error: { code: 'upstream_stream_incomplete', type: 'upstream_error' } });
    expect(text.includes('"obfuscation"')).toBe(path === 'passed on');
  });

  it('ends a stream passed on, cut after its finish, with an error event the SDK raises', async () => {
    // Everything OpenAI sent but `[DONE]`: the finish and the usage went on as sent, the end did not.
    const frames = recordedSseBody('openai', 'openai-text').split('\n\n').filter(Boolean);
    under.upstream.reply(() => ({ chunks: frames.slice(0, -1).map((frame) => `${frame}\n\n`), destroyAfter: true }));
    const stream = await under.client.chat.completions.create({ model: 'gpt-4.1-nano', messages: hello, stream: true, stream_options: { include_usage: true } });
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    const read = async () => {
      for await (const chunk of stream) chunks.push(chunk);
    };
    const error = await apiError(read());
    expect(error.message).toMatch(/stream ended early/);
    // As OpenAI sent them before the cut: its finish chunk and its usage chunk, which a translated stream holds back.
    expect(chunks.some((chunk) => chunk.choices[0]?.finish_reason === 'stop')).toBe(true);
    expect(chunks.at(-1)?.usage).toMatchObject({ prompt_tokens: 16, completion_tokens: 300 });
  });

  it('aborts the upstream request as soon as the client disconnects', async () => {
    const frames = recordedSseBody('openai', 'openai-text').split('\n\n').filter(Boolean);
    under.upstream.reply(() => ({ chunks: frames.slice(0, 3).map((frame) => `${frame}\n\n`), hangAfter: true }));
    const controller = new AbortController();
    const response = await postStream(streamBody('gpt-4o'), controller.signal);
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    // Resolves only if the gateway closed its upstream connection: the test times out otherwise.
    await under.upstream.requests[0]!.aborted;
  });
});

describe('providers that do not finish in time', () => {
  // A gateway of their own, with short limits: only these tests' providers, which never finish, meet them.
  const slow = useGateway((url) => ({
    SWITCHYARD_UPSTREAM_TIMEOUT_MS: String(UPSTREAM_TIMEOUT_MS),
    SWITCHYARD_STREAM_IDLE_TIMEOUT_MS: String(STREAM_IDLE_TIMEOUT_MS),
    SWITCHYARD_ATTEMPTS_PER_TARGET: '1',
    OPENAI_API_KEY: 'sk-proj-secretsecretsecret1234',
    OPENAI_BASE_URL: `${url}/v1`,
    GEMINI_API_KEY: 'AIzaSecretSecretSecret',
    GEMINI_BASE_URL: url,
  }));

  it('answers 504 when the provider does not answer in time', async () => {
    slow.upstream.reply(() => ({ hang: true }));
    const error = await apiError(slow.client.chat.completions.create({ model: 'gpt-4o', messages: hello }));
    expect(error.status).toBe(504);
    expect(error.message).toMatch(new RegExp(`openai did not answer within ${UPSTREAM_TIMEOUT_MS} ms`));
  });

  it('ends a stream that goes silent with a timeout error the SDK raises', async () => {
    const frames = recordedSseBody('gemini', 'google-text').split('\r\n\r\n').filter(Boolean);
    slow.upstream.reply(() => ({ chunks: [`${frames[0]}\r\n\r\n`], hangAfter: true }));
    const stream = await slow.client.chat.completions.create({ model: 'gemini/gemini-2.5-flash', messages: hello, stream: true });
    const error = await apiError(
      (async () => {
        for await (const _chunk of stream);
      })(),
    );
    expect(error.message).toMatch(new RegExp(`gemini sent nothing for ${STREAM_IDLE_TIMEOUT_MS} ms`));
  });
});
