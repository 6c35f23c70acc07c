/**
 * Keys out of text a provider wrote. Providers echo the key they were sent in some errors, often
 * masked: OpenAI `sk-proj-****MZQA`, xAI `xa***XY`, DeepSeek `Your api key: ****d569 is invalid`.
 * Nothing of a key may reach a client, a log or a job record, masked or not, so a word goes when:
 * - it is a configured secret (any occurrence, also URL-encoded);
 * - it starts with a provider's key prefix (provider-registry.ts) followed by key material, or
 *   with the start of one followed by a mask (`tgp_...abcd`);
 * - it hides a run of three or more `*`/`•` among letters or digits (a mask, whoever's key it was);
 * - it is a masked form of a configured secret (`Ab...yz`, `xa*XY`: what shows is its start and end);
 * - it follows "api key:", "token", "Bearer" and the like, and looks like key material.
 * Ordinary words survive: a word needs one of these shapes, not just length, to be taken for a key.
 */
import { PROVIDERS } from '../providers/provider-registry.ts';

export type Redact = (text: string) => string;

export const REDACTED = '[redacted]';

/** Secrets shorter than this are not replaced wherever they occur: they could be ordinary words. */
const MIN_SECRET_LENGTH = 8;

/**
 * A word as keys and their masks are written: base62/base64 characters, `-`, `_` and the mask
 * characters; a dot only when more of the word follows, so a sentence's full stop stays outside.
 */
const WORD = /(?:[\w+/*•…-]|\.(?=[\w+/*•….-]))+/g;

const anyOf = (words: readonly string[]) => words.map((word) => RegExp.escape(word)).join('|');
const KEY_PREFIXES = [...new Set(PROVIDERS.flatMap((provider) => provider.keyPrefixes))];
/** Each prefix's starts of three characters or more: `tgp`, `tgp_`, `tgp_v`... */
const PREFIX_STARTS = [...new Set(KEY_PREFIXES.flatMap((prefix) => Array.from({ length: prefix.length - 2 }, (_, index) => prefix.slice(0, index + 3))))];
/** A key prefix at the start of a word or after a separator inside it (a path); group 1 is what follows. */
const PREFIXED = new RegExp(`(?:^|[^A-Za-z0-9])(?:${anyOf(KEY_PREFIXES)})([\\w+/*•….-]*)`);
/** A mask right after the start of a key prefix: `tgp_...abcd`, `xai…XY`. */
const PREFIX_THEN_MASK = new RegExp(`(?:^|[^A-Za-z0-9])(?:${anyOf(PREFIX_STARTS)})(?:[*•…]|\\.{2,})`);

/** Three or more stars or bullets with a letter or digit in the same word. */
const STAR_MASK = /[*•]{3,}/;
const ALPHANUMERIC = /[A-Za-z0-9]/;
/** Any mask: stars, bullets, an ellipsis, two dots or more. */
const MASK = /[*•…]|\.{2,}/;

/** The words before a key when a message names it (`Your api key: `, `Incorrect API key provided: `, `Bearer `). */
const KEY_CONTEXT =
  /(?:\bapi[\s_-]?key|\bapikey|\baccess[\s_-]?key(?:[\s_-]?id)?|\bsecret(?:[\s_-]?(?:access[\s_-]?)?key)?|\btoken|\bbearer|\bkey|\bpassword|\bcredentials?)(?:\s+(?:provided|given|used|sent|is|was))?\s*[:=]?\s*["'`‘“(<[]?$/i;
const CONTEXT_CHARS = 48;

/** What follows a key prefix: enough of a key (or of its mask) to be one. */
function isKeyBody(rest: string): boolean {
  return rest.length >= 4 && (MASK.test(rest) || /\d/.test(rest) || rest.length >= 16);
}

/** A word after "api key:" and the like: masked, or a key's mix of letters and digits. */
function looksLikeKey(word: string): boolean {
  if (word.length < 4) return false;
  if (MASK.test(word) && ALPHANUMERIC.test(word)) return true;
  if (word.length >= 8 && /\d/.test(word) && /[A-Za-z]/.test(word)) return true;
  // A long prefixless key (Mistral's) can happen to have no digit: its mixed case still shows.
  return word.length >= 20 && /^[\w-]+$/.test(word) && /[a-z]/.test(word) && /[A-Z]/.test(word);
}

/** `Ab...yz`, `xa*XY`, `****d569`: a mask whose visible start and end are those of `secret`. */
function masksSecret(word: string, secret: string): boolean {
  const first = word.search(MASK);
  if (first < 0) return false;
  const before = word.slice(0, first);
  const head = before.slice(before.lastIndexOf('/') + 1);
  const tail = word.replace(/^.*[*•….]/, '');
  return head.length + tail.length >= 3 && head.length + tail.length < secret.length && secret.startsWith(head) && secret.endsWith(tail);
}

/** A redactor for the given secrets (provider keys, gateway keys), the shapes above included. */
export function createRedactor(secrets: readonly (string | undefined)[]): Redact {
  const known = [...new Set(secrets.filter((secret): secret is string => secret !== undefined && secret.length >= MIN_SECRET_LENGTH))];
  const exact = [...new Set(known.flatMap((secret) => [secret, encodeURIComponent(secret)]))].sort((a, b) => b.length - a.length);

  const isKey = (word: string, text: string, offset: number): boolean => {
    if (STAR_MASK.test(word) && ALPHANUMERIC.test(word)) return true;
    const prefixed = PREFIXED.exec(word);
    if ((prefixed && isKeyBody(prefixed[1] ?? '')) || PREFIX_THEN_MASK.test(word)) return true;
    if (MASK.test(word) && known.some((secret) => masksSecret(word, secret))) return true;
    return looksLikeKey(word) && KEY_CONTEXT.test(text.slice(Math.max(0, offset - CONTEXT_CHARS), offset));
  };

  return (text) => {
    let scrubbed = text;
    for (const secret of exact) scrubbed = scrubbed.replaceAll(secret, REDACTED);
    return scrubbed.replace(WORD, (word, offset: number, whole: string) => (isKey(word, whole, offset) ? REDACTED : word));
  };
}

