/**
 * Predicts, for the price estimate, how much of a request's prompt a target's prompt cache already
 * holds: it remembers the prefixes (see split-prompt-prefixes.ts) recently sent to each target, by
 * hash, for as long as the provider keeps them. One gateway instance sees only its own traffic,
 * so the prediction is a lower bound on hits another instance warmed up, and it cannot see
 * evictions the provider makes early; it is an estimate, never a promise.
 *
 * Memory is bounded: a least-recently-used map of at most `maxEntries` prefix hashes.
 */
import { familyOf } from '../providers/provider-families.ts';
import { findProvider } from '../providers/provider-registry.ts';
import type { PromptPrefix } from './split-prompt-prefixes.ts';

export interface PromptCachePolicy {
  /** How long an unused prefix stays cached. */
  ttlMs: number;
  /** Whether a hit restarts the lifetime (both Anthropic and OpenAI) or it counts from the write. */
  refreshOnHit: boolean;
  /** The shortest prefix cached, in the target's tokens. */
  minTokens: number;
  /** Hits are counted in multiples of this (OpenAI: 128 tokens). */
  incrementTokens: number;
  /** Whether writing to the cache is billed (Anthropic: 1.25x input) or free (OpenAI). */
  billsWrites: boolean;
}

export interface PromptCacheTarget {
  /** The cache's scope: the provider and model, plus the account or region where they differ. */
  key: string;
  policy: PromptCachePolicy;
  /** The target tokenizer's factor over the prefixes' o200k counts (tokenizer-factor.ts); 1 by default. */
  tokenFactor?: number;
}

export interface CacheExpectation {
  /** Prompt tokens expected to be read from the cache, in the target's tokens. */
  cachedTokens: number;
  /** Prompt tokens expected to be written to it and billed as such (0 where writes are free). */
  cacheWriteTokens: number;
}

/** The cache policy of a provider's model; undefined where caching is not modelled (none assumed). */
export function promptCachePolicyFor(providerId: string, model: string): PromptCachePolicy | undefined {
  const provider = findProvider(providerId);
  return provider?.promptCache ? familyOf(provider).promptCachePolicy?.(model) : undefined;
}

export interface PromptCacheTrackerOptions {
  /** Prefix hashes kept at most, across targets (about 150 bytes each). */
  maxEntries?: number;
  /** Milliseconds since the epoch; injected so tests control time. */
  now?: () => number;
}

export interface PromptCacheTracker {
  /** What a request with these prefixes (shortest first) would find cached at the target now. */
  expect(target: PromptCacheTarget, prefixes: readonly PromptPrefix[]): CacheExpectation;
  /** Records that the prefixes were sent to the target at `at` (default now). */
  remember(target: PromptCacheTarget, prefixes: readonly PromptPrefix[], at?: number): void;
  readonly size: number;
}

export const DEFAULT_MAX_CACHE_ENTRIES = 10_000;

export function createPromptCacheTracker(options: PromptCacheTrackerOptions = {}): PromptCacheTracker {
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_CACHE_ENTRIES;
  const now = options.now ?? Date.now;
  /** `target key \0 prefix hash` -> when the entry expires. Map order is recency order. */
  const entries = new Map<string, number>();

  const scaled = (target: PromptCacheTarget, tokens: number) => Math.floor(tokens * (target.tokenFactor ?? 1));
  const cacheable = (target: PromptCacheTarget, tokens: number) => tokens >= target.policy.minTokens;

  return {
    get size() {
      return entries.size;
    },

    expect(target, prefixes) {
      const time = now();
      let cached = 0;
      for (let i = prefixes.length - 1; i >= 0; i--) {
        const prefix = prefixes[i];
        if (!prefix) continue;
        const key = `${target.key}\0${prefix.hash}`;
        const expiresAt = entries.get(key);
        if (expiresAt === undefined) continue;
        if (expiresAt <= time) {
          entries.delete(key);
          continue;
        }
        cached = scaled(target, prefix.tokens);
        break;
      }
      const { incrementTokens } = target.policy;
      cached = cacheable(target, cached) ? Math.floor(cached / incrementTokens) * incrementTokens : 0;
      // The provider writes the whole prompt (Anthropic: up to the last breakpoint, the last user turn).
      const full = scaled(target, prefixes.at(-1)?.tokens ?? 0);
      const written = target.policy.billsWrites && cacheable(target, full) ? Math.max(0, full - cached) : 0;
      return { cachedTokens: cached, cacheWriteTokens: written };
    },

    remember(target, prefixes, at = now()) {
      const { ttlMs, refreshOnHit } = target.policy;
      for (const prefix of prefixes) {
        if (!cacheable(target, scaled(target, prefix.tokens))) continue;
        const key = `${target.key}\0${prefix.hash}`;
        const expiresAt = entries.get(key);
        // A live entry keeps its expiry unless hits refresh it; either way it becomes most recent.
        const live = expiresAt !== undefined && expiresAt > at;
        entries.delete(key);
        entries.set(key, live && !refreshOnHit ? expiresAt : Math.max(expiresAt ?? 0, at + ttlMs));
      }
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
    },
  };
}
