/**
 * Responses API answers read as unified events, when the request went natively (ResponseContext
 * `native`): OpenAI's recorded answers and streams (test/fixtures/recorded/openai/responses-*), and
 * answers and streams built per the API reference (test/support/fake-openai-responses.ts) for what
 * no recording shows.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { collectResult } from '../../../functions/core/collect-result.ts';
import type { StreamEvent } from '../../../functions/core/stream-event.ts';
import { adapterFor } from '../../../functions/providers/adapter-for.ts';
import { parseOpenAICompatibleResponse } from '../../../functions/providers/openai-compatible/parse-openai-compatible-response.ts';
import type { ResponseContext } from '../../../functions/providers/provider-adapter.ts';
import { findProvider } from '../../../functions/providers/provider-registry.ts';
import { fakeResponse, fakeResponseEvents, type FakeResponsesAnswer } from '../../support/fake-openai-responses.ts';
import type { RecordedRequest } from '../../support/fake-upstream.ts';
import { readRecordedJson, readRecordedLines, recordedMessages, translateStream } from '../../support/recorded.ts';

const context: ResponseContext = { model: 'gpt-5-mini', now: 1, native: 'openai-responses' };
const openai = adapterFor(findProvider('openai')!);
const xai = adapterFor(findProvider('xai')!);

const parse = (body: unknown, adapter = openai) => adapter.parseChatResponse(body, context);
const stream = (messages: EventSourceMessage[], adapter = openai) => translateStream(adapter.createStreamTranslator(context), messages);

/** A request as the fake upstream records it: only its JSON body is read. */
const request = (json: Record<string, unknown>): RecordedRequest => ({ method: 'POST', url: '/v1/responses', headers: {}, body: JSON.stringify(json), json, aborted: new Promise(() => {}), bytesWritten: 0 });
const built = (answer: FakeResponsesAnswer, json: Record<string, unknown> = {}) => fakeResponse(request({ model: 'gpt-5-mini', input: 'Hi', ...json }), answer);
/** A response's stream events, as OpenAI frames them (each named on its `event:` line). */
const messagesOf = (events: Array<Record<string, unknown>>): EventSourceMessage[] =>
  events.map((event) => ({ event: String(event.type), data: JSON.stringify(event), id: undefined }));

const ofType = <T extends StreamEvent['type']>(events: StreamEvent[], type: T) => events.filter((event): event is Extract<StreamEvent, { type: T }> => event.type === type);
const joined = (events: StreamEvent[], type: 'text' | 'reasoning') => ofType(events, type).map((event) => event.delta).join('');
const argsOf = (events: StreamEvent[]) => ofType(events, 'tool-call-args').map((event) => event.delta).join('');

const FAKE_TEXT: FakeResponsesAnswer = { kind: 'text', text: 'Hello there.' };
const calculator: FakeResponsesAnswer = { kind: 'function_call', name: 'calculator', arguments: '{"a":12,"b":7,"op":"add"}', callId: 'call_abc' };
const thoughtful: FakeResponsesAnswer = { kind: 'text', text: 'It is 19.', reasoning: { summary: '**Adding** twelve and seven.', encryptedContent: 'gAAAAABfake' } };

describe('a whole Responses answer', () => {
  it("OpenAI's recorded answer in two messages: its id, model, time and tier, both texts, a stop, usage with cached and reasoning tokens", () => {
    const body = readRecordedJson('openai', 'responses-phase') as { output: Array<{ content: Array<{ text: string }> }> };
    const events = parse(body);
    expect(events[0]).toEqual({ type: 'start', id: 'resp_0465b6d1ae1f97c500699f88318ee481a3b627f7fcb4875152', model: 'gpt-5.3-codex', created: 1772062769, serviceTier: 'default' });
    expect(joined(events, 'text')).toBe(body.output.map((item) => item.content[0]!.text).join(''));
    expect(events.slice(-2)).toEqual([
      { type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'completed' } },
      { type: 'usage', usage: { inputTokens: 7243, outputTokens: 423, cachedInputTokens: 3072, reasoningTokens: 58 } },
    ]);
  });

  it("OpenAI's recorded reasoning: its summary as reasoning text, signed by its encrypted content for OpenAI's models", () => {
    const body = readRecordedJson('openai', 'responses-reasoning') as { output: Array<{ summary: Array<{ text: string }>; encrypted_content: string }> };
    const result = collectResult(parse(body));
    expect(result.choices[0]!.reasoningBlocks).toEqual([
      { type: 'reasoning', text: body.output[0]!.summary[0]!.text, signature: { issuer: 'openai', value: body.output[0]!.encrypted_content } },
    ]);
    expect(result.choices[0]!.text).toBe('12 + 7 = 19\n19 × 3 = 57\n57 × 10 = 570\n\nFinal result: 570');
    expect(result.usage).toEqual({ inputTokens: 865, outputTokens: 163, cachedInputTokens: 0, reasoningTokens: 128 });
  });

  it('a function call: its call_id and name, its arguments whole, finished as tool calls', () => {
    const events = parse(built(calculator));
    expect(events.slice(1, 3)).toEqual([
      { type: 'tool-call-start', choice: 0, index: 0, id: 'call_abc', name: 'calculator' },
      { type: 'tool-call-args', choice: 0, index: 0, delta: '{"a":12,"b":7,"op":"add"}' },
    ]);
    expect(ofType(events, 'finish')).toEqual([{ type: 'finish', choice: 0, reason: { unified: 'tool_calls', raw: 'completed' } }]);
  });

  it('reasoning with no text shown is the whole encrypted block; without an issuer the gateway knows (xAI), only its text', () => {
    const hidden = built({ ...thoughtful, reasoning: { summary: '', encryptedContent: 'gAAAAABfake' } }, { include: ['reasoning.encrypted_content'] });
    expect(ofType(parse(hidden), 'redacted-reasoning')).toEqual([{ type: 'redacted-reasoning', choice: 0, data: 'gAAAAABfake', issuer: 'openai' }]);
    const shown = parse(built(thoughtful, { include: ['reasoning.encrypted_content'] }), xai);
    expect(joined(shown, 'reasoning')).toBe('**Adding** twelve and seven.');
    expect(shown.some((event) => event.type === 'reasoning-signature' || event.type === 'redacted-reasoning')).toBe(false);
  });

  it('log-probabilities of the output text, when asked for', () => {
    const events = parse(built({ kind: 'text', text: 'It is 19.' }, { include: ['message.output_text.logprobs'] }));
    expect(ofType(events, 'logprobs')).toEqual([
      {
        type: 'logprobs',
        choice: 0,
        content: ['It ', 'is ', '19.'].map((token) => ({ token, logprob: -0.01, bytes: [...Buffer.from(token)], top_logprobs: [] })),
      },
    ]);
  });

  it('an incomplete answer ends by its reason: an output limit is a length, a filter a content filter', () => {
    expect(ofType(parse(built({ kind: 'text', text: 'It is', incomplete: 'max_output_tokens' })), 'finish')[0]!.reason).toEqual({ unified: 'length', raw: 'max_output_tokens' });
    expect(ofType(parse(built({ kind: 'text', text: '', incomplete: 'content_filter' })), 'finish')[0]!.reason).toEqual({ unified: 'content_filter', raw: 'content_filter' });
  });

  it('a failed response is its error, with the status the same failure has over HTTP; an unfinished one cannot be read', () => {
    const failed = { ...built(FAKE_TEXT), status: 'failed', output: [], error: { code: 'rate_limit_exceeded', message: 'Rate limit reached for gpt-5-mini' } };
    const events = parse(failed);
    expect(events.map((event) => event.type)).toEqual(['start', 'usage', 'error']);
    const error = ofType(events, 'error')[0]!.error;
    expect(error).toMatchObject({ status: 429, kind: 'rate_limit', fault: 'provider', provider: 'openai', code: 'rate_limit_exceeded' });
    expect(error.message).toContain('Rate limit reached for gpt-5-mini');
    expect(ofType(parse({ ...built(FAKE_TEXT), status: 'in_progress' }), 'error')[0]!.error).toMatchObject({ status: 502, code: 'upstream_bad_response' });
    expect(() => parse({ id: 'resp_1', object: 'response' })).toThrow(/no output list/);
  });

  it('a chat completion is still read as one when the request was not native', () => {
    const completion = readRecordedJson('openai', 'openai-text');
    const chatContext = { model: 'gpt-4o-mini', now: 1 };
    expect(openai.parseChatResponse(completion, chatContext)).toEqual(parseOpenAICompatibleResponse(completion, chatContext, 'openai'));
  });
});

describe('a Responses stream', () => {
  it("OpenAI's recorded stream of two messages: the texts as their deltas came, the start from response.created, usage from response.completed", () => {
    const lines = readRecordedLines('openai', 'responses-phase');
    const created = JSON.parse(lines[0]!) as { response: { id: string; model: string; created_at: number; service_tier: string } };
    const deltas = lines.map((line) => JSON.parse(line) as { type: string; delta?: string }).filter((line) => line.type === 'response.output_text.delta');
    const events = stream(recordedMessages('openai', 'responses-phase'));
    const { id, model, created_at: at, service_tier: tier } = created.response;
    expect(events[0]).toEqual({ type: 'start', id, model, created: at, serviceTier: tier });
    expect(ofType(events, 'start')).toHaveLength(1);
    // The recording keeps two deltas of each message (its done events have the whole texts): those are the text.
    expect(joined(events, 'text')).toBe(deltas.map((line) => line.delta).join(''));
    expect(joined(events, 'text')).toBe('Got itHere are a few **AI');
    expect(events.slice(-2)).toEqual([
      { type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'completed' } },
      { type: 'usage', usage: { inputTokens: 7112, outputTokens: 463, cachedInputTokens: 3072, reasoningTokens: 64 } },
    ]);
    expect(ofType(events, 'error')).toEqual([]);
  });

  it("OpenAI's recorded reasoning and function call: the summary streamed, signed by the finished item's encrypted content, the call by its call_id", () => {
    const lines = readRecordedLines('openai', 'responses-reasoning-tool-call').map((line) => JSON.parse(line) as { type: string; item?: { type: string; encrypted_content?: string } });
    const done = lines.find((line) => line.type === 'response.output_item.done' && line.item?.type === 'reasoning')!.item!;
    const added = lines.find((line) => line.type === 'response.output_item.added' && line.item?.type === 'reasoning')!.item!;
    expect(added.encrypted_content).not.toBe(done.encrypted_content);
    const events = stream(recordedMessages('openai', 'responses-reasoning-tool-call'));
    const result = collectResult(events);
    expect(result.choices[0]!.reasoningBlocks).toEqual([
      {
        type: 'reasoning',
        text: "**Calculating step-by-step using calculator**\n\nI'll compute 12 plus 7, then multiply the result by 3, and finally multiply that by 10, reporting the final product.",
        signature: { issuer: 'openai', value: done.encrypted_content },
      },
    ]);
    expect(result.choices[0]!.toolCalls).toEqual([{ type: 'tool-call', id: 'call_AB6AaRZ1FYZB2RwS6A5vbdqn', name: 'calculator', arguments: '{"a":12,"b":7,"op":"add"}' }]);
    expect(result.choices[0]!.finish).toEqual({ unified: 'tool_calls', raw: 'completed' });
    expect(result.usage).toEqual({ inputTokens: 134, outputTokens: 28, cachedInputTokens: 0, reasoningTokens: 0 });
  });

  it("OpenAI's recorded error event (its code and message nested in `error`) ends the stream as a 429, before any content", () => {
    const events = stream(recordedMessages('openai', 'responses-error'));
    expect(events.map((event) => event.type)).toEqual(['start', 'error']);
    const error = ofType(events, 'error')[0]!.error;
    expect(error).toMatchObject({ status: 429, kind: 'rate_limit', code: 'insufficient_quota', providerType: 'insufficient_quota' });
    expect(error.message).toContain('You exceeded your current quota');
  });

  it("an error event as the reference documents it (code and message at its top), and response.failed alone, are errors too", () => {
    const flat = { type: 'error', sequence_number: 2, code: 'server_error', message: 'The server had an error processing your request.', param: null };
    const [created] = fakeResponseEvents(built(FAKE_TEXT));
    const events = stream(messagesOf([created!, flat]));
    expect(ofType(events, 'error')[0]!.error).toMatchObject({ status: 502, kind: 'upstream', code: 'server_error' });
    expect(ofType(events, 'error')[0]!.error.message).toContain('The server had an error processing your request.');

    const failed = { type: 'response.failed', sequence_number: 1, response: { ...built(FAKE_TEXT), status: 'failed', output: [], error: { code: 'invalid_prompt', message: 'Invalid prompt: flagged.' } } };
    const failedEvents = stream(messagesOf([created!, failed]));
    expect(failedEvents.map((event) => event.type)).toEqual(['start', 'usage', 'error']);
    expect(ofType(failedEvents, 'error')[0]!.error).toMatchObject({ status: 400, kind: 'invalid_request', fault: 'provider', code: 'invalid_prompt' });
  });

  it.each([
    ['a text', FAKE_TEXT, {}],
    ['a text with its log-probabilities', FAKE_TEXT, { include: ['message.output_text.logprobs'] }],
    ['reasoning then text', thoughtful, { include: ['reasoning.encrypted_content'] }],
    ['reasoning then a function call', { ...calculator, reasoning: thoughtful.reasoning! }, { include: ['reasoning.encrypted_content'] }],
    ['an answer cut at its output limit', { kind: 'text', text: 'It is', incomplete: 'max_output_tokens' }, {}],
  ] satisfies Array<[string, FakeResponsesAnswer, Record<string, unknown>]>)('%s streamed per the reference reads as the same answer whole', (_name, answer, json) => {
    const response = built(answer, json);
    const streamed = collectResult(stream(messagesOf(fakeResponseEvents(response))));
    const whole = collectResult(parse(response));
    // Logprobs come a token per delta in the stream, all at once in the whole answer.
    expect({ ...streamed, choices: streamed.choices.map((choice) => ({ ...choice, logprobs: choice.logprobs?.length ?? null })) }).toEqual({
      ...whole,
      choices: whole.choices.map((choice) => ({ ...choice, logprobs: choice.logprobs?.length ?? null })),
    });
    expect(whole.usage).toEqual({ inputTokens: 31, outputTokens: 9, cachedInputTokens: 0, reasoningTokens: 0 });
  });

  it('a stream that stops before response.completed ends with an error, never a silent stop', () => {
    const events = fakeResponseEvents(built(calculator));
    const cut = stream(messagesOf(events.slice(0, -1)));
    expect(cut.at(-1)).toMatchObject({ type: 'error', error: { status: 502, code: 'upstream_stream_incomplete' } });
    expect(ofType(cut, 'finish')).toEqual([]);
    expect(argsOf(cut)).toBe('{"a":12,"b":7,"op":"add"}');
  });

  it('a payload that is not JSON ends the stream; nothing after the end counts', () => {
    const [created] = fakeResponseEvents(built(FAKE_TEXT));
    const events = stream([...messagesOf([created!]), { event: 'response.output_text.delta', data: '{"type":"respo', id: undefined }, ...messagesOf(fakeResponseEvents(built(FAKE_TEXT)).slice(1))]);
    expect(events.map((event) => event.type)).toEqual(['start', 'error']);
    expect(ofType(events, 'error')[0]!.error).toMatchObject({ code: 'upstream_bad_response' });
  });

  it('does not parse the events that say nothing it reads: one whose data is unreadable is passed over, as it would be read', () => {
    const events = messagesOf(fakeResponseEvents(built(FAKE_TEXT)));
    const unreadable = (event: string): EventSourceMessage => ({ event, data: '{"type":"respo}', id: undefined });
    const noisy = events.flatMap((message) =>
      message.event === 'response.output_text.delta' ? [message, unreadable('response.output_text.done'), unreadable('response.content_part.done')] : [message],
    );
    expect(noisy.length).toBeGreaterThan(events.length);
    expect(stream(noisy)).toEqual(stream(events));
  });

  it('still reads one of them whose data is not even shaped as a JSON object, and ends the stream as unreadable', () => {
    const [created, ...rest] = messagesOf(fakeResponseEvents(built(FAKE_TEXT)));
    const events = stream([created!, { event: 'response.content_part.added', data: 'not JSON', id: undefined }, ...rest]);
    expect(events.map((event) => event.type)).toEqual(['start', 'error']);
    expect(ofType(events, 'error')[0]!.error).toMatchObject({ code: 'upstream_bad_response' });
  });

  it('reads response.in_progress only when nothing has started the response before it', () => {
    const [created, ...rest] = fakeResponseEvents(built(FAKE_TEXT));
    const inProgress = { ...created!, type: 'response.in_progress' };
    // After response.created it restates the start, and is not parsed.
    const after = stream([...messagesOf([created!]), { event: 'response.in_progress', data: '{"type":"respo}', id: undefined }, ...messagesOf(rest)]);
    expect(after).toEqual(stream(messagesOf([created!, ...rest])));
    // First, it is what starts the response: its id and model.
    const first = stream(messagesOf([inProgress, ...rest]));
    expect(first[0]).toEqual(stream(messagesOf([created!, ...rest]))[0]);
    expect(first[0]).toMatchObject({ type: 'start' });
  });

  it("data-only events (xAI's documented framing) read the same, and a [DONE] after the end is ignored", () => {
    const events = fakeResponseEvents(built(thoughtful, { include: ['reasoning.encrypted_content'] }));
    const named = stream(messagesOf(events));
    const dataOnly = stream([...events.map((event) => ({ event: undefined, data: JSON.stringify(event), id: undefined })), { event: undefined, data: '[DONE]', id: undefined }]);
    expect(dataOnly).toEqual(named);
  });

  it('an item that streamed nothing is read from its output_item.done', () => {
    const events = fakeResponseEvents(built({ ...calculator, reasoning: thoughtful.reasoning! }, { include: ['reasoning.encrypted_content'] }));
    const quiet = events.filter((event) => !String(event.type).endsWith('.delta'));
    expect(collectResult(stream(messagesOf(quiet)))).toEqual(collectResult(stream(messagesOf(events))));
  });
});
