/**
 * Provider keys never leave the gateway, not even masked, end to end: every provider is configured
 * with a key of its real shape and answers with errors that echo that key, whole and masked, in
 * every field (message, type, code, param, `retry-after`, Bedrock's `x-amzn-errortype`), before a
 * stream and inside one. None of it may reach the client's body or headers (`x-switchyard-route`
 * included), a stream's error frame, the process's logs, a job's record or its callback.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../local/local-test-helpers.ts';
import { eventFrame, exceptionFrame, startFakeBedrock, type FakeBedrock } from '../support/fake-bedrock.ts';
import { startFakeUpstream, type FakeReply, type FakeUpstream, type RecordedRequest } from '../support/fake-upstream.ts';
import { startGatewayProcess, type GatewayProcess } from '../support/gateway-process.ts';

/** Each provider's key, in its real shape, ending in four characters no id or hash of the gateway would hold. */
const KEYS = {
  openai: 'sk-proj-7Hc2Lx9QmV4bN8sK1dW6yT3fJ0pR5gZ2aE7uI9oPoPqZ',
  anthropic: 'sk-ant-api03-Xk7bQ2mN9vL4pR8sT1wY6zA3cF5hJ0kE2gD7uI9oP4aS6dG8fH1-aNtZ',
  gemini: 'AIzaSyD8kQ2vL9mX4pT7bN1cR6sW3yH5jF0gMnZ',
  deepseek: 'sk-7c1e4b9a2f6d8e3b5a0c9f1d4e7bdSkZ',
  mistral: 'Vq8LmT2xKp7RbN4cWz9YsF1hJd6GmSlZ',
  groq: 'gsk_Wd3Kq8Lz1Xv6Bn9Mc4Rt7Yp2Hs5Jf0GaEe2Nw8Qk4Tz1Vb6gRqZ',
  xai: 'xai-Pz4Lq9Wm2Xv7Bn1Kc6Rt3Yd8Hs5Jf0GaEe4Nw9Qk2Tz7Vb1Mc6Rp3xAiZ',
  together: 'tgp_v1_Kd8Lq3Wz7Xv2Bn6Mc1Rt9Yp4Hs0Jf5GaEe8Nw3Qk7tGrZ',
  bedrock: 'ABSKQmVkcm9ja0FQSUtleS1hYmNkLWF0LTEyMzQ1Njc4OTAxbDrZ',
} as const;
type Provider = keyof typeof KEYS;
const OPENAI_COMPATIBLE: Provider[] = ['openai', 'deepseek', 'mistral', 'groq', 'xai', 'together'];

/** DeepSeek's real answer to a wrong key, verbatim. */
const DEEPSEEK_ECHO = 'Authentication Fails, Your api key: ****d569 is invalid';

/** The ways a provider echoes its key: whole, and masked as OpenAI, xAI, DeepSeek and dashboards do. */
function echoes(key: string) {
  const tail = key.slice(-4);
  return {
    whole: key,
    starred: `${key.slice(0, 8)}${'*'.repeat(24)}${tail}`,
    short: `${key.slice(0, 2)}***${key.slice(-2)}`,
    tailOnly: `****${tail}`,
    dotted: `${key.slice(0, 4)}...${tail}`,
  };
}

/** Nothing of any key: whole, its last four characters, any of its masks, any run of stars. */
function expectNoKeys(what: string, text: string) {
  for (const key of Object.values(KEYS)) {
    for (const echo of [...Object.values(echoes(key)), key.slice(-4)]) {
      if (text.includes(echo)) throw new Error(`${what} holds ${JSON.stringify(echo)}:\n${text}`);
    }
  }
  expect(text, what).not.toContain('****d569');
  expect(text, what).not.toContain('***');
}

function errorText(key: string) {
  const echo = echoes(key);
  return `Incorrect API key provided: ${echo.starred}. ${DEEPSEEK_ECHO}. Your api key: ${echo.tailOnly} is invalid; key ${echo.dotted}; sent ${echo.whole}.`;
}

/** What the user's message asks the fake provider for. */
type Scenario = 'reject' | 'rate' | 'stream';

const scenarioOf = (json: Record<string, unknown>): Scenario => {
  const text = JSON.stringify(json.messages ?? json.contents ?? '');
  return text.includes('stream') ? 'stream' : text.includes('rate') ? 'rate' : 'reject';
};

const sse = (data: unknown, event?: string) => `${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`;

/** The providers behind `/<provider>/...` on one fake: each answers in its own wire format. */
function reply(request: RecordedRequest): FakeReply {
  const provider = request.url.split('/')[1] as Provider;
  const key = KEYS[provider];
  const echo = echoes(key);
  const scenario = scenarioOf(request.json);
  const status = scenario === 'rate' ? 429 : 400;
  const headers = { 'retry-after': key };
  if (provider === 'anthropic') {
    const error = { type: 'error', error: { type: echo.short, message: errorText(key) } };
    if (scenario !== 'stream') return { status, headers, json: error };
    const message = { id: 'msg_1', type: 'message', role: 'assistant', model: 'claude-x', content: [], stop_reason: null, usage: { input_tokens: 1, output_tokens: 1 } };
    return {
      chunks: [
        sse({ type: 'message_start', message }, 'message_start'),
        sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start'),
        sse({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } }, 'content_block_delta'),
        sse(error, 'error'),
      ],
    };
  }
  if (provider === 'gemini') {
    const error = { error: { code: status, message: errorText(key), status: echo.short } };
    if (scenario !== 'stream') return { status, headers, json: error };
    const chunk = { candidates: [{ content: { role: 'model', parts: [{ text: 'Hello' }] }, index: 0 }], modelVersion: 'gemini-x', responseId: 'r1' };
    return { chunks: [`data: ${JSON.stringify(chunk)}\r\n\r\n`, `data: ${JSON.stringify({ error: { ...error.error, code: 500 } })}\r\n\r\n`] };
  }
  const error = { error: { message: errorText(key), type: echo.short, code: echo.whole, param: echo.dotted } };
  if (scenario !== 'stream') return { status, headers, json: error };
  const chunk = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { role: 'assistant', content: 'Hello' }, finish_reason: null }] };
  return { chunks: [`data: ${JSON.stringify(chunk)}\n\n`, `data: ${JSON.stringify(error)}\n\n`] };
}

/** Where callbacks arrive. */
async function startReceiver() {
  const bodies: string[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'));
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const GATEWAY_KEY = 'sy-redaction-test-key';
let upstream: FakeUpstream;
let bedrock: FakeBedrock;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let gateway: GatewayProcess;

beforeAll(async () => {
  upstream = await startFakeUpstream(reply);
  bedrock = await startFakeBedrock({ accessKeyId: 'unused', secretAccessKey: 'unused', region: 'us-east-1' });
  bedrock.reply((request) => {
    const echo = echoes(KEYS.bedrock);
    if (request.path.endsWith('/converse-stream')) {
      return {
        frames: [
          eventFrame('messageStart', { role: 'assistant' }),
          eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hello' } }),
          exceptionFrame(`${echo.short}Exception`, errorText(KEYS.bedrock)),
        ],
      };
    }
    const status = scenarioOf(request.json) === 'rate' ? 429 : 400;
    return {
      status,
      headers: { 'x-amzn-errortype': `${echo.short}:http://internal.amazon.com/coral/com.amazon.bedrock/`, 'retry-after': KEYS.bedrock },
      json: { message: errorText(KEYS.bedrock) },
    };
  });
  receiver = await startReceiver();
  gateway = await startGatewayProcess({
    SWITCHYARD_API_KEYS: GATEWAY_KEY,
    SWITCHYARD_ATTEMPTS_PER_TARGET: '1',
    SWITCHYARD_BREAKER_FAILURES: '1000000',
    SWITCHYARD_POLLER_EVERY_MS: '100',
    SWITCHYARD_CALLBACK_SECRET: 'whsec-redaction-test-0123456789abcdef',
    ...Object.fromEntries(OPENAI_COMPATIBLE.flatMap((provider) => [
      [`${provider.toUpperCase()}_API_KEY`, KEYS[provider]],
      [`${provider.toUpperCase()}_BASE_URL`, `${upstream.url}/${provider}`],
    ])),
    ANTHROPIC_API_KEY: KEYS.anthropic,
    ANTHROPIC_BASE_URL: `${upstream.url}/anthropic`,
    GEMINI_API_KEY: KEYS.gemini,
    GEMINI_BASE_URL: `${upstream.url}/gemini`,
    AWS_BEARER_TOKEN_BEDROCK: KEYS.bedrock,
    SWITCHYARD_BEDROCK_REGION: 'us-east-1',
    BEDROCK_BASE_URL: bedrock.url,
  });
});

afterAll(async () => {
  await gateway?.stop();
  await upstream?.close();
  await bedrock?.close();
  await receiver?.close();
});

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${gateway.baseURL}${path}`, {
    method,
    headers: { authorization: `Bearer ${GATEWAY_KEY}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, headers: JSON.stringify([...response.headers]), text: await response.text() };
}

const chat = (provider: Provider, content: Scenario) => ({
  model: provider === 'bedrock' ? 'bedrock/us.anthropic.claude-x-v1:0' : `${provider}/some-model`,
  messages: [{ role: 'user', content }],
  ...(content === 'stream' ? { stream: true } : {}),
});

describe('provider keys echoed in errors', () => {
  for (const provider of Object.keys(KEYS) as Provider[]) {
    it(`${provider}: reach neither the error body nor the headers (x-switchyard-route, retry-after), nor a stream's error frame`, async () => {
      for (const scenario of ['reject', 'rate'] as const) {
        const answer = await call('POST', '/chat/completions', chat(provider, scenario));
        expect(answer.status).toBe(scenario === 'rate' ? 429 : 400);
        expect(answer.headers).toContain('x-switchyard-route');
        expect(answer.text).toContain('Incorrect API key provided');
        expectNoKeys(`${provider} ${scenario} body`, answer.text);
        expectNoKeys(`${provider} ${scenario} headers`, answer.headers);
      }
      const streamed = await call('POST', '/chat/completions', chat(provider, 'stream'));
      expect(streamed.status).toBe(200);
      expect(streamed.text).toContain('Hello');
      expect(streamed.text).toMatch(/data: \{"error":/);
      expectNoKeys(`${provider} stream`, streamed.text);
      expectNoKeys(`${provider} stream headers`, streamed.headers);
    });
  }

  it("reach neither a failed job's record nor its callback", async () => {
    const submitted = await call('POST', '/jobs', { ...chat('mistral', 'reject'), deadline: 60, callback_url: receiver.url });
    expect(submitted.status).toBe(202);
    const { id } = JSON.parse(submitted.text) as { id: string };
    const record = await waitFor(async () => {
      const job = await call('GET', `/jobs/${id}`);
      return JSON.parse(job.text).status === 'failed' ? job.text : undefined;
    }, 15_000, 'the job to fail');
    expect(record).toContain('Incorrect API key provided');
    expectNoKeys('job record', record);
    const callback = await waitFor(() => receiver.bodies.find((body) => body.includes(id)), 15_000, 'the callback');
    expect(callback).toContain('Incorrect API key provided');
    expectNoKeys('callback', callback);
  });

  it("reach none of the process's logs", () => {
    expect(gateway.output()).toContain('errorCode');
    expectNoKeys('logs', gateway.output());
  });
});
