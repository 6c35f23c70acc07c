/**
 * The exact token counter is loaded only once a count needs it: a prompt whose exact count could
 * reach the smallest threshold a decision compares with (EXACT_COUNTS_MATTER_FROM) asks for it,
 * and the process loads it after that response. Its own module state: this file must not load the
 * counter before its first test (each test file has its own modules).
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { chatRequestSchema } from '../../functions/ingress/openai-chat/chat-request-schema.ts';
import { estimatePromptTokens, REPLY_PRIMING_TOKENS, TOKENS_PER_MESSAGE } from '../../functions/routing/estimate-prompt-tokens.ts';
import { CHEAP_ESTIMATE_MIN_RATIO } from '../../functions/routing/estimate-tokens-cheaply.ts';
import { EXACT_COUNTS_MATTER_FROM, exactTokenCounter, loadExactTokenCounterIfWanted } from '../../functions/routing/exact-token-counter.ts';
import { callOf } from './routing-fixtures.ts';
import { sampleProse } from './sample-text.ts';

const chat = (content: string) => callOf(chatRequestSchema().parse({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content }] }));
const overhead = TOKENS_PER_MESSAGE + REPLY_PRIMING_TOKENS;

describe('loading the exact token counter when a count needs it', () => {
  it('a prompt far under a thousand tokens never asks for it', async () => {
    const estimate = estimatePromptTokens(chat(sampleProse(2_000)));
    expect(estimate.estimated).toBe(true);
    expect(estimate.total / CHEAP_ESTIMATE_MIN_RATIO).toBeLessThan(EXACT_COUNTS_MATTER_FROM);
    expect(await loadExactTokenCounterIfWanted()).toBe(false);
    expect(exactTokenCounter()).toBeUndefined();
  });

  it('a prompt that may reach it goes on the estimate and asks for it; the next one is counted exactly', async () => {
    const text = sampleProse(6_000);
    const first = estimatePromptTokens(chat(text));
    expect(first.estimated).toBe(true);
    expect(first.total).toBeGreaterThan(EXACT_COUNTS_MATTER_FROM * CHEAP_ESTIMATE_MIN_RATIO);
    expect(await loadExactTokenCounterIfWanted()).toBe(true);
    const next = estimatePromptTokens(chat(text));
    expect(next.estimated).toBe(false);
    expect(next.total).toBe(countTokens(text) + overhead);
  });
});
