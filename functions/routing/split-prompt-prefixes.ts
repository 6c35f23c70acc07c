/**
 * A request's prompt as cumulative prefixes, the unit providers cache: the head (tool
 * definitions, response schema and the leading system messages), then the head plus each
 * following message in turn, the last prefix being the whole prompt. Each carries a sha256 of its
 * content and its tokens, so a cache tracker can remember what was sent without keeping it.
 */
import { createHash } from 'node:crypto';
import { createTokenCounter } from './budgeted-token-counter.ts';
import { estimateDefinitionTokens, estimateMessageTokens, type PromptParts } from './estimate-prompt-tokens.ts';

export interface PromptPrefix {
  /** sha256 (hex) of everything up to the end of this prefix. */
  hash: string;
  /** The prefix's tokens (o200k, see estimate-prompt-tokens.ts), cumulative. */
  tokens: number;
  /** Messages the prefix includes. */
  messages: number;
}

export interface SplitOptions {
  exactCharBudget?: number;
}

/**
 * Prefixes, shortest first. Hashes are chained (each hashes the previous hash and the next part),
 * so splitting costs one pass over the prompt rather than one per prefix. A prefix is identified
 * by the JSON of its parts, so a client that reorders keys between calls misses, as it would
 * miss the provider's cache if the provider sees the reordering.
 */
export function splitPromptPrefixes(request: PromptParts, options: SplitOptions = {}): PromptPrefix[] {
  const counter = createTokenCounter(options.exactCharBudget);
  const { messages } = request;
  let leading = 0;
  while (leading < messages.length && isSystem(messages[leading]?.role)) leading++;

  let hash = chain('', JSON.stringify({ tools: request.tools ?? null, response_format: request.response_format ?? null }));
  let tokens = estimateDefinitionTokens(request, counter);
  const prefixes: PromptPrefix[] = [];
  messages.forEach((message, i) => {
    hash = chain(hash, JSON.stringify(message));
    tokens += estimateMessageTokens(message, counter);
    // Leading system messages belong to the head: no prefix ends between two of them.
    if (i >= leading - 1) prefixes.push({ hash, tokens, messages: i + 1 });
  });
  return prefixes;
}

const isSystem = (role: string | undefined) => role === 'system' || role === 'developer';

const chain = (previous: string, part: string) => createHash('sha256').update(previous).update('\n').update(part).digest('hex');
