/**
 * The exact o200k_base counter (gpt-tokenizer), loaded on demand and never at import: its tables
 * cost about 2.7 MB of code, 160 ms and 70 MB to load, which a Lambda would pay at each cold start
 * before its first byte. Until it is loaded, counts are estimated (estimate-tokens-cheaply.ts).
 * The Lambda functions load it after their first response; a long-running server at start
 * (create-engine.ts).
 *
 * `#o200k` is the project's import map entry (package.json "imports"): gpt-tokenizer's o200k_base
 * entry when run from source; in a Lambda bundle it is left out of index.mjs and resolved to the
 * `o200k.mjs` built beside it (lib/bundling.ts), so the bundle loaded at cold start is small.
 */
import type { GatewayLogger } from '../observability/logger.ts';

export type CountTokens = (text: string) => number;

// User text may contain `<|endoftext|>` and the like: counted as plain text, not a reason to throw.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

let exact: CountTokens | undefined;
let loading: Promise<boolean> | undefined;

/** The exact counter, once loaded. */
export const exactTokenCounter = (): CountTokens | undefined => exact;

/**
 * Loads the exact counter (once; later calls get the same promise). Resolves whether it is loaded;
 * never rejects: a failure (a bundle without its o200k.mjs) is logged once, and counts stay estimates.
 */
export function loadExactTokenCounter(logger?: Pick<GatewayLogger, 'warn'>): Promise<boolean> {
  loading ??= import('#o200k').then(
    ({ countTokens }) => {
      exact = (text) => countTokens(text, PLAIN_TEXT);
      return true;
    },
    (error: unknown) => {
      logger?.warn('tokens: the exact counter could not be loaded; prompt tokens stay estimates', { error: error as Error });
      return false;
    },
  );
  return loading;
}
