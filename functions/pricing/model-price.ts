/**
 * What a model costs, as the pricing table stores it and requests use it: USD per million tokens
 * for each kind of token our `Usage` counts, the fractions off for the cheaper service tiers, and
 * the time the price applies.
 */

/** How a request was served: standard, a provider's batch API, or OpenAI's `service_tier: flex`. */
export type ServiceTier = 'standard' | 'batch' | 'flex';

export interface TokenPrices {
  /** Uncached input tokens. */
  inputPerMTok: number;
  outputPerMTok: number;
  /** Input tokens read from the prompt cache. */
  cachedInputPerMTok: number;
  /** Input tokens written to the prompt cache (Anthropic's 5-minute cache write). */
  cacheWritePerMTok: number;
}

/**
 * Prices that replace the base ones when a request's input (all of it, cached included) is larger
 * than `aboveInputTokens`: Gemini 2.5 Pro and Claude Sonnet 4.5 above 200k tokens.
 */
export interface PriceTier extends TokenPrices {
  aboveInputTokens: number;
}

export interface ModelPrice extends TokenPrices {
  /** Fraction off every token price through the provider's batch API (0.5 = half price). */
  batchDiscount: number;
  /** Fraction off with `service_tier: flex`; 0 where the model has no such tier. */
  flexDiscount: number;
  /** Long-context tiers, ascending by `aboveInputTokens`. */
  tiers?: readonly PriceTier[];
}

/** A time of day window that recurs every day, e.g. off-peak 22:00 to 06:00 UTC. */
export interface DailyWindow {
  /** `HH:MM` (or `HH:MM:SS`), inclusive. */
  from: string;
  /** `HH:MM`, exclusive; before `from` means the window runs past midnight. */
  until: string;
  /** An IANA time zone, `UTC` by default. */
  timezone: string;
}

/** Where a row came from: the dataset (with its version), the catalog, or an operator's hand. */
export type PriceSource = `genai-prices@${string}` | 'catalog' | 'operator';

export interface PriceRow extends ModelPrice {
  /** `provider/model`, as the gateway names it. */
  target: string;
  /** Epoch ms from which the row applies (0 for the base row). */
  validFrom: number;
  /** Epoch ms from which it no longer applies; open-ended when absent. */
  validUntil?: number;
  /** Applies only within this daily window (and within validFrom..validUntil). */
  daily?: DailyWindow;
  source: PriceSource;
}
