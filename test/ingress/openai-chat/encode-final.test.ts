import { describe, expect, it } from 'vitest';
import type { CallResult } from '../../../functions/core/collect-result.ts';
import { encodeFinal } from '../../../functions/ingress/openai-chat/encode-final.ts';

const result = (changes: Partial<CallResult>): CallResult => ({
  id: 'r',
  model: 'claude-x',
  created: 7,
  usage: undefined,
  choices: [{ index: 0, text: 'Hi', reasoning: null, reasoningBlocks: [], refusal: null, toolCalls: [], finish: { unified: 'stop', raw: 'end_turn' }, logprobs: null }],
  ...changes,
});

describe('encodeFinal', () => {
  it('a chat.completion under the caller\'s model name, usage last as stored bodies have it', () => {
    const completion = encodeFinal(result({ serviceTier: 'default', systemFingerprint: 'fp', usage: { inputTokens: 2, outputTokens: 3 } }), (model) => `anthropic/${model}`);
    expect(completion).toStrictEqual({
      id: 'r',
      object: 'chat.completion',
      created: 7,
      model: 'anthropic/claude-x',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hi', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      system_fingerprint: 'fp',
      service_tier: 'default',
      usage: {
        prompt_tokens: 2,
        completion_tokens: 3,
        total_tokens: 5,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0 },
      },
    });
    expect(Object.keys(completion)).toEqual(['id', 'object', 'created', 'model', 'choices', 'system_fingerprint', 'service_tier', 'usage']);
  });

  it('tool calls: `{}` for none, only a Gemini signature goes back (as extra_content), reasoning as reasoning_content', () => {
    const completion = encodeFinal(
      result({
        choices: [
          {
            index: 0,
            text: null,
            reasoning: 'think',
            reasoningBlocks: [{ type: 'reasoning', text: 'think' }],
            refusal: null,
            toolCalls: [
              { type: 'tool-call', id: 'a', name: 'f', arguments: '', signature: { issuer: 'gemini', value: 'g-sig' } },
              { type: 'tool-call', id: 'b', name: 'g', arguments: '{"x":1}', signature: { issuer: 'claude', value: 'c-sig' } },
            ],
            finish: null,
            logprobs: [{ token: 'x', logprob: -1, bytes: null, top_logprobs: [] }],
          },
        ],
      }),
      (model) => model,
    );
    expect(completion.choices).toStrictEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: null,
          refusal: null,
          reasoning_content: 'think',
          tool_calls: [
            { id: 'a', type: 'function', function: { name: 'f', arguments: '{}' }, extra_content: { google: { thought_signature: 'g-sig' } } },
            { id: 'b', type: 'function', function: { name: 'g', arguments: '{"x":1}' } },
          ],
        },
        logprobs: { content: [{ token: 'x', logprob: -1, bytes: null, top_logprobs: [] }] },
        finish_reason: null,
      },
    ]);
  });
});
