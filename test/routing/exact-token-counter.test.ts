/**
 * Prompt tokens before and after the exact counter is loaded: a cheap estimate first (said to be
 * one), the exact o200k count once `loadExactTokenCounter` has settled. This file must not load
 * the counter before its first test: each test file has its own modules.
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { chatRequestSchema } from '../../functions/ingress/openai-chat/chat-request-schema.ts';
import { estimatePromptTokens, REPLY_PRIMING_TOKENS, TOKENS_PER_MESSAGE } from '../../functions/routing/estimate-prompt-tokens.ts';
import { estimateTokensCheaply } from '../../functions/routing/estimate-tokens-cheaply.ts';
import { exactTokenCounter, loadExactTokenCounter } from '../../functions/routing/exact-token-counter.ts';
import { callOf } from './routing-fixtures.ts';
import { sampleProse } from './sample-text.ts';

const text = sampleProse(4_000);
const request = callOf(chatRequestSchema().parse({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: text }] }));
const overhead = TOKENS_PER_MESSAGE + REPLY_PRIMING_TOKENS;

describe('the exact token counter', () => {
  it('is not loaded at import: prompts are estimated, and said to be', () => {
    expect(exactTokenCounter()).toBeUndefined();
    const estimate = estimatePromptTokens(request);
    expect(estimate.extrapolated).toBe(true);
    expect(estimate.total).toBe(estimateTokensCheaply(text) + overhead);
  });

  it('once loaded, counts exactly', async () => {
    expect(await loadExactTokenCounter()).toBe(true);
    const estimate = estimatePromptTokens(request);
    expect(estimate.extrapolated).toBe(false);
    expect(estimate.total).toBe(countTokens(text) + overhead);
  });

  it('loads once: later calls share the first load', () => {
    expect(loadExactTokenCounter()).toBe(loadExactTokenCounter());
  });
});

describe('estimateTokensCheaply', () => {
  it.each([
    ['English prose', sampleProse(8_000)],
    ['TypeScript', 'export function add(a: number, b: number): number {\n  return a + b; // the sum\n}\n'.repeat(40)],
    ['JSON', JSON.stringify({ models: Array.from({ length: 40 }, (_, index) => ({ id: `openai/model-${index}`, context_window: 128_000, tags: ['fast', 'cheap'] })) })],
    ['Chinese and Japanese', '这是一个用于测试的中文句子，我们想知道分词器如何处理它。東京は日本の首都です。'.repeat(20)],
    ['Russian', 'Это предложение на русском языке для проверки токенизатора. '.repeat(20)],
  ])('comes within -20%% to +30%% of the exact count: %s', (_, sample) => {
    const ratio = estimateTokensCheaply(sample) / countTokens(sample);
    expect(ratio).toBeGreaterThan(0.8);
    expect(ratio).toBeLessThan(1.3);
  });

  it('counts nothing as nothing', () => {
    expect(estimateTokensCheaply('')).toBe(0);
  });
});
