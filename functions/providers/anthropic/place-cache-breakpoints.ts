/**
 * Automatic prompt caching for Anthropic, which caches only up to blocks marked `cache_control`.
 * Anthropic's cache key is the prompt in its order (tools, then system, then messages) up to a
 * breakpoint; a later request reads the longest cached prefix it shares, looking back up to 20
 * blocks from each of its own breakpoints. The breakpoints placed, in prompt order:
 *
 *   1. the last tool definition: tools rarely change between calls;
 *   2. the last system block: nor does the system prompt;
 *   3. the last block of the second-to-last user turn: the conversation so far, stable even when
 *      the client edits or regenerates its last turn, and in reach of the next request's lookback
 *      when a turn adds more than 20 blocks (many tool results);
 *   4. the last block of the last user turn: what the next turn of this conversation will read.
 *      Without it each turn's tokens are paid at full price once and written (1.25x) one request
 *      later, 2.25x in all, instead of 1.25x; it only costs when a conversation stops there.
 *
 * That is Anthropic's limit of 4 breakpoints. A breakpoint is placed only where the prefix up to it
 * reaches the model's minimum cacheable length, below which Anthropic ignores it (and a short
 * prompt's body stays as it was), and none at all when the caller placed breakpoints of its own.
 */
import { createTokenCounter } from '../../routing/budgeted-token-counter.ts';
import { tokenizerFactor } from '../../routing/tokenizer-factor.ts';
import type {
  AnthropicCacheControl,
  AnthropicMessageParam,
  AnthropicMessagesRequest,
  AnthropicTextBlockParam,
  AnthropicTool,
  AnthropicToolResultContentBlock,
  AnthropicUserBlockParam,
  AnthropicAssistantBlockParam,
} from './anthropic-api-types.ts';
import { isNative } from './anthropic-native.ts';

/** Anthropic rejects a request with more cache breakpoints than this. */
export const MAX_CACHE_BREAKPOINTS = 4;

const EPHEMERAL: AnthropicCacheControl = { type: 'ephemeral' };

/**
 * Images are scaled to about 1.15 megapixels at most and cost about width x height / 750 tokens
 * (Anthropic's vision guide), so at most ~1,600. An image by URL or file id, whose size is unknown, counts
 * as a photo at that size; an inline one by its bytes, at ~0.13 byte a pixel (a JPEG photo;
 * screenshots' PNGs are larger, so this leans high), capped at the same.
 */
const MAX_IMAGE_TOKENS = 1_600;
const IMAGE_BYTES_PER_TOKEN = 100;
/**
 * A PDF page costs 1,500-3,000 tokens, its text and its image (Anthropic's PDF guide); pages of
 * text run ~30-100 KB, so ~30 bytes a token is the high end.
 */
const PDF_BYTES_PER_TOKEN = 30;
/** A PDF by URL or file id, whose size is unknown, counts as one page at the low end. */
const PDF_PAGE_TOKENS = 1_500;
/** Role markers and block framing, per turn. */
const TOKENS_PER_TURN = 3;

/**
 * The shortest prefix Anthropic caches, in the model's tokens, per its prompt-caching guide as of
 * mid-2026: 4,096 for Opus 4.5, 4.6 and 4.7 and Haiku 4.5; 2,048 for Haiku 3 and 3.5; 1,024 for
 * the others (Sonnet 3.7 to 4.6, Opus 4 and 4.1). Third-party copies of the table disagree on
 * Sonnet 4.6 (1,024 or 2,048) and Opus 4.7 (2,048 or 4,096); the figures here follow the majority.
 * A model this does not know gets 1,024: a breakpoint below the real minimum is only ignored.
 */
export function minCacheableTokens(model: string): number {
  const name = /claude-[a-z0-9-]+/.exec(model.toLowerCase())?.[0] ?? model;
  if (/^claude-opus-4-[5-7](?!\d)/.test(name) || /^claude-haiku-4-5(?!\d)/.test(name)) return 4_096;
  if (/^claude-3(?:-5)?-haiku|^claude-haiku-3/.test(name)) return 2_048;
  return 1_024;
}

/** Whether the Anthropic body already carries a breakpoint anywhere, or asks for automatic caching. */
export function hasCacheBreakpoint(body: AnthropicMessagesRequest): boolean {
  const marked = (item: { cache_control?: AnthropicCacheControl }) => item.cache_control !== undefined;
  const blockMarked = (block: AnthropicUserBlockParam | AnthropicAssistantBlockParam): boolean =>
    marked(block) || (!isNative(block) && block.type === 'tool_result' && Array.isArray(block.content) && block.content.some(marked));
  return (
    body.cache_control !== undefined ||
    (body.tools?.some(marked) ?? false) ||
    (Array.isArray(body.system) && body.system.some(marked)) ||
    body.messages.some((message) => message.content.some(blockMarked))
  );
}

export interface BreakpointOptions {
  /** Mark the last user turn as well (4. above); on by default. */
  finalTurn?: boolean;
}

/**
 * The body with automatic breakpoints, as a new object: the blocks that get one are copied, the
 * rest (images' data included) is shared with `body`. A body with breakpoints of its own is
 * returned as it is.
 */
export function placeCacheBreakpoints(body: AnthropicMessagesRequest, options: BreakpointOptions = {}): AnthropicMessagesRequest {
  if (hasCacheBreakpoint(body)) return body;
  const minTokens = minCacheableTokens(body.model);
  const factor = tokenizerFactor('anthropic', body.model);
  const counter = createTokenCounter();
  let tokens = 0;
  // The prefix only grows, so once it reaches the minimum nothing after it needs counting.
  const reached = () => tokens >= minTokens;
  const add = (text: string) => {
    if (!reached()) tokens += counter.count(text) * factor;
  };

  const result: AnthropicMessagesRequest = { ...body };
  let placed = 0;

  const tools = body.tools;
  if (tools?.length) {
    for (const tool of tools) {
      if (isNative(tool)) {
        add(JSON.stringify(tool));
        continue;
      }
      add(tool.name);
      add(tool.description ?? '');
      add(JSON.stringify(tool.input_schema));
    }
    if (reached()) {
      result.tools = withLast(tools, (tool: AnthropicTool) => ({ ...tool, cache_control: EPHEMERAL }));
      placed++;
    }
  }

  const system = body.system;
  if (system !== undefined && system.length > 0) {
    const blocks: AnthropicTextBlockParam[] = typeof system === 'string' ? [{ type: 'text', text: system }] : system;
    for (const block of blocks) add(block.text);
    if (reached()) {
      result.system = withLast(blocks, (block) => ({ ...block, cache_control: EPHEMERAL }));
      placed++;
    }
  }

  const userTurns = body.messages.flatMap((message, index) => (message.role === 'user' ? [index] : []));
  const lastUser = userTurns.at(-1);
  const marks = new Set<number>();
  const secondLastUser = userTurns.at(-2);
  if (secondLastUser !== undefined) marks.add(secondLastUser);
  if (lastUser !== undefined && options.finalTurn !== false) marks.add(lastUser);

  if (marks.size > 0) {
    const messages = [...body.messages];
    for (let index = 0; index <= (lastUser ?? -1) && placed < MAX_CACHE_BREAKPOINTS; index++) {
      const message = messages[index];
      if (!message) continue;
      tokens += TOKENS_PER_TURN * factor;
      for (const block of message.content) addBlock(block);
      if (marks.has(index) && reached() && message.role === 'user' && message.content.length > 0) {
        messages[index] = markLastBlock(message);
        placed++;
      }
    }
    result.messages = messages;
  }
  return result;

  function addBlock(block: AnthropicUserBlockParam | AnthropicAssistantBlockParam | AnthropicToolResultContentBlock) {
    if (reached()) return;
    // A block the caller wrote in Anthropic's terms counts as its JSON: its fields are not the gateway's to read.
    if (isNative(block)) return add(JSON.stringify(block));
    switch (block.type) {
      case 'text':
        return add(block.text);
      case 'tool_use':
        add(block.name);
        return add(JSON.stringify(block.input));
      case 'tool_result':
        if (typeof block.content === 'string') return add(block.content);
        for (const inner of block.content ?? []) addBlock(inner);
        return;
      case 'thinking':
        return add(block.thinking);
      case 'redacted_thinking':
        // Encrypted: its size says little of the tokens it stands for, so it counts for none.
        return;
      case 'image':
        tokens +=
          block.source.type === 'base64' ? Math.min(MAX_IMAGE_TOKENS, base64Bytes(block.source.data) / IMAGE_BYTES_PER_TOKEN) : MAX_IMAGE_TOKENS;
        return;
      case 'document':
        add(block.context ?? '');
        if (block.source.type === 'text') return add(block.source.data);
        tokens += block.source.type === 'base64' ? base64Bytes(block.source.data) / PDF_BYTES_PER_TOKEN : PDF_PAGE_TOKENS;
        return;
    }
  }
}

const base64Bytes = (data: string) => (data.length * 3) / 4;

function withLast<T>(items: readonly T[], mark: (item: T) => T): T[] {
  const copy = [...items];
  const last = copy.at(-1);
  if (last !== undefined) copy[copy.length - 1] = mark(last);
  return copy;
}

function markLastBlock(message: Extract<AnthropicMessageParam, { role: 'user' }>): AnthropicMessageParam {
  return { role: 'user', content: withLast(message.content, (block) => ({ ...block, cache_control: EPHEMERAL })) };
}
