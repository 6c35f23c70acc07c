/**
 * The exact o200k_base counter (gpt-tokenizer), loaded only once a count needs it, and never at
 * import: its tables cost about 2.7 MB of code, 160 to 250 ms and 50 to 80 MB to load, which a
 * Lambda would pay at each cold start before its first byte and a server in memory for good.
 * Until it is loaded, counts are estimated (estimate-tokens-cheaply.ts), which is all a prompt
 * under a thousand tokens ever needs: the first count that could reach a threshold some decision
 * compares with (EXACT_COUNTS_MATTER_FROM) asks for it, and the process loads it after that
 * response (gateway.ts, worker.ts, start-server.ts), so that request goes on the estimate.
 *
 * `#o200k` is the project's import map entry (package.json "imports"): gpt-tokenizer's o200k_base
 * entry when run from source; in a Lambda bundle it is left out of index.mjs and resolved to the
 * `o200k.mjs` built beside it (lib/bundling.ts), so the bundle loaded at cold start is small.
 */
import type { GatewayLogger } from '../observability/logger.ts';

export type CountTokens = (text: string) => number;

// User text may contain `<|endoftext|>` and the like: counted as plain text, not a reason to throw.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * The fewest tokens any decision compares a count with: the shortest prefix a provider caches
 * (place-cache-breakpoints.ts, prompt-cache-tracker.ts). Context windows and price tiers are far
 * longer; below this, an estimate's error moves only a cost estimate, by a fraction of a cent.
 */
export const EXACT_COUNTS_MATTER_FROM = 1_024;

let exact: CountTokens | undefined;
let loading: Promise<boolean> | undefined;
let wanted = false;

/** The exact counter, once loaded. */
export const exactTokenCounter = (): CountTokens | undefined => exact;

/** Says a count was estimated that an exact one could have decided differently. */
export function wantExactTokenCounter(): void {
  wanted = true;
}

/** Loads the exact counter if a count has asked for it (see loadExactTokenCounter); resolves whether it is loaded. */
export function loadExactTokenCounterIfWanted(logger?: Pick<GatewayLogger, 'warn'>): Promise<boolean> {
  return wanted ? loadExactTokenCounter(logger) : Promise.resolve(exact !== undefined);
}

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
