/**
 * An o200k_base token count without the tokenizer's tables, for the requests served before the
 * exact counter is loaded (exact-token-counter.ts): words of Latin letters cost a token per 7
 * letters or part of them, other alphabets' words one per 5, CJK characters 0.7 each, numbers one
 * per 3 digits, punctuation one per 2 characters, and runs of whitespace one. On this project's
 * docs, code and catalog JSON it comes within -15% to +25% of the exact count (over, mostly: a
 * context-window check errs on the safe side), at a fraction of the exact count's cost.
 */
/**
 * The most the estimate came over the exact count on that corpus: an estimate divided by this is
 * the fewest tokens the text is likely to have, what a model may be refused for.
 */
export const CHEAP_ESTIMATE_MAX_OVERCOUNT = 1.25;

/** The most it came under: an estimate divided by this is the most tokens the text is likely to have. */
export const CHEAP_ESTIMATE_MIN_RATIO = 0.85;

const PIECES = /(\p{L}+)|(\p{N}{1,3})|(\s+)|[^\s\p{L}\p{N}]+/gu;
/** Where the CJK blocks start (radicals, kana, Han, Hangul, ...): a token per character or so. */
const CJK_START = 0x2e80;

export function estimateTokensCheaply(text: string): number {
  if (text.length === 0) return 0;
  let tokens = 0;
  for (const [piece, letters, digits, spaces] of text.matchAll(PIECES)) {
    if (letters !== undefined) {
      const first = letters.codePointAt(0)!;
      tokens += first >= CJK_START ? letters.length * 0.7 : Math.ceil(letters.length / (first < 128 ? 7 : 5));
    } else if (digits !== undefined) tokens += 1;
    else if (spaces !== undefined) tokens += spaces.length > 1 ? 1 : 0;
    else tokens += Math.ceil(piece.length / 2);
  }
  return Math.max(1, Math.round(tokens));
}
