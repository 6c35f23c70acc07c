import type { CacheBreakpoint } from '../../core/cache.ts';
import type { AnthropicCacheControl } from './anthropic-api-types.ts';

/** A call's cache breakpoint as Anthropic's `cache_control`. */
export const cacheControl = (breakpoint: CacheBreakpoint): AnthropicCacheControl => ({
  type: 'ephemeral',
  ...(breakpoint.ttl !== undefined && { ttl: breakpoint.ttl }),
});

/** The same, to spread into a block or tool: nothing without a breakpoint. */
export const cacheControlOf = (breakpoint: CacheBreakpoint | undefined): { cache_control?: AnthropicCacheControl } =>
  breakpoint === undefined ? {} : { cache_control: cacheControl(breakpoint) };
