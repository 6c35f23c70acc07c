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

/** A letter, a digit or whitespace at exactly one position (sticky), a surrogate pair read as one character. */
const CLASS_AT = /(\p{L})|(\p{N})|(\s)/uy;

function classify(text: string, at: number): CharClass {
  CLASS_AT.lastIndex = at;
  const match = CLASS_AT.exec(text);
  return match === null ? OTHER : match[1] !== undefined ? LETTER : match[2] !== undefined ? DIGIT : SPACE;
}

/**
 * The class of each character of the Basic Multilingual Plane but the surrogates, found on first
 * sight (0 until then): 64 KB, whatever a caller sends. The ASCII ones are found at once. A first
 * sight costs under a microsecond, once a process: what one caller's text fills in tells another
 * nothing it could time.
 */
const BMP_CLASSES = new Uint8Array(0x1_0000);
for (let code = 0; code < 128; code++) BMP_CLASSES[code] = classify(String.fromCharCode(code), 0);

/** The classes of characters beyond it (emoji, historic scripts, mathematical letters), as met, up to a bound. */
const ASTRAL_CLASSES = new Map<number, CharClass>();
const MAX_ASTRAL_CLASSES = 4_096;

/**
 * Characters of the current text classed with neither table (astral ones beyond the bound). Past
 * MAX_UNCACHED, a text of many distinct astral characters, the rest of it goes to the regex
 * (PIECES), which reads such text faster than one lookup a character: such a text costs what the
 * regex alone took and at most MAX_UNCACHED lookups more.
 */
let uncached = 0;
const MAX_UNCACHED = 256;
const PIECES = /(\p{L}+)|(\p{N}{1,3})|(\s+)|[^\s\p{L}\p{N}]+/gu;

function classAt(text: string, at: number): CharClass {
  const unit = text.charCodeAt(at);
  if (unit >= 0xd800 && unit <= 0xdfff) {
    // Half of a pair, classed by the whole character; or a lone surrogate, which no class but the rest takes.
    const point = text.codePointAt(at)!;
    if (point <= 0xffff) return OTHER;
    let known = ASTRAL_CLASSES.get(point);
    if (known === undefined) {
      known = classify(text, at);
      if (ASTRAL_CLASSES.size < MAX_ASTRAL_CLASSES) ASTRAL_CLASSES.set(point, known);
      else uncached++;
    }
    return known;
  }
  const known = BMP_CLASSES[unit]!;
  if (known !== 0) return known as CharClass;
  return (BMP_CLASSES[unit] = classify(text, at));
}

export function estimateTokensCheaply(text: string): number {
  if (text.length === 0) return 0;
  uncached = 0;
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
    } while (end < text.length && classAt(text, end) === kind && uncached <= MAX_UNCACHED);
    if (uncached > MAX_UNCACHED) {
      // From this run's start, which is a piece's start too.
      tokens = addPieces(text, at, tokens);
      break;
    }
    tokens = addRun(tokens, kind, first, end - at, points);
    at = end;
  }
  return Math.max(1, Math.round(tokens));
}

/**
 * `tokens` and a run's cost: its length in UTF-16 code units, as the estimate has always measured
 * them, and for digits a token per group of three characters, added one at a time as the regex
 * adds them (the sum carries CJK's fractions, and adding 1 k times can round otherwise than adding
 * k once).
 */
function addRun(tokens: number, kind: CharClass, first: number, units: number, points: number): number {
  if (kind === LETTER) return tokens + (first >= CJK_START ? units * 0.7 : Math.ceil(units / (first < 128 ? 7 : 5)));
  if (kind === SPACE) return tokens + (units > 1 ? 1 : 0);
  if (kind === OTHER) return tokens + Math.ceil(units / 2);
  let sum = tokens;
  for (let group = 0; group < points; group += 3) sum += 1;
  return sum;
}

/** `tokens` and the costs of the pieces of `text` from `from` (a run's start) on, read by the regex. */
function addPieces(text: string, from: number, tokens: number): number {
  let sum = tokens;
  PIECES.lastIndex = from;
  for (let match = PIECES.exec(text); match !== null; match = PIECES.exec(text)) {
    const [piece, letters, digits, spaces] = match;
    if (letters !== undefined) sum = addRun(sum, LETTER, letters.codePointAt(0)!, letters.length, 0);
    else if (digits !== undefined) sum = addRun(sum, DIGIT, 0, digits.length, 1);
    else if (spaces !== undefined) sum = addRun(sum, SPACE, 0, spaces.length, 0);
    else sum = addRun(sum, OTHER, 0, piece.length, 0);
  }
  return sum;
}
