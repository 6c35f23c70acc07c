import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../functions/core/stream-event.ts';
import { collectResult, type CallResult } from '../../../functions/core/collect-result.ts';
import { encodeFinal } from '../../../functions/ingress/anthropic-messages/encode-final.ts';
import { anthropicAdapter } from '../../../functions/providers/anthropic/anthropic-adapter.ts';
import { readRecordedJson } from '../../support/recorded.ts';

const same = (model: string) => model;
const start: StreamEvent = { type: 'start', id: 'chatcmpl-1', model: 'gpt-x', created: 1_700_000_000 };
const finalOf = (events: StreamEvent[]) => encodeFinal(collectResult(events), (model) => `openai/${model}`);

type Json = Record<string, unknown>;
const omit = (object: unknown, keys: readonly string[]): Json => Object.fromEntries(Object.entries(object as Json).filter(([key]) => !keys.includes(key)));

describe('encodeFinal: a recorded Anthropic answer, parsed and encoded again, is the Message Anthropic sent', () => {
  it.each(['anthropic-text', 'anthropic-tool-no-args', 'anthropic-json-tool.1', 'anthropic-refusal'])('%s', (name) => {
    const recorded = readRecordedJson('anthropic', name) as Json;
    const result = collectResult(anthropicAdapter.parseChatResponse(recorded, { model: 'requested', now: 1_700_000_000 }));
    // What the neutral result does not carry: the refusal's details, and the usage's cache split by lifetime, tier and region.
    expect(encodeFinal(result, same)).toEqual({
      stop_sequence: null,
      ...omit(recorded, ['stop_details']),
      usage: omit(recorded.usage, ['cache_creation', 'service_tier', 'inference_geo']),
    });
  });
});

describe('encodeFinal', () => {
  it('thinking with its signature, redacted thinking, the text, then the tool calls with their input', () => {
    const message = encodeFinal(
      collectResult([
        { type: 'start', id: 'msg_1', model: 'claude-x', created: 1 },
        { type: 'reasoning', choice: 0, delta: 'First.' },
        { type: 'reasoning-signature', choice: 0, signature: { issuer: 'claude', value: 'sig1' } },
        { type: 'redacted-reasoning', choice: 0, data: 'opaque', issuer: 'claude' },
        { type: 'text', choice: 0, delta: 'Looking ' },
        { type: 'text', choice: 0, delta: 'it up.' },
        { type: 'tool-call-start', choice: 0, index: 0, id: 'toolu_1', name: 'lookup' },
        { type: 'tool-call-args', choice: 0, index: 0, delta: '{"q":"a"}' },
        { type: 'finish', choice: 0, reason: { unified: 'tool_calls', raw: 'tool_use' } },
        { type: 'usage', usage: { inputTokens: 1100, cachedInputTokens: 1000, outputTokens: 20 } },
      ]),
      (model) => `anthropic/${model}`,
    );
    expect(message).toStrictEqual({
      model: 'anthropic/claude-x',
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'First.', signature: 'sig1' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'text', text: 'Looking it up.' },
        { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'a' } },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: { input_tokens: 100, cache_creation_input_tokens: 0, cache_read_input_tokens: 1000, output_tokens: 20 },
    });
  });

  it("another model line's reasoning keeps an empty signature; other issuers' signatures and redacted reasoning are left out", () => {
    const message = finalOf([
      start,
      { type: 'reasoning', choice: 0, delta: 'Thinking.' },
      { type: 'reasoning-signature', choice: 0, signature: { issuer: 'gemini', value: 'g' } },
      { type: 'redacted-reasoning', choice: 0, data: 'enc', issuer: 'openai' },
      { type: 'reasoning', choice: 0, delta: 'More.' },
      { type: 'text', choice: 0, delta: 'Answer.' },
    ]);
    expect(message.content).toStrictEqual([
      { type: 'thinking', thinking: 'Thinking.', signature: '' },
      { type: 'thinking', thinking: 'More.', signature: '' },
      { type: 'text', text: 'Answer.' },
    ]);
  });

  it('tool arguments that are none, not an object, or not JSON are the input {}', () => {
    const message = finalOf([
      start,
      { type: 'tool-call-start', choice: 0, index: 0, id: 'c0', name: 'none' },
      { type: 'tool-call-start', choice: 0, index: 1, id: 'c1', name: 'cut' },
      { type: 'tool-call-args', choice: 0, index: 1, delta: '{"path": "/tm' },
      { type: 'tool-call-start', choice: 0, index: 2, id: 'c2', name: 'array' },
      { type: 'tool-call-args', choice: 0, index: 2, delta: '[1,2]' },
      { type: 'finish', choice: 0, reason: { unified: 'length', raw: 'length' } },
    ]);
    expect(message.content).toStrictEqual([
      { type: 'tool_use', id: 'c0', name: 'none', input: {} },
      { type: 'tool_use', id: 'c1', name: 'cut', input: {} },
      { type: 'tool_use', id: 'c2', name: 'array', input: {} },
    ]);
    expect(message.stop_reason).toBe('max_tokens');
  });

  it('a refusal is text and the stop reason refusal; no finish reported reads as end_turn', () => {
    const refused = finalOf([start, { type: 'refusal', choice: 0, delta: 'I cannot help with that.' }, { type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'stop' } }]);
    expect(refused.content).toStrictEqual([{ type: 'text', text: 'I cannot help with that.' }]);
    expect(refused.stop_reason).toBe('refusal');
    expect(finalOf([start, { type: 'text', choice: 0, delta: 'x' }]).stop_reason).toBe('end_turn');
  });

  it('stop_sequence: the one that matched where the provider said which; null where it did not', () => {
    const stopped = (reason: { unified: 'stop'; raw: string; stopSequence?: string }) => finalOf([start, { type: 'text', choice: 0, delta: '1, 2, ' }, { type: 'finish', choice: 0, reason }]);
    expect(stopped({ unified: 'stop', raw: 'stop_sequence', stopSequence: '3' })).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: '3' });
    // OpenAI and Gemini say only that the answer stopped.
    expect(stopped({ unified: 'stop', raw: 'stop' })).toMatchObject({ stop_reason: 'end_turn', stop_sequence: null });
  });

  it('only the first answer; no usage reported is zeros; an empty answer has no content', () => {
    const result: CallResult = collectResult([start, { type: 'text', choice: 1, delta: 'second' }]);
    expect(encodeFinal(result, same)).toStrictEqual({
      model: 'gpt-x',
      id: 'chatcmpl-1',
      type: 'message',
      role: 'assistant',
      content: [],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 0 },
    });
  });
});
