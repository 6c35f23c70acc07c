import { describe, expect, it } from 'vitest';
import { collectChatCompletion } from '../../../functions/ingress/openai-chat/collect-chat-completion.ts';
import { CallError } from '../../../functions/core/call-error.ts';

describe('collectChatCompletion', () => {
  it('gathers text, reasoning, tool calls and usage into one chat.completion', () => {
    const { completion } = collectChatCompletion(
      [
        { type: 'start', id: 'r1', model: 'gemini-x', created: 5, serviceTier: 'flex' },
        { type: 'reasoning', choice: 0, delta: 'hmm' },
        { type: 'text', choice: 0, delta: 'Hello' },
        { type: 'text', choice: 0, delta: ' there' },
        { type: 'tool-call-start', choice: 0, index: 0, id: 'call_a', name: 'f', extra: { google: { thought_signature: 'sig' } } },
        { type: 'tool-call-args', choice: 0, index: 0, delta: '{"a":1}' },
        { type: 'tool-call-start', choice: 0, index: 1, id: 'call_b', name: 'g' },
        { type: 'finish', choice: 0, reason: { unified: 'tool_calls', raw: 'STOP' } },
        { type: 'usage', usage: { inputTokens: 3, outputTokens: 4 } },
      ],
      (model) => `gemini/${model}`,
    );
    expect(completion).toEqual({
      id: 'r1',
      object: 'chat.completion',
      created: 5,
      model: 'gemini/gemini-x',
      service_tier: 'flex',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Hello there',
            refusal: null,
            reasoning_content: 'hmm',
            tool_calls: [
              { id: 'call_a', type: 'function', function: { name: 'f', arguments: '{"a":1}' }, extra_content: { google: { thought_signature: 'sig' } } },
              { id: 'call_b', type: 'function', function: { name: 'g', arguments: '{}' } },
            ],
          },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: {
        prompt_tokens: 3,
        completion_tokens: 4,
        total_tokens: 7,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
  });

  it('choices in index order, refusals, log-probabilities, the fingerprint; a tool call whose start was not seen gets no arguments', () => {
    const logprob = { token: 'No', logprob: -0.1, bytes: [78, 111], top_logprobs: [] };
    const { completion, usage } = collectChatCompletion(
      [
        { type: 'start', id: 'r2', model: 'gpt-x', created: 9, systemFingerprint: 'fp_1' },
        { type: 'text', choice: 1, delta: 'Second' },
        { type: 'refusal', choice: 0, delta: 'No' },
        { type: 'refusal', choice: 0, delta: ', sorry.' },
        { type: 'logprobs', choice: 0, content: [logprob] },
        { type: 'logprobs', choice: 0, content: [logprob] },
        { type: 'tool-call-args', choice: 1, index: 0, delta: '{"lost":true}' },
        { type: 'finish', choice: 1, reason: { unified: 'length', raw: 'max_tokens' } },
        { type: 'finish', choice: 0, reason: { unified: 'content_filter', raw: 'refusal' } },
        { type: 'usage', usage: { inputTokens: 1, outputTokens: 1 } },
        { type: 'usage', usage: { inputTokens: 10, cachedInputTokens: 4, outputTokens: 6, reasoningTokens: 2 } },
      ],
      (model) => `openai/${model}`,
    );
    expect(usage).toStrictEqual({ inputTokens: 10, cachedInputTokens: 4, outputTokens: 6, reasoningTokens: 2 });
    expect(completion).toStrictEqual({
      id: 'r2',
      object: 'chat.completion',
      created: 9,
      model: 'openai/gpt-x',
      system_fingerprint: 'fp_1',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: null, refusal: 'No, sorry.' },
          logprobs: { content: [logprob, logprob] },
          finish_reason: 'content_filter',
        },
        { index: 1, message: { role: 'assistant', content: 'Second', refusal: null }, logprobs: null, finish_reason: 'length' },
      ],
      usage: {
        prompt_tokens: 10,
        completion_tokens: 6,
        total_tokens: 16,
        prompt_tokens_details: { cached_tokens: 4 },
        completion_tokens_details: { reasoning_tokens: 2 },
      },
    });
  });

  it('an answer without content events is one empty choice with no usage', () => {
    const { completion, usage } = collectChatCompletion([{ type: 'start', id: 'r3', model: 'm', created: 2 }], (model) => model);
    expect(usage).toBeUndefined();
    expect(completion).toStrictEqual({
      id: 'r3',
      object: 'chat.completion',
      created: 2,
      model: 'm',
      choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: null }, logprobs: null, finish_reason: null }],
    });
  });

  it('throws an error event instead of returning a partial answer', () => {
    const error = new CallError({ status: 502, kind: 'upstream', fault: 'provider', message: 'x' });
    expect(() =>
      collectChatCompletion([{ type: 'start', id: 'r', model: 'm', created: 1 }, { type: 'text', choice: 0, delta: 'a' }, { type: 'error', error }], (m) => m),
    ).toThrow(error);
  });
});
