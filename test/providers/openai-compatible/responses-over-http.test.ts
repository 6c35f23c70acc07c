/**
 * The native Responses path over real HTTP: the fake OpenAI's `POST /v1/responses`
 * (test/support/fake-openai-responses.ts) checked against the official SDK, then a Responses call
 * sent through the chat service to it, its answer read as events while the provider's own body and
 * stream messages stay whole for a door that passes them through.
 */
import OpenAI from 'openai';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createModelResolver } from '../../../functions/catalog/resolve-model.ts';
import { loadConfig } from '../../../functions/config/load-config.ts';
import type { Call } from '../../../functions/core/call.ts';
import type { StreamEvent } from '../../../functions/core/stream-event.ts';
import { createChatService } from '../../../functions/serve/chat-service.ts';
import { openEventStream, type EventBatch, type StreamSummary } from '../../../functions/serve/open-event-stream.ts';
import { silentLogger } from '../../local/local-test-helpers.ts';
import { fakeResponse, fakeResponseEvents, responsesFrame, responsesReply, type FakeResponsesAnswer } from '../../support/fake-openai-responses.ts';
import { startFakeUpstream, type FakeUpstream } from '../../support/fake-upstream.ts';
import { neutralCall } from '../../support/neutral-call.ts';
import { createProviderRouter } from '../../support/provider-router.ts';
import { collect, readRecordedJson } from '../../support/recorded.ts';

const upstream: FakeUpstream = await startFakeUpstream();
afterAll(() => upstream.close());
beforeEach(() => {
  upstream.requests.length = 0;
});
const answerWith = (answer: FakeResponsesAnswer, cutAfter?: number) => upstream.reply((request) => responsesReply(request, answer, cutAfter));

const thoughtfulCall: FakeResponsesAnswer = {
  kind: 'function_call',
  name: 'calculator',
  arguments: '{"a":12,"b":7,"op":"add"}',
  callId: 'call_abc',
  reasoning: { summary: '**Adding** with the calculator.', encryptedContent: 'gAAAAABfake' },
};
const ANSWERS: Array<[string, FakeResponsesAnswer]> = [
  ['a text', { kind: 'text', text: 'Hello! How can I help you today?' }],
  ['reasoning then a function call', thoughtfulCall],
  ['a text cut at its output limit', { kind: 'text', text: 'It is', incomplete: 'max_output_tokens' }],
];

/** Without the fields the SDK's stream helper adds for structured outputs (`parsed`, `parsed_arguments`). */
const withoutParsed = (value: unknown): unknown => JSON.parse(JSON.stringify(value, (key, field: unknown) => (key === 'parsed' || key === 'parsed_arguments' ? undefined : field)));

describe("the fake OpenAI's POST /v1/responses, as the official SDK reads it", () => {
  const client = new OpenAI({ baseURL: `${upstream.url}/v1`, apiKey: 'sk-test', maxRetries: 0 });

  it.each(ANSWERS)('%s: the SDK accepts its stream event by event, and accumulates the answer it gives whole', async (_name, answer) => {
    answerWith(answer);
    const params = { model: 'gpt-5-mini', input: 'What is 12 + 7?', include: ['reasoning.encrypted_content' as const, 'message.output_text.logprobs' as const] };
    const whole = await client.responses.create(params);
    const events: string[] = [];
    const stream = client.responses.stream(params);
    for await (const event of stream) events.push(event.type);
    const streamed = await stream.finalResponse();
    expect(withoutParsed(streamed.output)).toEqual(whole.output);
    expect({ status: streamed.status, usage: streamed.usage, details: streamed.incomplete_details }).toEqual({ status: whole.status, usage: whole.usage, details: whole.incomplete_details });
    expect(events[0]).toBe('response.created');
    expect(events.at(-1)).toBe(whole.status === 'incomplete' ? 'response.incomplete' : 'response.completed');
    expect(upstream.requests.map((request) => [request.method, request.url, request.json.stream ?? false])).toEqual([
      ['POST', '/v1/responses', false],
      ['POST', '/v1/responses', true],
    ]);
  });
});

describe('a Responses call through the chat service to OpenAI (native)', () => {
  const config = loadConfig({ NODE_ENV: 'production', OPENAI_API_KEY: 'sk-openai-secret-key-1234', OPENAI_BASE_URL: `${upstream.url}/v1` }, { requireGatewayKeys: false });
  const chats = createChatService({ config, resolver: createModelResolver(config.catalog), logger: silentLogger });
  const body = { model: 'gpt-5-mini', input: [{ role: 'user', content: 'What is 12 + 7?' }], tools: [{ type: 'function', name: 'calculator', parameters: { type: 'object' } }], store: true };
  const call = (stream: boolean): Call => neutralCall({ model: 'openai/gpt-5-mini', stream, origin: { dialect: 'openai-responses', body: { ...body, ...(stream && { stream }) }, forwardHeaders: {} } });

  it('sends the body to /v1/responses, storing nothing, asking the reasoning model for its encrypted reasoning; the answer is read and kept as sent', async () => {
    answerWith(thoughtfulCall);
    const completed = await chats.complete(call(false), { signal: new AbortController().signal });
    const [sent] = upstream.requests;
    expect(sent!.url).toBe('/v1/responses');
    expect(sent!.headers.authorization).toBe('Bearer sk-openai-secret-key-1234');
    expect(sent!.json).toEqual({ ...body, store: false, include: ['reasoning.encrypted_content'] });
    expect(completed.native).toBe(true);
    expect(completed.body).toEqual(fakeResponse(sent!, thoughtfulCall));
    expect(completed.result.choices[0]).toMatchObject({
      toolCalls: [{ type: 'tool-call', id: 'call_abc', name: 'calculator', arguments: '{"a":12,"b":7,"op":"add"}' }],
      reasoningBlocks: [{ type: 'reasoning', text: '**Adding** with the calculator.', signature: { issuer: 'openai', value: 'gAAAAABfake' } }],
      finish: { unified: 'tool_calls', raw: 'completed' },
    });
    expect(completed.usage).toEqual({ inputTokens: 31, outputTokens: 9, cachedInputTokens: 0, reasoningTokens: 0 });
  });

  const openStream = async () => {
    const opened = await chats.open(call(true), { stream: true, signal: new AbortController().signal });
    let summary: StreamSummary | undefined;
    const batches = await openEventStream(opened.exchange.events(60_000), opened.adapter.createStreamTranslator(opened.responseContext), {
      provider: 'openai',
      redact: (text) => text,
      keepMessages: opened.native,
      onEnd: (ended) => (summary = ended),
    });
    const read: EventBatch[] = await collect(batches);
    return { opened, events: read.flatMap((batch): StreamEvent[] => batch.events), messages: read.flatMap((batch) => batch.messages ?? []), summary: () => summary! };
  };

  it("streams: the provider's messages kept whole for pass-through, and read as events for usage and the records", async () => {
    answerWith(thoughtfulCall);
    const { opened, events, messages, summary } = await openStream();
    expect(opened.native).toBe(true);
    expect(upstream.requests[0]!.json).toMatchObject({ stream: true, store: false });
    const sent = fakeResponseEvents(fakeResponse(upstream.requests[0]!, thoughtfulCall));
    expect(messages.map((message) => `event: ${message.event}\ndata: ${message.data}\n\n`).join('')).toBe(sent.map(responsesFrame).join(''));
    expect(events.filter((event) => event.type === 'tool-call-start')).toEqual([{ type: 'tool-call-start', choice: 0, index: 0, id: 'call_abc', name: 'calculator' }]);
    expect(summary()).toEqual({ usage: { inputTokens: 31, outputTokens: 9, cachedInputTokens: 0, reasoningTokens: 0 }, error: undefined });
  });

  it("the routing tests' provider router answers OpenAI's Responses API with its recorded Responses answer, and cuts its stream when told", async () => {
    const router = createProviderRouter();
    upstream.reply(router.handler);
    expect((await chats.complete(call(false), { signal: new AbortController().signal })).body).toEqual(readRecordedJson('openai', 'responses-phase'));
    const { summary } = await openStream();
    expect(summary()).toEqual({ usage: { inputTokens: 7112, outputTokens: 463, cachedInputTokens: 3072, reasoningTokens: 64 }, error: undefined });
    router.set('openai', { kind: 'cut' });
    await expect(openStream()).rejects.toMatchObject({ code: 'upstream_stream_incomplete' });
  });

  it('a stream the provider cuts ends with an error event after what came, for the records and the door', async () => {
    answerWith({ kind: 'text', text: 'Hello! How can I help you today?' }, 6);
    const { events, messages, summary } = await openStream();
    expect(messages).toHaveLength(6);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_stream_incomplete' } });
    expect(summary().error?.code).toBe('upstream_stream_incomplete');
  });
});
