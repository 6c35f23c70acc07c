/**
 * An o200k_base token count without the tokenizer's tables, for the requests served before the
 * exact counter is loaded (exact-token-counter.ts): words of Latin letters cost a token per 7
 * letters or part of them, other alphabets' words one per 5, CJK characters 0.7 each, numbers one
 * per 3 digits, punctuation one per 2 characters, and runs of whitespace one. On this project's
 * docs, code and catalog JSON it comes within -15% to +25% of the exact count (over, mostly: a
 * context-window check errs on the safe side), at a fraction of the exact count's cost.
 *
 * The text is read as runs of one class of character: letters (`\p{L}`), digits (`\p{N}`),
 * whitespace (`\s`) and the rest. A loop over the characters with a table of their classes, rather
 * than a Unicode-property regex, as it runs on every prompt until the exact counter is loaded
 * (several times faster; its test holds it to the regex's count).
 */
/**
 * The most the estimate came over the exact count on that corpus: an estimate divided by this is
 * the fewest tokens the text is likely to have, what a model may be refused for.
 */
export const CHEAP_ESTIMATE_MAX_OVERCOUNT = 1.25;

/** The most it came under: an estimate divided by this is the most tokens the text is likely to have. */
export const CHEAP_ESTIMATE_MIN_RATIO = 0.85;

/** Where the CJK blocks start (radicals, kana, Han, Hangul, ...): a token per character or so. */
const CJK_START = 0x2e80;

const OTHER = 1;
const LETTER = 2;
const DIGIT = 3;
const SPACE = 4;
type CharClass = typeof OTHER | typeof LETTER | typeof DIGIT | typeof SPACE;

const classify = (char: string): CharClass => (/\p{L}/u.test(char) ? LETTER : /\p{N}/u.test(char) ? DIGIT : /\s/u.test(char) ? SPACE : OTHER);

/**
 * The class of each character of the Basic Multilingual Plane but the surrogates, found on first
 * sight (0 until then): 64 KB, whatever a caller sends. The ASCII ones are found at once.
 */
const BMP_CLASSES = new Uint8Array(0x1_0000);
for (let code = 0; code < 128; code++) BMP_CLASSES[code] = classify(String.fromCharCode(code));

function classAt(text: string, at: number): CharClass {
  const unit = text.charCodeAt(at);
  // A surrogate is half a character (emoji, historic scripts) or a lone one: classed by the whole
  // code point each time, never by the half, which the table would then give the other case too.
  if (unit >= 0xd800 && unit <= 0xdfff) return classify(String.fromCodePoint(text.codePointAt(at)!));
  const known = BMP_CLASSES[unit]!;
  if (known !== 0) return known as CharClass;
  return (BMP_CLASSES[unit] = classify(String.fromCharCode(unit)));
}

export function estimateTokensCheaply(text: string): number {
  if (text.length === 0) return 0;
  let tokens = 0;
  let at = 0;
  while (at < text.length) {
    const kind = classAt(text, at);
    const first = text.codePointAt(at)!;
    let end = at;
    let points = 0;
    do {
      end += text.codePointAt(end)! > 0xffff ? 2 : 1;
      points++;
    } while (end < text.length && classAt(text, end) === kind);
    // Lengths in UTF-16 code units, as the estimate has always measured them; digits in groups of three characters.
    const units = end - at;
    if (kind === LETTER) tokens += first >= CJK_START ? units * 0.7 : Math.ceil(units / (first < 128 ? 7 : 5));
    else if (kind === DIGIT) tokens += Math.ceil(points / 3);
    else if (kind === SPACE) tokens += units > 1 ? 1 : 0;
    else tokens += Math.ceil(units / 2);
    at = end;
  }
  return Math.max(1, Math.round(tokens));
}
