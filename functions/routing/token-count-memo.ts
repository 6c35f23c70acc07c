/**
 * The exact token counts of long texts this process has counted, so that a text sent again is
 * looked up rather than counted again: a coding agent resends the same instructions, tool
 * definitions and earlier turns with every request, and counting them costs milliseconds (a
 * recorded 44 KB Codex request: about 2 ms) where a lookup costs a hash of the text.
 *
 * A count is found only by a caller whose own earlier request counted the text (a scope: its key's
 * digest), so that no tenant can time whether another has just sent a given text. Each text is
 * held once whoever sent it, and the least recently used go first once the texts held pass
 * `maxChars`.
 */

/** The counts one scope may read and add to. */
export interface RememberedCounts {
  get(text: string): number | undefined;
  set(text: string, tokens: number): void;
}

export interface TokenCountMemo {
  /** The counts of `scope`: a key's digest, or undefined on a gateway without keys. */
  forScope(scope: string | undefined): RememberedCounts;
}

/** Shorter texts are counted again: that costs less than keeping them. */
export const REMEMBERED_MIN_CHARS = 1_000;

/** About 2 to 4 MB of text: the stable parts of a few dozen agents' sessions. */
const DEFAULT_MAX_CHARS = 2_000_000;

export function createTokenCountMemo({ maxChars = DEFAULT_MAX_CHARS }: { maxChars?: number } = {}): TokenCountMemo {
  /** Map order is recency: the least recently used first. */
  const entries = new Map<string, { tokens: number; scopes: Set<string | undefined> }>();
  let heldChars = 0;
  const touch = (text: string, entry: { tokens: number; scopes: Set<string | undefined> }) => {
    entries.delete(text);
    entries.set(text, entry);
  };
  /** One view a scope, made once: every request's profile asks for its caller's. */
  const views = new Map<string | undefined, RememberedCounts>();
  const view = (scope: string | undefined): RememberedCounts => ({
    get(text) {
      if (text.length < REMEMBERED_MIN_CHARS) return undefined;
      const entry = entries.get(text);
      if (!entry?.scopes.has(scope)) return undefined;
      touch(text, entry);
      return entry.tokens;
    },
    set(text, tokens) {
      if (text.length < REMEMBERED_MIN_CHARS || text.length > maxChars) return;
      const entry = entries.get(text);
      if (entry) {
        entry.scopes.add(scope);
        touch(text, entry);
        return;
      }
      entries.set(text, { tokens, scopes: new Set([scope]) });
      heldChars += text.length;
      for (const [oldest] of entries) {
        if (heldChars <= maxChars) break;
        entries.delete(oldest);
        heldChars -= oldest.length;
      }
    },
  });
  return {
    forScope(scope) {
      let counts = views.get(scope);
      if (!counts) views.set(scope, (counts = view(scope)));
      return counts;
    },
  };
}
