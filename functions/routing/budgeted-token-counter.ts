/**
 * Counts o200k_base tokens exactly up to a character budget, then extrapolates, so estimating a
 * prompt of megabytes costs about as much as estimating one of the budget's size. Before the exact
 * counter is loaded (exact-token-counter.ts), the budget's part is estimated cheaply instead, and
 * the count says it is not exact.
 */
import { CHEAP_ESTIMATE_MIN_RATIO, estimateTokensCheaply } from './estimate-tokens-cheaply.ts';
import { EXACT_COUNTS_MATTER_FROM, exactTokenCounter, wantExactTokenCounter } from './exact-token-counter.ts';
import type { RememberedCounts } from './token-count-memo.ts';

/**
 * Characters tokenized exactly per request, about 16k tokens of English. Prose tokenizes at
 * roughly 5-20 MB/s, text without words (minified code, base64, random symbols) nearer 2 MB/s,
 * so the budget keeps the worst case near 30 ms.
 */
export const DEFAULT_EXACT_CHAR_BUDGET = 64_000;

/** OpenAI's rule of thumb for English, ~4 characters a token, until a sample says otherwise. */
const DEFAULT_TOKENS_PER_CHAR = 0.25;
/** Fewer sampled characters than this say too little about the text's ratio. */
const MIN_RATIO_SAMPLE_CHARS = 1_000;
/** A text bigger than the remaining budget is sampled in this many evenly spaced slices. */
const SAMPLE_SLICES = 8;
/** A text bigger than what is left of the budget is sampled if at least this much is left. */
const MIN_SAMPLE_CHARS = 8_000;

export interface TokenCounter {
  /** The text's tokens: exact while the budget lasts, extrapolated beyond it. */
  count(text: string): number;
  /** Whether any count so far was extrapolated or estimated rather than exact. */
  readonly extrapolated: boolean;
  /** Whether the counts are the cheap estimate's (the exact counter was not loaded yet). */
  readonly estimated: boolean;
}

/**
 * `remembered`: the exact counts of long texts the caller sent before (token-count-memo.ts): one
 * found there is not counted again (but charged to the budget as if it were); one counted exactly
 * is added.
 */
export function createTokenCounter(exactCharBudget = DEFAULT_EXACT_CHAR_BUDGET, remembered?: RememberedCounts): TokenCounter {
  let budget = exactCharBudget;
  let sampledChars = 0;
  let sampledTokens = 0;
  let extrapolated = false;

  // Read once per counter, so one request's counts are all exact or all estimated.
  const countTokens = exactTokenCounter();
  if (!countTokens) extrapolated = true;

  const exact = (text: string): number => {
    const tokens = countTokens ? countTokens(text) : estimateTokensCheaply(text);
    sampledChars += text.length;
    sampledTokens += tokens;
    return tokens;
  };

  // Estimates whose exact count could reach a threshold ask for the exact counter, for later requests.
  let estimatedTokens = 0;
  const counted = (tokens: number): number => {
    if (!countTokens) {
      estimatedTokens += tokens;
      if (estimatedTokens / CHEAP_ESTIMATE_MIN_RATIO >= EXACT_COUNTS_MATTER_FROM) wantExactTokenCounter();
    }
    return tokens;
  };

  return {
    get extrapolated() {
      return extrapolated;
    },
    estimated: !countTokens,
    count: (text) => counted(countWithinBudget(text)),
  };

  function countWithinBudget(text: string): number {
    if (text.length === 0) return 0;
    if (text.length <= budget) {
      budget -= text.length;
      // Charged to the budget all the same, so that a count is the same whatever was remembered.
      const known = countTokens ? remembered?.get(text) : undefined;
      if (known !== undefined) {
        sampledChars += text.length;
        sampledTokens += known;
        return known;
      }
      const tokens = exact(text);
      if (countTokens) remembered?.set(text, tokens);
      return tokens;
    }
    extrapolated = true;
    // A text bigger than the rest of the budget is sampled with it, in slices spread across the
    // text (its head alone may be a preamble unlike the rest); cutting mid-word costs a token or
    // so a slice. Tokenized characters never exceed the budget, whatever the prompt's size.
    if (budget >= MIN_SAMPLE_CHARS) {
      const slice = Math.floor(budget / SAMPLE_SLICES);
      budget = 0;
      const stride = Math.floor(text.length / SAMPLE_SLICES);
      let tokens = 0;
      for (let i = 0; i < SAMPLE_SLICES; i++) tokens += exact(text.slice(i * stride, i * stride + slice));
      return Math.round((tokens / (slice * SAMPLE_SLICES)) * text.length);
    }
    // Past the budget: the ratio seen so far, which is the request's own.
    const ratio = sampledChars >= MIN_RATIO_SAMPLE_CHARS ? sampledTokens / sampledChars : DEFAULT_TOKENS_PER_CHAR;
    return Math.ceil(text.length * ratio);
  }
}
