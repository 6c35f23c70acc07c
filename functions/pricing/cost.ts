/**
 * What a call cost, in USD, from the usage the provider reported (or expects, for routing):
 * uncached input at the input price, cache reads and cache writes at theirs, output (reasoning
 * included) at the output price, the tier's discount off the whole, long-context tier by the
 * request's total input as the providers bill it.
 */
import type { Usage } from '../core/stream-event.ts';
import type { ModelPrice, ServiceTier, TokenPrices } from './model-price.ts';

export function costOfUsage(usage: Usage, price: ModelPrice, tier: ServiceTier = 'standard'): number {
  const cached = usage.cachedInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteInputTokens ?? 0;
  // `inputTokens` includes both; a provider that over-reports them must not make input negative.
  const uncached = Math.max(0, usage.inputTokens - cached - cacheWrite);
  const prices = pricesFor(price, usage.inputTokens);
  const full =
    uncached * prices.inputPerMTok + cached * prices.cachedInputPerMTok + cacheWrite * prices.cacheWritePerMTok + usage.outputTokens * prices.outputPerMTok;
  return (full / 1_000_000) * (1 - discount(price, tier));
}

export interface CostEstimateInput {
  /** All input tokens, cached and cache-writing ones included. */
  inputTokens: number;
  expectedCachedInputTokens?: number;
  expectedCacheWriteTokens?: number;
  expectedOutputTokens: number;
}

/** The cost of a call not yet made, for choosing between routes. */
export function estimateCost(estimate: CostEstimateInput, price: ModelPrice, tier: ServiceTier = 'standard'): number {
  return costOfUsage(
    {
      inputTokens: estimate.inputTokens,
      cachedInputTokens: estimate.expectedCachedInputTokens ?? 0,
      cacheWriteInputTokens: estimate.expectedCacheWriteTokens ?? 0,
      outputTokens: estimate.expectedOutputTokens,
    },
    price,
    tier,
  );
}

export function discount(price: ModelPrice, tier: ServiceTier): number {
  if (tier === 'batch') return price.batchDiscount;
  if (tier === 'flex') return price.flexDiscount;
  return 0;
}

/** The prices for a request of `inputTokens`: the highest tier it exceeds, else the base prices. */
export function pricesFor(price: ModelPrice, inputTokens: number): TokenPrices {
  let prices: TokenPrices = price;
  for (const tier of price.tiers ?? []) if (inputTokens > tier.aboveInputTokens) prices = tier;
  return prices;
}
