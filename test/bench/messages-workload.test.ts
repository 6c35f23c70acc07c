/**
 * The overhead benchmark's Messages rows: the fake Anthropic answers as Claude does (the official
 * SDK reads it whole), the gateway answers the bench's Messages requests in full, native and
 * translated, and the load generator counts a Messages stream complete only at message_stop.
 */
import Anthropic from '@anthropic-ai/sdk';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageBody, messageFrames } from '../../bench/anthropic-answer.ts';
import { ANSWER_TEXT, ANSWER_TOKENS } from '../../bench/bench-answer.ts';
import { send } from '../../bench/load.ts';
import { completionBody, completionFrames, parseChatRequest } from '../../bench/openai-answer.ts';
import { GATEWAY_KEY, messagesWorkload } from '../../bench/workloads.ts';
import { startFakeUpstream, type FakeReply, type FakeUpstream, type RecordedRequest } from '../support/fake-upstream.ts';
import { useGateway } from '../support/use-gateway.ts';

/** Both fakes in one: the bench's Anthropic answer on /v1/messages, its OpenAI answer on chat completions. */
function benchAnswer(request: RecordedRequest): FakeReply {
  const model = String(request.json.model);
  if (request.url === '/v1/messages') {
    return request.json.stream === true ? { chunks: messageFrames(model) } : { json: JSON.parse(messageBody(model)) };
  }
  const chat = parseChatRequest(request.body)!;
  return chat.stream ? { chunks: completionFrames(model, chat.includeUsage) } : { json: JSON.parse(completionBody(model)) };
}

const NATIVE = messagesWorkload('anthropic/claude-haiku-4-5');
const TRANSLATED = messagesWorkload('openai/gpt-4o-mini');

/** The same, with every Messages stream cut before its message_stop. */
function cutBeforeStop(request: RecordedRequest): FakeReply {
  return request.json.stream === true ? { chunks: messageFrames(String(request.json.model)).slice(0, -1) } : benchAnswer(request);
}

describe('the fake Anthropic', () => {
  let fake: FakeUpstream;
  let cut: FakeUpstream;
  beforeAll(async () => {
    [fake, cut] = await Promise.all([startFakeUpstream(benchAnswer), startFakeUpstream(cutBeforeStop)]);
  });
  afterAll(() => Promise.all([fake.close(), cut.close()]));

  it('answers as Claude does, read whole by the official SDK, JSON and streamed', async () => {
    const client = new Anthropic({ baseURL: fake.url, apiKey: 'sk-ant-bench', maxRetries: 0 });
    const params = { model: 'claude-haiku-4-5', max_tokens: 256, messages: [{ role: 'user' as const, content: 'Hi' }] };
    const message = await client.messages.create(params);
    expect(message.content).toEqual([{ type: 'text', text: ANSWER_TEXT }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.output_tokens).toBe(ANSWER_TOKENS.length);

    const stream = client.messages.stream(params);
    const deltas: string[] = [];
    stream.on('text', (text) => deltas.push(text));
    const streamed = await stream.finalMessage();
    expect(deltas).toEqual(ANSWER_TOKENS);
    expect(streamed.content).toEqual([{ type: 'text', text: ANSWER_TEXT }]);
    expect(streamed.stop_reason).toBe('end_turn');
    expect(streamed.usage.output_tokens).toBe(ANSWER_TOKENS.length);
  });

  it('passes the bench’s own check, which a stream cut before message_stop fails', async () => {
    await NATIVE.verify(fake.url, 'whole');
    await expect(NATIVE.verify(cut.url, 'cut')).rejects.toThrow('does not run from message_start to message_stop');
  });

  it('is counted complete by the load generator at message_stop only', async () => {
    const [whole, cutShort] = [new Pool(fake.url, { connections: 1 }), new Pool(cut.url, { connections: 1 })];
    try {
      expect(await send(whole, NATIVE.stream)).toMatchObject({ ok: true, status: 200 });
      expect(await send(cutShort, NATIVE.stream)).toMatchObject({ ok: false, status: 200, error: 'stream ended without data: {"type":"message_stop"}' });
    } finally {
      await Promise.all([whole.close(), cutShort.close()]);
    }
  });
});

describe('the gateway on the bench’s Messages requests', () => {
  const under = useGateway((url) => ({
    SWITCHYARD_API_KEYS: GATEWAY_KEY,
    ANTHROPIC_API_KEY: 'sk-ant-bench-upstream-key',
    ANTHROPIC_BASE_URL: url,
    OPENAI_API_KEY: 'sk-bench-upstream-key',
    OPENAI_BASE_URL: `${url}/v1`,
  }));
  beforeAll(() => under.upstream.reply(benchAnswer));

  it('answers them in full, natively from Anthropic and translated from OpenAI', async () => {
    await NATIVE.verify(under.gateway.url, 'native');
    await TRANSLATED.verify(under.gateway.url, 'translated');
    expect(under.upstream.requests.map((request) => request.url)).toEqual(['/v1/messages', '/v1/messages', '/v1/chat/completions', '/v1/chat/completions']);
  });
});
