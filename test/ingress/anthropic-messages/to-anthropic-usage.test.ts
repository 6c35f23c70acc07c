import { describe, expect, it } from 'vitest';
import { mapAnthropicUsage } from '../../../functions/providers/anthropic/map-anthropic-usage.ts';
import { toAnthropicUsage } from '../../../functions/ingress/anthropic-messages/to-anthropic-usage.ts';

describe('toAnthropicUsage', () => {
  it('input_tokens leaves out cache reads and writes, each counted apart', () => {
    expect(toAnthropicUsage({ inputTokens: 1150, cachedInputTokens: 1000, cacheWriteInputTokens: 100, outputTokens: 7 })).toStrictEqual({
      input_tokens: 50,
      cache_creation_input_tokens: 100,
      cache_read_input_tokens: 1000,
      output_tokens: 7,
    });
  });

  it("undoes the Anthropic translator's sum", () => {
    const anthropic = { input_tokens: 12, cache_creation_input_tokens: 30, cache_read_input_tokens: 400, output_tokens: 9 };
    expect(toAnthropicUsage(mapAnthropicUsage(anthropic))).toStrictEqual(anthropic);
  });

  it('a provider without cache counts: zeros; reasoning tokens as thinking_tokens', () => {
    expect(toAnthropicUsage({ inputTokens: 20, outputTokens: 300, reasoningTokens: 250 })).toStrictEqual({
      input_tokens: 20,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      output_tokens: 300,
      output_tokens_details: { thinking_tokens: 250 },
    });
  });

  it('never a negative input count', () => {
    expect(toAnthropicUsage({ inputTokens: 10, cachedInputTokens: 40, outputTokens: 1 }).input_tokens).toBe(0);
  });
});
