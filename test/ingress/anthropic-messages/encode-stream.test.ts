import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../functions/core/stream-event.ts';
import { CallError } from '../../../functions/core/call-error.ts';
import { createAnthropicSseEncoder, type AnthropicSseEncodeOptions } from '../../../functions/ingress/anthropic-messages/encode-stream.ts';
import { encodeBatches, streamFailure } from '../../../functions/ingress/encode-batches.ts';
import type { EventBatch } from '../../../functions/serve/open-event-stream.ts';
import { collect } from '../../support/recorded.ts';
import { upstreamStreamCut } from '../../../functions/providers/upstream/upstream-errors.ts';

const options: AnthropicSseEncodeOptions = { modelName: (model) => `anthropic/${model}` };
const start: StreamEvent = { type: 'start', id: 'msg_1', model: 'claude-x', created: 1_700_000_000 };
const stop: StreamEvent = { type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'end_turn' } };

/** Every event encoded, then the end as the driver writes it when the provider's stream ended well. */
function encode(events: StreamEvent[], ended = true) {
  const encoder = createAnthropicSseEncoder(options);
  let text = '';
  for (const event of events) text += encoder.encode(event);
  if (ended) text += encoder.finish();
  return { text, encoder };
}

interface Frame {
  event: string;
  data: Record<string, unknown>;
}
/**
 * The frames, each checked to be `event: <type>\ndata: <json>` with the data's type the event's;
 * the ping that must follow message_start is checked and left out.
 */
function framesOf(text: string): Frame[] {
  expect(text.endsWith('\n\n') || text === '').toBe(true);
  const frames = text
    .split('\n\n')
    .filter((chunk) => chunk !== '')
    .map((chunk) => {
      const match = /^event: (\S+)\ndata: (.+)$/.exec(chunk);
      if (!match) throw new Error(`not an Anthropic frame: ${JSON.stringify(chunk)}`);
      const data = JSON.parse(match[2]!) as Record<string, unknown>;
      expect(data.type).toBe(match[1]);
      return { event: match[1]!, data };
    });
  const started = frames.findIndex((frame) => frame.event === 'message_start');
  if (started === -1) return frames;
  expect(frames[started + 1]).toEqual({ event: 'ping', data: { type: 'ping' } });
  return frames.filter((_, index) => index !== started + 1);
}
const dataOf = (text: string) => framesOf(text).map((frame) => frame.data);
const typesOf = (text: string) => framesOf(text).map((frame) => frame.event);

describe('createAnthropicSseEncoder: a text answer, byte for byte', () => {
  it('message_start with the counts reported so far, a ping as Anthropic sends one, one text block, message_delta with the final usage, message_stop', () => {
    const { text } = encode([
      start,
      { type: 'usage', usage: { inputTokens: 12, cachedInputTokens: 0, cacheWriteInputTokens: 0, outputTokens: 1 } },
      { type: 'text', choice: 0, delta: 'Hello' },
      { type: 'text', choice: 0, delta: '!' },
      stop,
      { type: 'usage', usage: { inputTokens: 12, cachedInputTokens: 0, cacheWriteInputTokens: 0, outputTokens: 30 } },
    ]);
    expect(text).toBe(
      'event: message_start\n' +
        'data: {"type":"message_start","message":{"model":"anthropic/claude-x","id":"msg_1","type":"message","role":"assistant","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":1}}}\n\n' +
        'event: ping\ndata: {"type":"ping"}\n\n' +
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}\n\n' +
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"!"}}\n\n' +
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n' +
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":12,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":30}}\n\n' +
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    );
  });
});

describe('createAnthropicSseEncoder: blocks', () => {
  it('signed thinking, redacted thinking, text, two tool calls: numbered in order, each closed before the next opens', () => {
    const { text } = encode([
      start,
      { type: 'reasoning', choice: 0, delta: 'Weighing ' },
      { type: 'reasoning', choice: 0, delta: 'options.' },
      { type: 'reasoning-signature', choice: 0, signature: { issuer: 'claude', value: 'EqQBsig' } },
      { type: 'redacted-reasoning', choice: 0, data: 'opaque', issuer: 'claude' },
      { type: 'text', choice: 0, delta: 'Two lookups.' },
      { type: 'tool-call-start', choice: 0, index: 0, id: 'toolu_1', name: 'lookup' },
      { type: 'tool-call-args', choice: 0, index: 0, delta: '{"q":' },
      { type: 'tool-call-args', choice: 0, index: 0, delta: '"a"}' },
      { type: 'tool-call-start', choice: 0, index: 1, id: 'toolu_2', name: 'lookup' },
      { type: 'tool-call-args', choice: 0, index: 1, delta: '{"q":"b"}' },
      { type: 'finish', choice: 0, reason: { unified: 'tool_calls', raw: 'tool_use' } },
    ]);
    expect(dataOf(text).slice(1)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Weighing ' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'options.' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQBsig' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: 'opaque' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'Two lookups.' } },
      { type: 'content_block_stop', index: 2 },
      { type: 'content_block_start', index: 3, content_block: { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: {} } },
      { type: 'content_block_delta', index: 3, delta: { type: 'input_json_delta', partial_json: '{"q":' } },
      { type: 'content_block_delta', index: 3, delta: { type: 'input_json_delta', partial_json: '"a"}' } },
      { type: 'content_block_stop', index: 3 },
      { type: 'content_block_start', index: 4, content_block: { type: 'tool_use', id: 'toolu_2', name: 'lookup', input: {} } },
      { type: 'content_block_delta', index: 4, delta: { type: 'input_json_delta', partial_json: '{"q":"b"}' } },
      { type: 'content_block_stop', index: 4 },
      { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 } },
      { type: 'message_stop' },
    ]);
  });

  it("another model line's reasoning: a thinking block without signature, closed when the text begins", () => {
    const { text } = encode([start, { type: 'reasoning', choice: 0, delta: 'Hmm.' }, { type: 'text', choice: 0, delta: 'Yes.' }, stop]);
    expect(dataOf(text).slice(1, 6)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Hmm.' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Yes.' } },
    ]);
  });

  it('a signature with no thinking before it is a whole thinking block; reasoning after a signature opens a new one', () => {
    const { text } = encode([
      start,
      { type: 'reasoning-signature', choice: 0, signature: { issuer: 'claude', value: 'sig1' } },
      { type: 'reasoning', choice: 0, delta: 'More.' },
      { type: 'reasoning-signature', choice: 0, signature: { issuer: 'claude', value: 'sig2' } },
      stop,
    ]);
    expect(typesOf(text)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(dataOf(text)[2]).toEqual({ type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig1' } });
    expect(dataOf(text)[6]).toEqual({ type: 'content_block_delta', index: 1, delta: { type: 'signature_delta', signature: 'sig2' } });
  });

  it("signatures and redacted reasoning of other issuers are not written: a Messages client could send them nowhere", () => {
    const { text } = encode([
      start,
      { type: 'reasoning', choice: 0, delta: 'Thought.' },
      { type: 'reasoning-signature', choice: 0, signature: { issuer: 'gemini', value: 'g' } },
      { type: 'redacted-reasoning', choice: 0, data: 'enc', issuer: 'openai' },
      stop,
    ]);
    expect(text).not.toContain('signature_delta');
    expect(text).not.toContain('redacted_thinking');
    expect(typesOf(text)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
  });

  it('empty deltas, logprobs and other choices write nothing', () => {
    const { encoder } = encode([start], false);
    expect(encoder.encode({ type: 'text', choice: 0, delta: '' })).toBe('');
    expect(encoder.encode({ type: 'reasoning', choice: 0, delta: '' })).toBe('');
    expect(encoder.encode({ type: 'text', choice: 1, delta: 'second answer' })).toBe('');
    expect(encoder.encode({ type: 'tool-call-start', choice: 1, index: 0, id: 't', name: 'f' })).toBe('');
    expect(encoder.encode({ type: 'logprobs', choice: 0, content: [] })).toBe('');
    expect(encoder.encode({ type: 'tool-call-args', choice: 0, index: 5, delta: '{}' })).toBe('');
    expect(encoder.encode({ type: 'finish', choice: 1, reason: { unified: 'length', raw: 'length' } })).toBe('');
    expect(dataOf(encoder.finish())[1]).toMatchObject({ delta: { stop_reason: 'end_turn' } });
  });

  it("arguments for an earlier call, after the next began, go to that call's own block", () => {
    const { text } = encode([
      start,
      { type: 'tool-call-start', choice: 0, index: 0, id: 't0', name: 'a' },
      { type: 'tool-call-start', choice: 0, index: 1, id: 't1', name: 'b' },
      { type: 'tool-call-args', choice: 0, index: 0, delta: '{}' },
    ]);
    expect(dataOf(text).slice(3, 5)).toEqual([
      { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 't1', name: 'b', input: {} } },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{}' } },
    ]);
  });

  it('an answer without content starts at its finish, with the counts from before the final ones', () => {
    const { text } = encode([
      start,
      { type: 'usage', usage: { inputTokens: 18, outputTokens: 1 } },
      { type: 'finish', choice: 0, reason: { unified: 'content_filter', raw: 'refusal' } },
      { type: 'usage', usage: { inputTokens: 18, outputTokens: 5 } },
    ]);
    expect(typesOf(text)).toEqual(['message_start', 'message_delta', 'message_stop']);
    expect(dataOf(text)[0]).toMatchObject({ message: { usage: { input_tokens: 18, output_tokens: 1 } } });
    expect(dataOf(text)[1]).toMatchObject({ delta: { stop_reason: 'refusal' }, usage: { input_tokens: 18, output_tokens: 5 } });
  });
});

describe('createAnthropicSseEncoder: stop reason and usage', () => {
  const stopOf = (events: StreamEvent[]) => dataOf(encode([start, ...events]).text).at(-2) as { delta: { stop_reason: string; stop_sequence: string | null } };

  it.each([
    [{ unified: 'stop', raw: 'stop_sequence' }, 'stop_sequence'],
    [{ unified: 'stop', raw: 'pause_turn' }, 'pause_turn'],
    [{ unified: 'length', raw: 'length' }, 'max_tokens'],
    [{ unified: 'length', raw: 'model_context_window_exceeded' }, 'model_context_window_exceeded'],
    [{ unified: 'tool_calls', raw: 'tool_calls' }, 'tool_use'],
    [{ unified: 'content_filter', raw: 'SAFETY' }, 'refusal'],
  ] as const)('finish %j -> %s, stop_sequence null', (reason, expected) => {
    expect(stopOf([{ type: 'text', choice: 0, delta: 'x' }, { type: 'finish', choice: 0, reason }]).delta).toEqual({ stop_reason: expected, stop_sequence: null });
  });

  it('stop_sequence is the one that matched, where the provider said which', () => {
    const reason = { unified: 'stop', raw: 'stop_sequence', stopSequence: '</answer>' } as const;
    expect(stopOf([{ type: 'text', choice: 0, delta: 'x' }, { type: 'finish', choice: 0, reason }]).delta).toEqual({ stop_reason: 'stop_sequence', stop_sequence: '</answer>' });
  });

  it('a refusal is text, and the stop reason says refusal', () => {
    const { text } = encode([start, { type: 'refusal', choice: 0, delta: "I can't help with that." }, stop]);
    expect(dataOf(text).slice(1, 3)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: "I can't help with that." } },
    ]);
    expect(dataOf(text).at(-2)).toMatchObject({ delta: { stop_reason: 'refusal' } });
  });

  it('no finish reported: tool_use after tool calls, else end_turn', () => {
    expect(stopOf([{ type: 'tool-call-start', choice: 0, index: 0, id: 't', name: 'f' }]).delta.stop_reason).toBe('tool_use');
    expect(stopOf([{ type: 'text', choice: 0, delta: 'x' }]).delta.stop_reason).toBe('end_turn');
  });

  it("usage in Anthropic's terms: input without cache reads and writes; a provider counting at the end starts at zero", () => {
    const { text } = encode([
      start,
      { type: 'text', choice: 0, delta: 'x' },
      stop,
      { type: 'usage', usage: { inputTokens: 1150, cachedInputTokens: 1000, cacheWriteInputTokens: 100, outputTokens: 7, reasoningTokens: 3 } },
    ]);
    const data = dataOf(text);
    expect(data[0]).toMatchObject({ message: { usage: { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 } } });
    expect(data.at(-2)).toMatchObject({
      usage: { input_tokens: 50, cache_creation_input_tokens: 100, cache_read_input_tokens: 1000, output_tokens: 7, output_tokens_details: { thinking_tokens: 3 } },
    });
  });
});

describe('createAnthropicSseEncoder: errors', () => {
  it('an error after the provider said stop: event error in Anthropic’s shape, no message_delta or message_stop, nothing after it', () => {
    const { encoder, text } = encode([start, { type: 'text', choice: 0, delta: 'Hi' }, stop, { type: 'error', error: upstreamStreamCut('anthropic') }], false);
    const frames = framesOf(text);
    expect(frames.map((frame) => frame.event)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'error']);
    expect(frames.at(-1)?.data).toEqual({ type: 'error', error: { type: 'api_error', message: 'anthropic stream ended early: the connection closed before the end of the answer' } });
    expect(encoder.failed).toBe(true);
    expect(encoder.encode({ type: 'text', choice: 0, delta: 'more' })).toBe('');
    expect(encoder.finish()).toBe('');
    expect(encoder.encode({ type: 'error', error: streamFailure(new Error('late')) })).toBe('');
  });

  it('an error before any content is the error frame alone', () => {
    const overloaded = new CallError({ status: 503, kind: 'overloaded', fault: 'provider', message: 'anthropic reported an error mid-stream: Overloaded' });
    expect(dataOf(encode([start, { type: 'error', error: overloaded }], false).text)).toEqual([
      { type: 'error', error: { type: 'overloaded_error', message: 'anthropic reported an error mid-stream: Overloaded' } },
    ]);
  });

  it('a failure outside the events (encodeBatches): a bug is api_error with a message of its own; a CallError keeps its type', async () => {
    async function* failing(error: unknown): AsyncGenerator<EventBatch> {
      yield { events: [start] };
      throw error;
    }
    const bug = (await collect(encodeBatches(failing(new TypeError('boom')), createAnthropicSseEncoder(options)))).join('');
    expect(dataOf(bug)).toEqual([{ type: 'error', error: { type: 'api_error', message: 'The gateway failed while streaming.' } }]);

    const timeout = new CallError({ status: 504, kind: 'timeout', fault: 'provider', message: 'the provider timed out' });
    const timedOut = (await collect(encodeBatches(failing(timeout), createAnthropicSseEncoder(options)))).join('');
    expect(dataOf(timedOut)).toEqual([{ type: 'error', error: { type: 'timeout_error', message: 'the provider timed out' } }]);
  });
});
