/**
 * A call's prompt as cumulative prefixes, the unit providers cache: the head (tool definitions,
 * response schema and the leading system messages), then the head plus each following message in
 * turn, the last prefix being the whole prompt. Each carries a sha256 of its content and its
 * tokens, so a cache tracker can remember what was sent without keeping it.
 */
import { createHash } from 'node:crypto';
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
 */
export function splitPromptPrefixes(call: PromptParts, estimate: Pick<PromptTokenEstimate, 'headTokens' | 'messageTokens'> = estimatePromptTokens(call)): PromptPrefix[] {
  const { messages } = call;
  let leading = 0;
  while (leading < messages.length && messages[leading]?.role === 'system') leading++;

  let hash = chain('', JSON.stringify({ tools: call.tools, format: call.output.format }));
  let tokens = estimate.headTokens;
  const prefixes: PromptPrefix[] = [];
  messages.forEach((message, i) => {
    hash = chain(hash, JSON.stringify(message));
    tokens += estimate.messageTokens[i] ?? 0;
    // Leading system messages belong to the head: no prefix ends between two of them.
    if (i >= leading - 1) prefixes.push({ hash, tokens, messages: i + 1 });
  });
  return prefixes;
}

const chain = (previous: string, part: string) => createHash('sha256').update(previous).update('\n').update(part).digest('hex');
