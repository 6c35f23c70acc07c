import type { CacheBreakpoint } from '../../core/cache.ts';
import type { BedrockCachePointBlock } from './bedrock-api-types.ts';

/**
 * A caller's cache breakpoint as a Converse `cachePoint` after the blocks so far: "cache up to and
 * including this part". None where nothing precedes it or a point already ends the list.
 */
export function pushCachePoint<Block extends object>(blocks: Array<Block | BedrockCachePointBlock>, cache: CacheBreakpoint | undefined): void {
  const last = blocks.at(-1);
  if (cache === undefined || last === undefined || 'cachePoint' in last) return;
  blocks.push({ cachePoint: { type: 'default', ...(cache.ttl !== undefined && { ttl: cache.ttl }) } });
}
