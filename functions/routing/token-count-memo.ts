/**
 * The exact token counts of long texts this process has counted, so that a text sent again is
 * looked up rather than counted again: a coding agent resends the same instructions, tool
 * definitions and earlier turns with every request, and counting them costs milliseconds (a
 * recorded 44 KB Codex request: 1.3 to 2 ms) where a lookup costs a hash of the text.
 *
 * Kept apart per key (a scope: the key's digest), each scope with texts of its own, its own bound
 * and its own order of use, so that nothing one key sends changes what another finds or how fast:
 * no tenant can time whether another has sent a text, nor how much. A process keeps at most
 * MAX_SCOPES of them, the first it meets; a key after those is counted as before.
 */

/** The counts one scope reads and adds to. */
export interface RememberedCounts {
  get(text: string): number | undefined;
  set(text: string, tokens: number): void;
}

export interface TokenCountMemo {
  /** The counts of `scope` (a key's digest, undefined on a gateway without keys); undefined once MAX_SCOPES others are kept. */
  forScope(scope: string | undefined): RememberedCounts | undefined;
}

/** Shorter texts are counted again: that costs less than keeping them. */
export const REMEMBERED_MIN_CHARS = 1_000;

/** A few agents' sessions of instructions, tools and turns, per key. */
const DEFAULT_MAX_CHARS_PER_SCOPE = 256_000;

/** With the bound above, at most 4 million characters held (8 MB at most). */
const MAX_SCOPES = 16;

export function createTokenCountMemo({ maxCharsPerScope = DEFAULT_MAX_CHARS_PER_SCOPE, maxScopes = MAX_SCOPES } = {}): TokenCountMemo {
  const scopes = new Map<string | undefined, RememberedCounts>();
  return {
    forScope(scope) {
      let counts = scopes.get(scope);
      if (!counts && scopes.size < maxScopes) scopes.set(scope, (counts = scopeCounts(maxCharsPerScope)));
      return counts;
    },
  };
}

function scopeCounts(maxChars: number): RememberedCounts {
  /** Map order is recency: the least recently used first. */
  const counts = new Map<string, number>();
  let heldChars = 0;
  return {
    get(text) {
      if (text.length < REMEMBERED_MIN_CHARS) return undefined;
      const tokens = counts.get(text);
      if (tokens === undefined) return undefined;
      counts.delete(text);
      counts.set(text, tokens);
      return tokens;
    },
    set(text, tokens) {
      if (text.length < REMEMBERED_MIN_CHARS || text.length > maxChars || counts.has(text)) return;
      // A copy of its own: a text cut from a larger string can keep all of that string alive.
      counts.set(Buffer.from(text, 'utf16le').toString('utf16le'), tokens);
      heldChars += text.length;
      for (const [oldest] of counts) {
        if (heldChars <= maxChars) break;
        counts.delete(oldest);
        heldChars -= oldest.length;
      }
    },
  };
}
