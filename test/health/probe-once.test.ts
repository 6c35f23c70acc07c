/** The probe's calls against a fake OpenAI on loopback: every way a call ends becomes its outcome. */
import { createServer } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createModelResolver } from '../../functions/catalog/resolve-model.ts';
import { createChatService } from '../../functions/serve/chat-service.ts';
import { loadConfig } from '../../functions/config/load-config.ts';
import { probeOnce } from '../../functions/health/probe-once.ts';
import { planProbeTargets } from '../../functions/health/probe-targets.ts';
import { readProbeSettings } from '../../functions/health/probe-settings.ts';
import { ConfigError } from '../../functions/config/read-environment.ts';
import { silentLogger } from '../local/local-test-helpers.ts';
import { startFakeUpstream, type FakeReply, type FakeUpstream } from '../support/fake-upstream.ts';
import { readRecordedLines, recordedSseBody } from '../support/recorded.ts';

const upstream: FakeUpstream = await startFakeUpstream();
afterAll(() => upstream.close());

/** A loopback port with nothing listening on it. */
const closedPort = await (async () => {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
})();

const config = loadConfig(
  {
    NODE_ENV: 'production',
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: `${upstream.url}/v1`,
    DEEPSEEK_API_KEY: 'sk-test',
    DEEPSEEK_BASE_URL: `http://127.0.0.1:${closedPort}`,
  },
  { requireGatewayKeys: false },
);
const resolver = createModelResolver(config.catalog);

/** Long enough that a loopback answer on a loaded machine is never late: only a hang reaches it. */
const PROBE_TIMEOUT_MS = 10_000;

async function probe(reply: FakeReply, timeoutMs = PROBE_TIMEOUT_MS) {
  upstream.reply(() => reply);
  const chats = createChatService({ config: { ...config, upstreamTimeoutMs: timeoutMs }, resolver, logger: silentLogger });
  const [sample] = await probeOnce([{ name: 'gpt-4o-mini', target: 'openai/gpt-4o-mini' }], { chats, logger: silentLogger, timeoutMs });
  return sample;
}

describe('readProbeSettings and planProbeTargets', () => {
  it('probe nothing by default, and resolve names as requests do, once per target, skipping what cannot be called', () => {
    expect(readProbeSettings({})).toEqual({ targetNames: [], timeoutMs: 20_000, everyMs: 10_000, targets: {} });
    const settings = readProbeSettings({ SWITCHYARD_PROBE_TARGETS: ' gpt-4o-mini, openai/gpt-4o-mini,anthropic/claude-haiku-4-5,nope/x,,deepseek/deepseek-chat ' });
    expect(settings.targetNames).toEqual(['gpt-4o-mini', 'openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5', 'nope/x', 'deepseek/deepseek-chat']);
    const plan = planProbeTargets(settings.targetNames, config, resolver);
    expect(plan.targets).toEqual([
      { name: 'gpt-4o-mini', target: 'openai/gpt-4o-mini' },
      { name: 'deepseek/deepseek-chat', target: 'deepseek/deepseek-chat' },
    ]);
    expect(plan.skipped).toEqual([
      { name: 'anthropic/claude-haiku-4-5', reason: expect.stringContaining('ANTHROPIC_API_KEY') },
      { name: 'nope/x', reason: expect.stringContaining("'nope' is not a known provider") },
    ]);
    expect(plan.unmatched).toEqual([]);
  });

  it('apply SWITCHYARD_PROBE_CONFIG: off, an interval and a prompt per target, by configured name or provider/model', () => {
    const settings = readProbeSettings({
      SWITCHYARD_PROBE_TARGETS: 'gpt-4o-mini,deepseek/deepseek-chat,openai/gpt-4.1-nano',
      SWITCHYARD_PROBE_CONFIG: JSON.stringify({
        'gpt-4o-mini': { everyMs: 30_000, prompt: 'Say OK' },
        'deepseek/deepseek-chat': 'off',
        'openai/gpt-4.1-nano': { prompt: 'Hi' },
        'gpt-5-typo': 'off',
      }),
    });
    const plan = planProbeTargets(settings.targetNames, config, resolver, settings.targets);
    expect(plan.targets).toEqual([
      { name: 'gpt-4o-mini', target: 'openai/gpt-4o-mini', everyMs: 30_000, prompt: 'Say OK' },
      { name: 'openai/gpt-4.1-nano', target: 'openai/gpt-4.1-nano', prompt: 'Hi' },
    ]);
    expect(plan.skipped).toEqual([{ name: 'deepseek/deepseek-chat', reason: 'off in SWITCHYARD_PROBE_CONFIG' }]);
    expect(plan.unmatched).toEqual(['gpt-5-typo']);
  });

  it.each([
    ['not JSON', '{gpt-4o-mini: off}', /SWITCHYARD_PROBE_CONFIG is not JSON/],
    ['an array', '["gpt-4o-mini"]', /SWITCHYARD_PROBE_CONFIG is not valid/],
    ['an unknown word', '{"gpt-4o-mini": "of"}', /SWITCHYARD_PROBE_CONFIG is not valid/],
    ['an interval in seconds', '{"gpt-4o-mini": {"everyMs": "30s"}}', /everyMs/],
    ['a misspelt field', '{"gpt-4o-mini": {"every": 30000}}', /every/],
    ['an empty prompt', '{"gpt-4o-mini": {"prompt": " "}}', /prompt/],
  ])('refuse SWITCHYARD_PROBE_CONFIG with %s, saying where', (_what, raw, message) => {
    expect(() => readProbeSettings({ SWITCHYARD_PROBE_CONFIG: raw })).toThrow(ConfigError);
    expect(() => readProbeSettings({ SWITCHYARD_PROBE_CONFIG: raw })).toThrow(message);
    expect(() => readProbeSettings({ SWITCHYARD_PROBE_EVERY_MS: '10s' })).toThrow(/SWITCHYARD_PROBE_EVERY_MS/);
  });
});

describe('probeOnce', () => {
  it('sends a minimal streaming request and records a healthy answer with its timings and tokens', async () => {
    const before = Date.now();
    const sample = await probe({ chunks: [recordedSseBody('openai', 'openai-text')] });
    const sent = upstream.requests.at(-1)!.json;
    expect(sent).toMatchObject({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'ping' }], max_completion_tokens: 16, stream: true });
    expect(sample).toMatchObject({ target: 'openai/gpt-4o-mini', outcome: 'ok', outputTokens: expect.any(Number) });
    expect(sample!.outputTokens).toBeGreaterThan(0);
    expect(sample!.ttfbMs).toBeGreaterThanOrEqual(0);
    expect(sample!.totalMs).toBeGreaterThanOrEqual(sample!.ttfbMs!);
    expect(sample!.at).toBeGreaterThanOrEqual(before);
  });

  it.each([
    ['4xx', { status: 400, json: { error: { message: 'bad', type: 'invalid_request_error' } } }],
    ['429', { status: 429, headers: { 'retry-after': '2' }, json: { error: { message: 'slow down', type: 'rate_limit' } } }],
    ['5xx', { status: 500, json: { error: { message: 'oops' } } }],
    ['5xx', { chunks: ['data: {"error":{"message":"overloaded","type":"server_error"}}\n\n'] }],
    ['connection', { destroy: true }],
  ] as Array<[string, FakeReply]>)('records %s for a call that fails before the answer', async (outcome, reply) => {
    const sample = await probe(reply);
    expect(sample).toMatchObject({ outcome, outputTokens: 0, status: expect.any(Number) });
  });

  it('sends a target\'s own prompt, and gives a failure\'s status and code', async () => {
    upstream.reply(() => ({ hang: true }));
    const chats = createChatService({ config: { ...config, upstreamTimeoutMs: 200 }, resolver, logger: silentLogger });
    const [sample] = await probeOnce([{ name: 'gpt-4o-mini', target: 'openai/gpt-4o-mini', prompt: 'Say OK' }], { chats, logger: silentLogger, timeoutMs: 200 });
    expect(upstream.requests.at(-1)!.json).toMatchObject({ messages: [{ role: 'user', content: 'Say OK' }] });
    expect(sample).toMatchObject({ outcome: 'timeout', status: 504, code: 'upstream_timeout' });
  });

  it('records a cut for a stream that ends early or whose connection drops, with its time to first byte', async () => {
    const partial = readRecordedLines('openai', 'openai-text')
      .slice(0, 3)
      .map((line) => `data: ${line}\n\n`);
    for (const reply of [{ chunks: partial }, { chunks: partial, destroyAfter: true }]) {
      const sample = await probe(reply);
      expect(sample).toMatchObject({ outcome: 'cut', ttfbMs: expect.any(Number) });
    }
  });

  it('records a timeout for a target that does not answer within the probe deadline, headers or stream', async () => {
    // Both at once, one deadline: one target sends nothing, the other its first event, then nothing.
    // The deadline is a second: the first event, sent at once, is read well before it.
    const partial = `data: ${readRecordedLines('openai', 'openai-text')[0]}\n\n`;
    upstream.reply((request) => (request.json.model === 'gpt-4o-mini' ? { hang: true } : { chunks: [partial], hangAfter: true }));
    const chats = createChatService({ config: { ...config, upstreamTimeoutMs: 1_000 }, resolver, logger: silentLogger });
    const samples = await probeOnce(
      [
        { name: 'gpt-4o-mini', target: 'openai/gpt-4o-mini' },
        { name: 'gpt-4.1-nano', target: 'openai/gpt-4.1-nano' },
      ],
      { chats, logger: silentLogger, timeoutMs: 1_000 },
    );
    expect(samples).toEqual([
      expect.objectContaining({ target: 'openai/gpt-4o-mini', outcome: 'timeout', ttfbMs: undefined }),
      expect.objectContaining({ target: 'openai/gpt-4.1-nano', outcome: 'timeout', ttfbMs: expect.any(Number) }),
    ]);
  });

  it('probes targets concurrently and records an unreachable one as a connection failure', async () => {
    upstream.reply(() => ({ chunks: [recordedSseBody('openai', 'openai-text')], delayMs: 0 }));
    const chats = createChatService({ config, resolver, logger: silentLogger });
    const samples = await probeOnce(
      [
        { name: 'gpt-4o-mini', target: 'openai/gpt-4o-mini' },
        { name: 'deepseek/deepseek-chat', target: 'deepseek/deepseek-chat' },
      ],
      { chats, logger: silentLogger, timeoutMs: PROBE_TIMEOUT_MS },
    );
    expect(samples.map((sample) => [sample.target, sample.outcome])).toEqual([
      ['openai/gpt-4o-mini', 'ok'],
      ['deepseek/deepseek-chat', 'connection'],
    ]);
  });

  it('yields no sample for a target still in flight when the run is aborted', async () => {
    const chats = createChatService({ config, resolver, logger: silentLogger });
    const controller = new AbortController();
    // Aborted once the call is in flight, not after some time that may find it not yet sent.
    upstream.reply(() => {
      controller.abort();
      return { hang: true };
    });
    expect(await probeOnce([{ name: 'gpt-4o-mini', target: 'openai/gpt-4o-mini' }], { chats, logger: silentLogger, timeoutMs: PROBE_TIMEOUT_MS, signal: controller.signal })).toEqual([]);
  });
});
