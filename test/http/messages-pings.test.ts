/**
 * Anthropic's pings on a translated Messages stream, through the whole gateway (createGateway
 * behind its Node adapter, real HTTP to a fake OpenAI) on a clock the test moves: a ping after
 * message_start, another when the provider has been silent for the interval, and no wait left
 * running once the client has gone.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createModelResolver } from '../../functions/catalog/resolve-model.ts';
import { loadConfig } from '../../functions/config/load-config.ts';
import { createNodeListener } from '../../functions/http/adapters/node-http.ts';
import { createGateway } from '../../functions/http/create-gateway.ts';
import { PING_INTERVAL_MS } from '../../functions/ingress/anthropic-messages/ping-when-silent.ts';
import { createEngine } from '../../functions/routing/create-engine.ts';
import { silentLogger } from '../local/local-test-helpers.ts';
import { startFakeUpstream, type FakeUpstream } from '../support/fake-upstream.ts';
import { manualClock } from '../support/manual-clock.ts';
import { readRecordedLines } from '../support/recorded.ts';

const clock = manualClock(Date.now());
/** Every wait the gateway began, with its signal. */
const waits: AbortSignal[] = [];
let waitBegan: (() => void) | undefined;
let upstream: FakeUpstream;
let server: Server;
let baseURL: string;

beforeAll(async () => {
  upstream = await startFakeUpstream();
  const config = loadConfig({ NODE_ENV: 'test', OPENAI_API_KEY: 'sk-openai', OPENAI_BASE_URL: `${upstream.url}/v1` });
  const gateway = createGateway(config, {
    logger: silentLogger,
    engine: createEngine({ config, resolver: createModelResolver(config.catalog), logger: silentLogger, now: clock.now }),
    now: clock.now,
    sleep: (ms, signal) => {
      waits.push(signal);
      waitBegan?.();
      return clock.sleep(ms, signal);
    },
  });
  server = createServer(createNodeListener(gateway, { maxRequestBytes: config.maxRequestBytes, drainTimeoutMs: config.streamIdleTimeoutMs }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await upstream?.close();
});

/** Resolves once the gateway waits on a timer that nothing has cancelled: it has written all it had. */
const waitingForSilence = () =>
  new Promise<void>((resolve) => {
    const check = () => {
      if (waits.some((signal) => !signal.aborted)) resolve();
    };
    waitBegan = check;
    check();
  });

it('a translated stream pings after message_start and after each silence, and stops its timer when the client leaves', async () => {
  // The provider's first chunks, then nothing more on an open connection: a model thinking.
  const lines = readRecordedLines('openai', 'openai-text').slice(0, 3);
  upstream.reply(() => ({ chunks: lines.map((line) => `data: ${line}\n\n`), hangAfter: true }));
  const client = new AbortController();
  const response = await fetch(`${baseURL}/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'openai/gpt-4o-mini', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'Invent a holiday.' }] }),
    signal: client.signal,
  });
  expect(response.status).toBe(200);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  const readUntil = async (done: () => boolean) => {
    while (!done()) text += (await reader.read()).value ?? '';
  };
  const pings = () => text.split('event: ping\ndata: {"type":"ping"}\n\n').length - 1;

  await readUntil(() => text.includes('"text":"Holiday"'));
  expect(text.startsWith('event: message_start\n')).toBe(true);
  expect(text.split('\n\n')[1]).toBe('event: ping\ndata: {"type":"ping"}');
  expect(pings()).toBe(1);

  await waitingForSilence();
  clock.advance(PING_INTERVAL_MS);
  await readUntil(() => pings() === 2);
  expect(text.endsWith('event: ping\ndata: {"type":"ping"}\n\n')).toBe(true);

  await waitingForSilence();
  client.abort();
  await upstream.requests[0]!.aborted;
  expect(waits.every((signal) => signal.aborted)).toBe(true);
});
