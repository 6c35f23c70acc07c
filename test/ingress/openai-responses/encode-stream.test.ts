import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { CallError } from '../../../functions/core/call-error.ts';
import type { StreamEvent } from '../../../functions/core/stream-event.ts';
import { encodeBatches } from '../../../functions/ingress/encode-batches.ts';
import type { EncodeOptions } from '../../../functions/ingress/openai-responses/encode-final.ts';
import { createResponsesSseEncoder } from '../../../functions/ingress/openai-responses/encode-stream.ts';
import { flattenTools } from '../../../functions/ingress/openai-responses/flatten-tools.ts';
import { decodeEnvelope } from '../../../functions/ingress/openai-responses/reasoning-envelope.ts';
import type { ResponsesTool } from '../../../functions/ingress/openai-responses/responses-request-schema.ts';
import { collect, toAsync } from '../../support/recorded.ts';

const tools: ResponsesTool[] = [
  { type: 'function', name: 'weather', parameters: { type: 'object' }, strict: false },
  { type: 'namespace', name: 'multi_agent_v1', description: '', tools: [{ type: 'function', name: 'spawn_agent', parameters: { type: 'object' }, strict: false }] },
  { type: 'custom', name: 'apply_patch' },
];
const options = (fields: Partial<EncodeOptions> = {}): EncodeOptions => ({
  request: { model: 'anthropic/claude-sonnet-4-5', input: 'Hi', tools },
  id: 'resp_test',
  modelName: (model) => `anthropic/${model}`,
  origins: flattenTools(tools).origins,
  keepReasoning: false,
  ...fields,
});
const start: StreamEvent = { type: 'start', id: 'msg_1', model: 'claude-x', created: 1_700_000_000 };
const stop: StreamEvent = { type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'end_turn' } };
const usage: StreamEvent = { type: 'usage', usage: { inputTokens: 12, cachedInputTokens: 2, outputTokens: 7, reasoningTokens: 3 } };

function encode(events: StreamEvent[], fields: Partial<EncodeOptions> = {}, ended = true) {
  const encoder = createResponsesSseEncoder(options(fields));
  let text = '';
  for (const event of events) text += encoder.encode(event);
  if (ended) text += encoder.finish();
  return { text, encoder };
}

/** The frames, each `event: <type>\ndata: <json>` with the data's type the event's. */
function framesOf(text: string): Array<Record<string, unknown>> {
  return text
    .split('\n\n')
    .filter((chunk) => chunk !== '')
    .map((chunk) => {
      const match = /^event: (\S+)\ndata: (.+)$/.exec(chunk);
      if (!match) throw new Error(`not a Responses frame: ${JSON.stringify(chunk)}`);
      const data = JSON.parse(match[2]!) as Record<string, unknown>;
      expect(data['type']).toBe(match[1]);
      return data;
    });
}
const typesOf = (text: string) => framesOf(text).map((frame) => frame['type']);

/** The openai SDK's own stream reader over the encoder's bytes: what a client of the gateway gets. */
function sdkStream(text: string) {
  const client = new OpenAI({
    apiKey: 'test',
    baseURL: 'http://gateway.test/v1',
    maxRetries: 0,
    fetch: () => Promise.resolve(new Response(text, { headers: { 'content-type': 'text/event-stream' } })),
  });
  return client.responses.stream({ model: 'anthropic/claude-sonnet-4-5', input: 'Hi' });
}

describe('createResponsesSseEncoder: the event grammar', () => {
  it('a text answer: created, in_progress, the message item and its part, deltas, done events, completed; numbered from 0', async () => {
    const { text, encoder } = encode([start, { type: 'text', choice: 0, delta: 'Hel' }, { type: 'text', choice: 0, delta: 'lo' }, stop, usage]);
    expect(typesOf(text)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ]);
    const frames = framesOf(text);
    expect(frames.map((frame) => frame['sequence_number'])).toEqual(frames.map((_, index) => index));
    expect(frames[0]).toMatchObject({ response: { id: 'resp_test', status: 'in_progress', model: 'anthropic/claude-x', created_at: 1_700_000_000, output: [] } });
    expect(frames[6]).toMatchObject({ text: 'Hello', output_index: 0, content_index: 0 });
    const completed = frames.at(-1)!['response'];
    expect(completed).toMatchObject({
      status: 'completed',
      output: [{ type: 'message', status: 'completed', content: [{ type: 'output_text', text: 'Hello', annotations: [] }] }],
      usage: { input_tokens: 12, input_tokens_details: { cached_tokens: 2 }, output_tokens: 7, output_tokens_details: { reasoning_tokens: 3 }, total_tokens: 19 },
    });
    expect(encoder.response).toEqual(completed);

    const response = await sdkStream(text).finalResponse();
    expect(response.output_text).toBe('Hello');
  });

  it('Claude’s signed thinking, then text and tool calls: a reasoning item with the envelope, the SDK assembles them all', async () => {
    const { text } = encode(
      [
        start,
        { type: 'reasoning', choice: 0, delta: 'Let me ' },
        { type: 'reasoning', choice: 0, delta: 'see.' },
        { type: 'reasoning-signature', choice: 0, signature: { issuer: 'claude', value: 'sig-1' } },
        { type: 'redacted-reasoning', choice: 0, data: 'opaque', issuer: 'claude' },
        { type: 'text', choice: 0, delta: 'Checking.' },
        { type: 'tool-call-start', choice: 0, index: 0, id: 'toolu_1', name: 'weather' },
        { type: 'tool-call-args', choice: 0, index: 0, delta: '{"city":' },
        { type: 'tool-call-start', choice: 0, index: 1, id: 'toolu_2', name: 'multi_agent_v1__spawn_agent' },
        { type: 'tool-call-args', choice: 0, index: 0, delta: '"Rome"}' },
        { type: 'tool-call-args', choice: 0, index: 1, delta: '{}' },
        { type: 'finish', choice: 0, reason: { unified: 'tool_calls', raw: 'tool_use' } },
      ],
      { keepReasoning: true },
    );
    expect(typesOf(text).slice(2, 9)).toEqual([
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
    ]);
    const response = await sdkStream(text).finalResponse();
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call', 'function_call']);
    const [reasoning, , weather, spawn] = response.output as [OpenAI.Responses.ResponseReasoningItem, unknown, OpenAI.Responses.ResponseFunctionToolCall, OpenAI.Responses.ResponseFunctionToolCall];
    expect(reasoning.summary).toEqual([{ type: 'summary_text', text: 'Let me see.' }]);
    expect(decodeEnvelope(reasoning.encrypted_content!, 'x').blocks).toEqual([
      { type: 'reasoning', text: 'Let me see.', signature: { issuer: 'claude', value: 'sig-1' } },
      { type: 'redacted-reasoning', data: 'opaque', issuer: 'claude' },
    ]);
    // Arguments interleaved by the provider still reach their own call.
    expect(weather).toMatchObject({ call_id: 'toolu_1', name: 'weather', arguments: '{"city":"Rome"}', status: 'completed' });
    expect(spawn).toMatchObject({ call_id: 'toolu_2', name: 'spawn_agent', namespace: 'multi_agent_v1', arguments: '{}' });
  });

  it('a Gemini call’s signature travels in a reasoning item’s envelope when the client keeps reasoning, and only then', async () => {
    const events: StreamEvent[] = [start, { type: 'tool-call-start', choice: 0, index: 0, id: 'call_g', name: 'weather', extra: { google: { thought_signature: 'g-sig' } } }, { type: 'tool-call-args', choice: 0, index: 0, delta: '{}' }, stop];
    const kept = await sdkStream(encode(events, { keepReasoning: true }).text).finalResponse();
    expect(kept.output.map((item) => item.type)).toEqual(['reasoning', 'function_call']);
    expect(decodeEnvelope((kept.output[0] as OpenAI.Responses.ResponseReasoningItem).encrypted_content!, 'x').toolCalls).toEqual({ call_g: { issuer: 'gemini', value: 'g-sig' } });
    const dropped = await sdkStream(encode(events).text).finalResponse();
    expect(dropped.output.map((item) => item.type)).toEqual(['function_call']);
  });

  it('a custom tool’s call is a custom_tool_call with its text, given whole', async () => {
    const { text } = encode([start, { type: 'tool-call-start', choice: 0, index: 0, id: 'call_p', name: 'apply_patch' }, { type: 'tool-call-args', choice: 0, index: 0, delta: '{"input":"*** Begin' }, { type: 'tool-call-args', choice: 0, index: 0, delta: ' Patch"}' }, stop]);
    expect(typesOf(text)).toContain('response.custom_tool_call_input.done');
    expect(typesOf(text)).not.toContain('response.function_call_arguments.delta');
    const response = await sdkStream(text).finalResponse();
    expect(response.output[0]).toMatchObject({ type: 'custom_tool_call', call_id: 'call_p', name: 'apply_patch', input: '*** Begin Patch' });
  });

  it('an answer cut by the output limit is response.incomplete, its message incomplete', () => {
    const { text } = encode([start, { type: 'text', choice: 0, delta: 'Long' }, { type: 'finish', choice: 0, reason: { unified: 'length', raw: 'max_tokens' } }]);
    const last = framesOf(text).at(-1)!;
    expect(last).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [{ type: 'message', status: 'incomplete' }] } });
  });
});

describe('createResponsesSseEncoder: failures', () => {
  const failure = new CallError({ status: 502, kind: 'upstream', fault: 'provider', code: 'upstream_error', message: 'anthropic failed: the stream was cut' });

  it('an error after the start is an error event and response.failed, and nothing follows, not even at the end', () => {
    const encoder = createResponsesSseEncoder(options());
    const text = encoder.encode(start) + encoder.encode({ type: 'text', choice: 0, delta: 'Hi' }) + encoder.encode({ type: 'error', error: failure });
    expect(typesOf(text).slice(-2)).toEqual(['error', 'response.failed']);
    expect(framesOf(text).at(-2)).toMatchObject({ code: 'upstream_error', message: 'anthropic failed: the stream was cut', param: null });
    expect(framesOf(text).at(-1)).toMatchObject({ response: { status: 'failed', error: { code: 'server_error', message: 'anthropic failed: the stream was cut' } } });
    expect(encoder.failed).toBe(true);
    expect(encoder.encode(stop) + encoder.finish()).toBe('');
    expect(encoder.response).toBeUndefined();
  });

  it('a rate limit mid-stream fails with the code Codex retries on', () => {
    const limited = new CallError({ status: 429, kind: 'rate_limit', fault: 'provider', message: 'Slow down' });
    const { text } = encode([start, { type: 'error', error: limited }], {}, false);
    expect(framesOf(text).at(-1)).toMatchObject({ response: { error: { code: 'rate_limit_exceeded' } } });
  });

  it('the SDK raises the error event as an APIError', async () => {
    const text = (await collect(encodeBatches(toAsync([{ events: [start, { type: 'text', choice: 0, delta: 'Hi' }] }, { events: [{ type: 'error', error: failure }] }]), createResponsesSseEncoder(options())))).join('');
    await expect(sdkStream(text).finalResponse()).rejects.toBeInstanceOf(OpenAI.APIError);
  });
});
