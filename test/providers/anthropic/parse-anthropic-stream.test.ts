import type { EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../functions/core/stream-event.ts';
import { anthropicAdapter } from '../../../functions/providers/anthropic/anthropic-adapter.ts';
import { readRecordedLines, recordedMessages, translateStream } from '../../support/recorded.ts';

const context = { model: 'requested-model', now: 1_700_000_000 };
const run = (messages: EventSourceMessage[]): StreamEvent[] =>
  translateStream(anthropicAdapter.createStreamTranslator(context), messages);
const replay = (name: string) => run(recordedMessages('anthropic', name));

/** Anthropic frames each event with `event: <its type>`. */
const sse = (payload: Record<string, unknown>): EventSourceMessage => ({
  event: String(payload.type),
  data: JSON.stringify(payload),
  id: undefined,
});

const textOf = (events: StreamEvent[]) => events.map((event) => (event.type === 'text' ? event.delta : '')).join('');
const lastUsage = (events: StreamEvent[]) => events.findLast((event) => event.type === 'usage');

describe('createStreamTranslator: recorded Anthropic streams', () => {
  it('text: the full event list', async () => {
    expect(await replay('anthropic-text')).toEqual([
      { type: 'start', id: 'msg_01QC4g3HwBThD4BaNtBckFDJ', model: 'claude-sonnet-4-5-20250929', created: 1_700_000_000 },
      { type: 'usage', usage: { inputTokens: 12, outputTokens: 1, cachedInputTokens: 0, cacheWriteInputTokens: 0 } },
      { type: 'text', choice: 0, delta: 'Hello' },
      { type: 'text', choice: 0, delta: '! I' },
      { type: 'text', choice: 0, delta: "'m doing well, thank you for asking" },
      { type: 'text', choice: 0, delta: '. How are you doing today?' },
      { type: 'text', choice: 0, delta: ' Is' },
      { type: 'text', choice: 0, delta: ' there anything I can help you with?' },
      { type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'end_turn' } },
      { type: 'usage', usage: { inputTokens: 12, outputTokens: 30, cachedInputTokens: 0, cacheWriteInputTokens: 0 } },
    ]);
  });

  it('tool-no-args: text, then the tool call with {} as arguments (the empty partial_json is skipped)', async () => {
    const events = await replay('anthropic-tool-no-args');
    expect(textOf(events)).toBe("I'll update the issue list for you.");
    expect(events.filter((event) => event.type !== 'text')).toEqual([
      { type: 'start', id: 'msg_01GE2RKp1VYsPzdFs3sS9z5S', model: 'claude-sonnet-4-5-20250929', created: 1_700_000_000 },
      { type: 'usage', usage: { inputTokens: 565, outputTokens: 7, cachedInputTokens: 0, cacheWriteInputTokens: 0 } },
      // Anthropic's block index is 1 (after the text block); the tool call is the first, so 0.
      { type: 'tool-call-start', choice: 0, index: 0, id: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', name: 'updateIssueList' },
      { type: 'tool-call-args', choice: 0, index: 0, delta: '{}' },
      { type: 'finish', choice: 0, reason: { unified: 'tool_calls', raw: 'tool_use' } },
      { type: 'usage', usage: { inputTokens: 565, outputTokens: 48, cachedInputTokens: 0, cacheWriteInputTokens: 0 } },
    ]);
  });

  it('json-tool: input_json_delta pieces become tool-call-args that join into the input', async () => {
    const events = await replay('anthropic-json-tool.1');
    expect(events.filter((event) => event.type.startsWith('tool-call'))).toEqual([
      { type: 'tool-call-start', choice: 0, index: 0, id: 'toolu_01KFbKqPYSuAKujiL6mTfzYA', name: 'json' },
      {
        type: 'tool-call-args',
        choice: 0,
        index: 0,
        delta: '{"elements": [{"location": "San Francisco", "temperature": 58, "condition": "sunny"}]',
      },
      { type: 'tool-call-args', choice: 0, index: 0, delta: '}' },
    ]);
    expect(events.at(-2)).toEqual({ type: 'finish', choice: 0, reason: { unified: 'tool_calls', raw: 'tool_use' } });
    expect(lastUsage(events)).toEqual({
      type: 'usage',
      usage: { inputTokens: 849, outputTokens: 47, cachedInputTokens: 0, cacheWriteInputTokens: 0 },
    });
  });

  it('refusal: start, usage, content_filter finish, final usage', async () => {
    expect(await replay('anthropic-refusal')).toEqual([
      { type: 'start', id: 'msg_01RefusalStreamAbcdefghijk', model: 'claude-fable-5', created: 1_700_000_000 },
      { type: 'usage', usage: { inputTokens: 18, outputTokens: 1, cachedInputTokens: 0, cacheWriteInputTokens: 0 } },
      { type: 'finish', choice: 0, reason: { unified: 'content_filter', raw: 'refusal' } },
      { type: 'usage', usage: { inputTokens: 18, outputTokens: 5, cachedInputTokens: 0, cacheWriteInputTokens: 0 } },
    ]);
  });

  it('compaction: the compaction_delta summary is skipped, every text_delta kept, message_delta usage wins', async () => {
    const events = await replay('anthropic-compaction.1');
    const recordedText = readRecordedLines('anthropic', 'anthropic-compaction.1')
      .map((line) => JSON.parse(line) as { type: string; delta?: { type: string; text?: string } })
      .filter((event) => event.type === 'content_block_delta' && event.delta?.type === 'text_delta')
      .map((event) => event.delta?.text ?? '')
      .join('');
    expect(recordedText).toMatch(/^Based on the conversation history, you asked me to summarize the key algorithms/);
    expect(recordedText).toMatch(/walk through a particular problem, or cover another section\?$/);
    expect(textOf(events)).toBe(recordedText);
    expect(events.filter((event) => event.type === 'text')).toHaveLength(739);
    expect(textOf(events)).not.toContain('## Summary of Conversation');
    expect(events.some((event) => event.type === 'reasoning' || event.type.startsWith('tool-call'))).toBe(false);
    expect(events[0]).toEqual({ type: 'start', id: 'msg_01WJn2D9FrjipEZ9u51siJHC', model: 'claude-opus-4-6', created: 1_700_000_000 });
    // message_start counted the compaction pass's input (60385); message_delta's totals replace it.
    expect(events[1]).toEqual({
      type: 'usage',
      usage: { inputTokens: 60385, outputTokens: 5, cachedInputTokens: 0, cacheWriteInputTokens: 0 },
    });
    expect(events.slice(-2)).toEqual([
      { type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'end_turn' } },
      { type: 'usage', usage: { inputTokens: 612, outputTokens: 2819, cachedInputTokens: 0, cacheWriteInputTokens: 0 } },
    ]);
  });
});

describe('createStreamTranslator: a recorded thinking stream', () => {
  it('clear-thinking: the thinking deltas, the signature that closes them, then the answer', async () => {
    const events = await replay('anthropic-clear-thinking.1');
    expect(events.filter((event) => event.type === 'reasoning').map((event) => event.delta).join('')).toBe(
      'The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185',
    );
    const signature = readRecordedLines('anthropic', 'anthropic-clear-thinking.1')
      .map((line) => JSON.parse(line) as { delta?: { type: string; signature?: string } })
      .find((event) => event.delta?.type === 'signature_delta')?.delta?.signature;
    expect(signature).toMatch(/^EvQB/);
    expect(events.map((event) => event.type)).toEqual([
      'start',
      'usage',
      ...Array<'reasoning'>(9).fill('reasoning'),
      'reasoning-signature',
      'text',
      'text',
      'text',
      'finish',
      'usage',
    ]);
    expect(events.find((event) => event.type === 'reasoning-signature')).toEqual({
      type: 'reasoning-signature',
      choice: 0,
      signature: { issuer: 'claude', value: signature },
    });
  });
});

describe('createStreamTranslator: endings', () => {
  it('a stream cut before message_stop ends with an upstream_stream_incomplete error', async () => {
    const messages = recordedMessages('anthropic', 'anthropic-text');
    expect(messages.at(-1)?.event).toBe('message_stop');
    const events = await run(messages.slice(0, -1));
    expect(events.at(-2)?.type).toBe('usage');
    const last = events.at(-1);
    expect(last?.type).toBe('error');
    if (last?.type !== 'error') return;
    expect(last.error.status).toBe(502);
    expect(last.error.code).toBe('upstream_stream_incomplete');
  });

  it('a stream cut in the middle of the text keeps the text so far, then errors', async () => {
    const events = await run(recordedMessages('anthropic', 'anthropic-text').slice(0, 6));
    expect(textOf(events)).toBe("Hello! I'm doing well, thank you for asking");
    expect(events.at(-1)?.type).toBe('error');
    expect(events.some((event) => event.type === 'finish')).toBe(false);
  });

  it('an empty stream is a cut stream', async () => {
    const events = await run([]);
    expect(events).toHaveLength(1);
    expect(events[0]?.type === 'error' && events[0].error.code).toBe('upstream_stream_incomplete');
  });

  it('event: error overloaded_error mid-stream -> error 503 and nothing after it', async () => {
    const head = recordedMessages('anthropic', 'anthropic-text').slice(0, 4);
    const tail = recordedMessages('anthropic', 'anthropic-text').slice(4);
    const events = await run([
      ...head,
      sse({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
      ...tail,
    ]);
    expect(textOf(events)).toBe('Hello');
    expect(events.filter((event) => event.type === 'error')).toHaveLength(1);
    const last = events.at(-1);
    expect(last?.type).toBe('error');
    if (last?.type !== 'error') return;
    expect(last.error.status).toBe(503);
    expect(last.error).toMatchObject({ kind: 'overloaded', fault: 'provider', provider: 'anthropic', providerType: 'overloaded_error' });
    expect(last.error.code).toBe('overloaded_error');
    expect(last.error.message).toBe('anthropic reported an error mid-stream: Overloaded');
  });

  it.each([
    ['api_error', 502, 'upstream'],
    ['rate_limit_error', 429, 'rate_limit'],
    ['invalid_request_error', 400, 'invalid_request'],
    ['some_new_error', 502, 'upstream'],
  ])('event: error %s -> status %i', async (errorType, status, kind) => {
    const events = await run([sse({ type: 'error', error: { type: errorType, message: 'boom' } })]);
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.type).toBe('error');
    if (event?.type !== 'error') return;
    expect(event.error.status).toBe(status);
    expect(event.error).toMatchObject({ kind, fault: 'provider', providerType: errorType });
    expect(event.error.message).toContain('boom');
  });

  it('a payload that is not JSON -> upstream_bad_response error and stop', async () => {
    const messages = recordedMessages('anthropic', 'anthropic-text');
    const events = await run([
      ...messages.slice(0, 3),
      { event: 'content_block_delta', data: '{"type":"content_block_delta",', id: undefined },
      ...messages.slice(3),
    ]);
    expect(textOf(events)).toBe('');
    const last = events.at(-1);
    expect(last?.type === 'error' && last.error.code).toBe('upstream_bad_response');
    expect(events.filter((event) => event.type === 'error')).toHaveLength(1);
  });

  it('nothing after message_stop is read', async () => {
    const events = await run([
      ...recordedMessages('anthropic', 'anthropic-refusal'),
      sse({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: 'late' } }),
    ]);
    expect(events.at(-1)?.type).toBe('usage');
    expect(textOf(events)).toBe('');
  });
});

describe('createStreamTranslator: block and delta types', () => {
  const messageStart = sse({
    type: 'message_start',
    message: {
      id: 'msg_t',
      type: 'message',
      role: 'assistant',
      model: 'claude-t',
      content: [],
      stop_reason: null,
      usage: { input_tokens: 50, cache_read_input_tokens: 1000, cache_creation_input_tokens: 0, output_tokens: 1 },
    },
  });
  const finish = (stopReason: string, usage: Record<string, unknown>) => [
    sse({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage }),
    sse({ type: 'message_stop' }),
  ];

  it('thinking with its signature, redacted thinking with its data, unknown deltas and blocks skipped; two tool calls numbered 0 and 1', async () => {
    const events = await run([
      messageStart,
      sse({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
      sse({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Weighing ' } }),
      sse({ type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'options.' } }),
      sse({ type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EqQBCkYIARgCIkD' } }),
      sse({ type: 'content_block_stop', index: 0 }),
      sse({ type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: 'x' } }),
      sse({ type: 'content_block_stop', index: 1 }),
      sse({ type: 'content_block_start', index: 2, content_block: { type: 'text', text: '' } }),
      sse({ type: 'content_block_delta', index: 2, delta: { type: 'text_delta', text: 'Two lookups.' } }),
      sse({ type: 'content_block_delta', index: 2, delta: { type: 'citations_delta', citation: {} } }),
      sse({ type: 'content_block_stop', index: 2 }),
      sse({ type: 'some_future_event', detail: 1 }),
      sse({ type: 'content_block_start', index: 3, content_block: { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: {} } }),
      sse({ type: 'content_block_delta', index: 3, delta: { type: 'input_json_delta', partial_json: '' } }),
      sse({ type: 'content_block_delta', index: 3, delta: { type: 'input_json_delta', partial_json: '{"q":' } }),
      sse({ type: 'content_block_delta', index: 3, delta: { type: 'input_json_delta', partial_json: '"a"}' } }),
      sse({ type: 'content_block_stop', index: 3 }),
      sse({ type: 'ping' }),
      sse({ type: 'content_block_start', index: 4, content_block: { type: 'tool_use', id: 'toolu_2', name: 'lookup', input: {} } }),
      sse({ type: 'content_block_delta', index: 4, delta: { type: 'input_json_delta', partial_json: '{"q":"b"}' } }),
      sse({ type: 'content_block_stop', index: 4 }),
      ...finish('tool_use', { output_tokens: 90 }),
    ]);
    expect(events).toEqual([
      { type: 'start', id: 'msg_t', model: 'claude-t', created: 1_700_000_000 },
      { type: 'usage', usage: { inputTokens: 1050, cachedInputTokens: 1000, cacheWriteInputTokens: 0, outputTokens: 1 } },
      { type: 'reasoning', choice: 0, delta: 'Weighing ' },
      { type: 'reasoning', choice: 0, delta: 'options.' },
      { type: 'reasoning-signature', choice: 0, signature: { issuer: 'claude', value: 'EqQBCkYIARgCIkD' } },
      { type: 'redacted-reasoning', choice: 0, data: 'x', issuer: 'claude' },
      { type: 'text', choice: 0, delta: 'Two lookups.' },
      { type: 'tool-call-start', choice: 0, index: 0, id: 'toolu_1', name: 'lookup' },
      { type: 'tool-call-args', choice: 0, index: 0, delta: '{"q":' },
      { type: 'tool-call-args', choice: 0, index: 0, delta: '"a"}' },
      { type: 'tool-call-start', choice: 0, index: 1, id: 'toolu_2', name: 'lookup' },
      { type: 'tool-call-args', choice: 0, index: 1, delta: '{"q":"b"}' },
      { type: 'finish', choice: 0, reason: { unified: 'tool_calls', raw: 'tool_use' } },
      // message_delta gave only output_tokens: the input counts from message_start stay.
      { type: 'usage', usage: { inputTokens: 1050, cachedInputTokens: 1000, cacheWriteInputTokens: 0, outputTokens: 90 } },
    ]);
  });

  it('a thinking block whose text is omitted is its signature alone; empty signatures and redacted data are nothing', async () => {
    const events = await run([
      messageStart,
      sse({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } }),
      sse({ type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'EoMBsig' } }),
      sse({ type: 'content_block_stop', index: 0 }),
      sse({ type: 'content_block_start', index: 1, content_block: { type: 'thinking', thinking: '', signature: '' } }),
      sse({ type: 'content_block_delta', index: 1, delta: { type: 'signature_delta', signature: '' } }),
      sse({ type: 'content_block_stop', index: 1 }),
      sse({ type: 'content_block_start', index: 2, content_block: { type: 'redacted_thinking', data: '' } }),
      sse({ type: 'content_block_stop', index: 2 }),
      // A signature for a block that is not thinking says nothing.
      sse({ type: 'content_block_start', index: 3, content_block: { type: 'text', text: '' } }),
      sse({ type: 'content_block_delta', index: 3, delta: { type: 'signature_delta', signature: 'stray' } }),
      sse({ type: 'content_block_stop', index: 3 }),
      ...finish('end_turn', { output_tokens: 9 }),
    ]);
    expect(events.filter((event) => event.type !== 'start' && event.type !== 'usage' && event.type !== 'finish')).toEqual([
      { type: 'reasoning-signature', choice: 0, signature: { issuer: 'claude', value: 'EoMBsig' } },
    ]);
  });

  it('null usage fields in message_delta do not erase earlier counts', async () => {
    const events = await run([
      messageStart,
      ...finish('max_tokens', { input_tokens: null, cache_read_input_tokens: null, output_tokens: 4096 }),
    ]);
    expect(events.slice(-2)).toEqual([
      { type: 'finish', choice: 0, reason: { unified: 'length', raw: 'max_tokens' } },
      { type: 'usage', usage: { inputTokens: 1050, cachedInputTokens: 1000, cacheWriteInputTokens: 0, outputTokens: 4096 } },
    ]);
  });

  it('the stop sequence message_delta names goes with the finish', async () => {
    const events = await run([
      messageStart,
      sse({ type: 'message_delta', delta: { stop_reason: 'stop_sequence', stop_sequence: '</answer>' }, usage: { output_tokens: 7 } }),
      sse({ type: 'message_stop' }),
    ]);
    expect(events.find((event) => event.type === 'finish')).toEqual({ type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'stop_sequence', stopSequence: '</answer>' } });
  });
});
