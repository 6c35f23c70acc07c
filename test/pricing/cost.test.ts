/** Cost from usage and from estimates, and its header format. */
import { describe, expect, it } from 'vitest';
import { costOfUsage, estimateCost } from '../../functions/pricing/cost.ts';
import { formatUsd } from '../../functions/pricing/format-usd.ts';
import type { ModelPrice } from '../../functions/pricing/model-price.ts';

const price: ModelPrice = { inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWritePerMTok: 3.75, batchDiscount: 0.5, flexDiscount: 0.25 };

describe('costOfUsage', () => {
  it('bills uncached input, cache reads, cache writes and output (reasoning included) each at its price', () => {
    // 1000 input of which 600 cached and 100 written: 300 uncached.
    const usage = { inputTokens: 1000, cachedInputTokens: 600, cacheWriteInputTokens: 100, outputTokens: 200, reasoningTokens: 150 };
    const expected = (300 * 3 + 600 * 0.3 + 100 * 3.75 + 200 * 15) / 1e6;
    expect(costOfUsage(usage, price, 'standard')).toBeCloseTo(expected, 12);
    expect(costOfUsage(usage, price, 'batch')).toBeCloseTo(expected * 0.5, 12);
    expect(costOfUsage(usage, price, 'flex')).toBeCloseTo(expected * 0.75, 12);
  });

  it('never bills negative input when a provider reports more cached tokens than input', () => {
    expect(costOfUsage({ inputTokens: 10, cachedInputTokens: 20, outputTokens: 0 }, price)).toBeCloseTo((20 * 0.3) / 1e6, 12);
  });

  it('switches every token price to the long-context tier once the whole input exceeds it', () => {
    const tiered: ModelPrice = { ...price, tiers: [{ aboveInputTokens: 200_000, inputPerMTok: 6, outputPerMTok: 22.5, cachedInputPerMTok: 0.6, cacheWritePerMTok: 7.5 }] };
    expect(costOfUsage({ inputTokens: 200_000, outputTokens: 1000 }, tiered)).toBeCloseTo((200_000 * 3 + 1000 * 15) / 1e6, 12);
    expect(costOfUsage({ inputTokens: 200_001, cachedInputTokens: 1, outputTokens: 1000 }, tiered)).toBeCloseTo((200_000 * 6 + 0.6 + 1000 * 22.5) / 1e6, 12);
  });
});

describe('estimateCost', () => {
  it('prices expected tokens as costOfUsage prices reported ones', () => {
    expect(estimateCost({ inputTokens: 1000, expectedCachedInputTokens: 600, expectedCacheWriteTokens: 100, expectedOutputTokens: 200 }, price, 'batch')).toBe(
      costOfUsage({ inputTokens: 1000, cachedInputTokens: 600, cacheWriteInputTokens: 100, outputTokens: 200 }, price, 'batch'),
    );
    expect(estimateCost({ inputTokens: 1_000_000, expectedOutputTokens: 0 }, price)).toBe(3);
  });
});

describe('formatUsd', () => {
  it('writes a plain decimal with up to 8 significant digits and no exponent', () => {
    expect(formatUsd(0.00042)).toBe('0.00042');
    expect(formatUsd(1.5)).toBe('1.5');
    expect(formatUsd(0)).toBe('0');
    expect(formatUsd(12)).toBe('12');
    expect(formatUsd(1.5e-7)).toBe('0.00000015');
    expect(formatUsd(1e-10)).toBe('0.0000000001');
    expect(formatUsd(1.23456789e-7)).toBe('0.00000012345679');
    expect(formatUsd(0.123456789)).toBe('0.12345679');
    expect(formatUsd((300 * 3 + 200 * 15) / 1e6)).toBe('0.0039');
  });

  it('refuses what is not a cost', () => {
    expect(() => formatUsd(-1)).toThrow(RangeError);
    expect(() => formatUsd(Number.NaN)).toThrow(RangeError);
  });
});
