/**
 * A call's prompt as cumulative prefixes, the unit providers cache: the head (tool definitions,
 * response schema and the leading system messages), then the head plus each following message in
 * turn, the last prefix being the whole prompt. Each carries a sha256 of its content and its
 * tokens, so a cache tracker can remember what was sent without keeping it.
 */
import { createHash } from 'node:crypto';
import type { CallMessage } from '../core/call.ts';
import type { Tool } from '../core/tools.ts';
import { estimatePromptTokens, type PromptParts, type PromptTokenEstimate } from './estimate-prompt-tokens.ts';

export interface PromptPrefix {
  /** sha256 (hex) of everything up to the end of this prefix. */
  hash: string;
  /** The prefix's tokens (o200k, see estimate-prompt-tokens.ts), cumulative. */
  tokens: number;
  /** Messages the prefix includes. */
  messages: number;
}

/**
 * Prefixes, shortest first, their tokens added up from the prompt's estimate (counted once, by the
 * router). Hashes are chained (each hashes the previous hash and the next part), so splitting costs
 * one pass over the prompt rather than one per prefix. A prefix is identified by the JSON of the
 * call's parts as decoded, so the order of a message's fields in the client's body does not
 * matter; a schema's own key order, sent as written, does.
 *
 * Only the content is hashed, not the cache breakpoints on it: a provider caches what was sent,
 * wherever the markers were, and a client that marks its latest message (Claude Code moves its
 * breakpoint to the new last turn each time) sends earlier turns that are the same content with
 * the marker gone.
 */
export function splitPromptPrefixes(call: PromptParts, estimate: Pick<PromptTokenEstimate, 'headTokens' | 'messageTokens'> = estimatePromptTokens(call)): PromptPrefix[] {
  const { messages } = call;
  let leading = 0;
  while (leading < messages.length && messages[leading]?.role === 'system') leading++;

  let hash = chain('', JSON.stringify({ tools: call.tools.map(toolContent), format: call.output.format }));
  let tokens = estimate.headTokens;
  const prefixes: PromptPrefix[] = [];
  messages.forEach((message, i) => {
    hash = chain(hash, JSON.stringify(messageContent(message)));
    tokens += estimate.messageTokens[i] ?? 0;
    // Leading system messages belong to the head: no prefix ends between two of them.
    if (i >= leading - 1) prefixes.push({ hash, tokens, messages: i + 1 });
  });
  return prefixes;
}

const chain = (previous: string, part: string) => createHash('sha256').update(previous).update('\n').update(part).digest('hex');

/** A part or a function tool without its breakpoint (core/cache.ts). */
const uncached = <T extends { cache?: unknown }>({ cache: _breakpoint, ...content }: T): Omit<T, 'cache'> => content;

/** A block or tool kept whole in its own dialect, without Anthropic's breakpoints (`cache_control`) at any depth. */
function withoutCacheControl(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutCacheControl);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).flatMap(([key, inner]) => (key === 'cache_control' ? [] : [[key, withoutCacheControl(inner)]])));
}

const toolContent = (tool: Tool) => (tool.kind === 'function' ? uncached(tool) : { ...tool, definition: withoutCacheControl(tool.definition) });

function messageContent(message: CallMessage) {
  const content = message.content.map((part) => {
    if (part.type === 'native') return { ...part, block: withoutCacheControl(part.block) };
    if (part.type === 'tool-result') return { ...uncached(part), content: part.content.map(uncached) };
    return 'cache' in part ? uncached(part) : part;
  });
  return { ...message, content };
}
