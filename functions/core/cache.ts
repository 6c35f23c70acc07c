/** Prompt-cache wishes: where the caller wants the cache to end, or that it chose itself. */

/** "Cache the prompt up to and including this": Anthropic's cache_control. */
export interface CacheBreakpoint {
  ttl?: '5m' | '1h';
}

export interface CacheHints {
  /** The caller placed breakpoints (or Anthropic's request-level cache_control): the gateway places none of its own. */
  callerPlaced: boolean;
  /** Request-level automatic caching (Anthropic's top-level cache_control). */
  auto?: CacheBreakpoint;
  /** A routing key for the provider's cache (OpenAI prompt_cache_key). */
  key?: string;
}
