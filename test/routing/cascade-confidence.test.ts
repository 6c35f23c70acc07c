import { describe, expect, it } from 'vitest';
import type { StreamEvent, TokenLogprob } from '../../functions/core/stream-event.ts';
import { createOpenAICompatibleAdapter } from '../../functions/providers/openai-compatible/openai-compatible-adapter.ts';
import { findProvider } from '../../functions/providers/provider-registry.ts';
import { cascadeConfidence, confidenceOf, LOW_PROBABILITY } from '../../functions/routing/cascade-confidence.ts';
import { readRecordedJson } from '../support/recorded.ts';

const openai = createOpenAICompatibleAdapter(findProvider('openai')!);
const context = { model: 'gpt-4.1-nano', now: 1_770_933_883 };

const entry = (token: string, logprob: number): TokenLogprob => ({
  token,
  logprob,
  bytes: [...Buffer.from(token)],
  top_logprobs: [],
});

/** An OpenAI chat completion with `logprobs: true`, in the shape OpenAI returns it. */
function completion(tokens: Array<[string, number]>) {
  return {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: 1_770_933_883,
    model: 'gpt-4.1-nano-2025-04-14',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: tokens.map(([token]) => token).join(''), refusal: null, annotations: [] },
        logprobs: { content: tokens.map(([token, logprob]) => entry(token, logprob)), refusal: null },
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 14, completion_tokens: tokens.length, total_tokens: 14 + tokens.length },
  };
}

// A factual answer the model knows: nearly every token near-certain.
const CONFIDENT: Array<[string, number]> = [
  ['The', -0.0001], [' capital', -0.0003], [' of', 0], [' Australia', -0.0002], [' is', 0],
  [' Canberra', -0.0087], ['.', -0.0004], [' It', -0.31], [' was', -0.12], [' chosen', -0.22],
  [' as', -0.002], [' a', -0.04], [' compromise', -0.006], [' between', -0.0001], [' Sydney', -0.0005],
  [' and', 0], [' Melbourne', -0.0001], ['.', -0.009],
];

// A guess: the model spreads its probability over several answers at the tokens that matter.
const UNSURE: Array<[string, number]> = [
  ['The', -0.42], [' population', -1.3], [' of', -0.01], [' the', -0.9], [' town', -1.6],
  [' in', -0.05], [' 1850', -0.2], [' was', -0.03], [' about', -1.1], [' 2', -2.3],
  [',', -0.6], ['400', -2.9], [' people', -0.4], ['.', -0.2],
];

describe('cascadeConfidence', () => {
  it('is high for a confident answer and low for a guess, from OpenAI’s logprobs as parsed', () => {
    const confident = cascadeConfidence(openai.parseChatResponse(completion(CONFIDENT), context));
    const unsure = cascadeConfidence(openai.parseChatResponse(completion(UNSURE), context));
    expect(confident?.tokens).toBe(CONFIDENT.length);
    expect(confident?.confidence).toBeGreaterThan(0.9);
    expect(unsure?.confidence).toBeLessThan(0.5);
  });

  it('is undefined when the provider returned no logprobs (a recorded OpenAI answer)', () => {
    const events = openai.parseChatResponse(readRecordedJson('openai', 'openai-text'), context);
    expect(events.some((event) => event.type === 'text')).toBe(true);
    expect(cascadeConfidence(events)).toBeUndefined();
  });

  it('follows the documented formula', () => {
    const logprobs = [-0.1, -0.2, -2, -0.05];
    const result = confidenceOf(logprobs.map((logprob, i) => entry(`t${i}`, logprob)))!;
    const mean = Math.exp(logprobs.reduce((a, b) => a + b) / logprobs.length);
    const low = logprobs.filter((logprob) => Math.exp(logprob) < LOW_PROBABILITY).length / logprobs.length;
    expect(result.meanProbability).toBeCloseTo(mean, 10);
    expect(result.lowProbabilityShare).toBe(0.25);
    expect(result.confidence).toBeCloseTo(mean * (1 - low), 10);
  });

  it('joins a choice’s logprob events and ignores other choices', () => {
    const events: StreamEvent[] = [
      { type: 'logprobs', choice: 0, content: [entry('a', -0.01)] },
      { type: 'logprobs', choice: 1, content: [entry('b', -5)] },
      { type: 'logprobs', choice: 0, content: [entry('c', -0.02)] },
    ];
    expect(cascadeConfidence(events)?.tokens).toBe(2);
    expect(cascadeConfidence(events, 1)?.confidence).toBeLessThan(0.01);
    expect(cascadeConfidence(events, 2)).toBeUndefined();
  });

  it('one -9999 token lowers the confidence without wiping it out', () => {
    const tokens = [...CONFIDENT.map(([token, logprob]) => entry(token, logprob)), entry('x', -9999)];
    const result = confidenceOf(tokens)!;
    expect(result.confidence).toBeGreaterThan(0.3);
    expect(result.confidence).toBeLessThan(confidenceOf(tokens.slice(0, -1))!.confidence);
  });
});
