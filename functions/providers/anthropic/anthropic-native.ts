/**
 * A block or tool a caller wrote in Anthropic's own terms (server_tool_use, web_search_tool_result,
 * a server tool's definition), sent exactly as written. It is marked with a symbol, which JSON
 * leaves out, so that the gateway's own steps (cache breakpoints) can tell it from the blocks the
 * translation built: its `type` may be any, even one of theirs with other fields.
 */
import type { AnthropicCacheControl } from './anthropic-api-types.ts';

const NATIVE: unique symbol = Symbol('anthropic native');

export interface AnthropicNative {
  readonly [NATIVE]: true;
  readonly cache_control?: AnthropicCacheControl;
  readonly [field: string]: unknown;
}

/** A copy of `value` marked native; `value` itself is left as it was. */
export const asNative = (value: Readonly<Record<string, unknown>>): AnthropicNative => ({ ...value, [NATIVE]: true });

export const isNative = (value: object): value is AnthropicNative => NATIVE in value;
