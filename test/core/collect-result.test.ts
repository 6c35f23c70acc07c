import { describe, expect, it } from 'vitest';
import { CallError } from '../../functions/core/call-error.ts';
import { collectResult } from '../../functions/core/collect-result.ts';

describe('collectResult', () => {
  it('lists the tool calls a provider made without holes, however it numbered them', () => {
    const result = collectResult([
      { type: 'start', id: 'r2', model: 'm', created: 1 },
      { type: 'tool-call-start', choice: 0, index: 2, id: 'call_c', name: 'h' },
      { type: 'tool-call-args', choice: 0, index: 2, delta: '{}' },
    ]);
    expect(result.choices[0]!.toolCalls).toStrictEqual([{ type: 'tool-call', id: 'call_c', name: 'h', arguments: '{}' }]);
  });

  it('joins each choice\'s deltas; tool calls keep their arguments as received and a Gemini signature as one', () => {
    const result = collectResult([
      { type: 'start', id: 'r1', model: 'gemini-x', created: 5, serviceTier: 'flex', systemFingerprint: 'fp' },
      { type: 'reasoning', choice: 0, delta: 'hm' },
      { type: 'reasoning', choice: 0, delta: 'm' },
      { type: 'text', choice: 0, delta: 'Hello' },
      { type: 'text', choice: 0, delta: ' there' },
      { type: 'tool-call-start', choice: 0, index: 0, id: 'call_a', name: 'f', extra: { google: { thought_signature: 'sig' } } },
      { type: 'tool-call-args', choice: 0, index: 0, delta: '{"a":' },
      { type: 'tool-call-args', choice: 0, index: 0, delta: '1}' },
      { type: 'tool-call-start', choice: 0, index: 1, id: 'call_b', name: 'g' },
      { type: 'refusal', choice: 1, delta: 'No.' },
      { type: 'finish', choice: 1, reason: { unified: 'content_filter', raw: 'refusal' } },
      { type: 'finish', choice: 0, reason: { unified: 'tool_calls', raw: 'STOP' } },
      { type: 'usage', usage: { inputTokens: 3, outputTokens: 4 } },
    ]);
    expect(result).toStrictEqual({
      id: 'r1',
      model: 'gemini-x',
      created: 5,
      serviceTier: 'flex',
      systemFingerprint: 'fp',
      usage: { inputTokens: 3, outputTokens: 4 },
      choices: [
        {
          index: 0,
          text: 'Hello there',
          reasoning: 'hmm',
          reasoningBlocks: [{ type: 'reasoning', text: 'hmm' }],
          refusal: null,
          toolCalls: [
            { type: 'tool-call', id: 'call_a', name: 'f', arguments: '{"a":1}', signature: { issuer: 'gemini', value: 'sig' } },
            { type: 'tool-call', id: 'call_b', name: 'g', arguments: '' },
          ],
          finish: { unified: 'tool_calls', raw: 'STOP' },
          logprobs: null,
        },
        { index: 1, text: null, reasoning: null, reasoningBlocks: [], refusal: 'No.', toolCalls: [], finish: { unified: 'content_filter', raw: 'refusal' }, logprobs: null },
      ],
    });
  });

  it('reasoning blocks as they came: a signature closes one, a redacted block stands alone', () => {
    const result = collectResult([
      { type: 'reasoning', choice: 0, delta: 'first ' },
      { type: 'reasoning', choice: 0, delta: 'thought' },
      { type: 'reasoning-signature', choice: 0, signature: { issuer: 'claude', value: 'sig1' } },
      { type: 'redacted-reasoning', choice: 0, data: 'opaque', issuer: 'claude' },
      { type: 'reasoning', choice: 0, delta: 'second' },
      { type: 'reasoning-signature', choice: 0, signature: { issuer: 'claude', value: 'sig2' } },
      { type: 'text', choice: 0, delta: 'Answer' },
    ]);
    expect(result.choices[0]!.reasoning).toBe('first thoughtsecond');
    expect(result.choices[0]!.reasoningBlocks).toStrictEqual([
      { type: 'reasoning', text: 'first thought', signature: { issuer: 'claude', value: 'sig1' } },
      { type: 'redacted-reasoning', data: 'opaque', issuer: 'claude' },
      { type: 'reasoning', text: 'second', signature: { issuer: 'claude', value: 'sig2' } },
    ]);
  });

  it('no content events: one empty choice, no usage', () => {
    expect(collectResult([{ type: 'start', id: 'r', model: 'm', created: 1 }])).toStrictEqual({
      id: 'r',
      model: 'm',
      created: 1,
      usage: undefined,
      choices: [{ index: 0, text: null, reasoning: null, reasoningBlocks: [], refusal: null, toolCalls: [], finish: null, logprobs: null }],
    });
  });

  it('throws an error event', () => {
    const error = new CallError({ status: 502, kind: 'upstream', fault: 'provider', message: 'cut' });
    expect(() => collectResult([{ type: 'text', choice: 0, delta: 'a' }, { type: 'error', error }])).toThrow(error);
  });
});
