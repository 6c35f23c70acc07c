import { describe, expect, it } from 'vitest';
import { chatRequestSchema } from '../../functions/ingress/openai-chat/chat-request-schema.ts';
import { decodeMessagesRequest } from '../../functions/ingress/anthropic-messages/decode.ts';
import { validateMessagesRequest } from '../../functions/ingress/anthropic-messages/validate-messages-request.ts';
import type { Call } from '../../functions/core/call.ts';
import { anthropicCachePolicy } from '../../functions/providers/anthropic/anthropic-prompt-cache.ts';
import { OPENAI_CACHE_POLICY } from '../../functions/providers/openai-compatible/openai-prompt-cache.ts';
import { createPromptCacheTracker, promptCachePolicyFor, type PromptCacheTarget } from '../../functions/routing/prompt-cache-tracker.ts';
import { splitPromptPrefixes, type PromptPrefix } from '../../functions/routing/split-prompt-prefixes.ts';
import { callOf } from './routing-fixtures.ts';
import { sampleProse } from './sample-text.ts';

const SYSTEM = sampleProse(8_000, 3); // ~1,800 tokens: past every 1,024-token minimum
const TOOLS = [{ type: 'function', function: { name: 'search', description: 'Search the docs', parameters: { type: 'object' } } }];

const chat = (...turns: string[]): Call =>
  callOf(
    chatRequestSchema().parse({
      model: 'switchyard/auto',
      tools: TOOLS,
      messages: [
        { role: 'system', content: SYSTEM },
        ...turns.map((content, i) => ({ role: i % 2 === 0 ? 'user' : 'assistant', content })),
      ],
    }),
  );

/**
 * A Messages conversation as Claude Code sends it: its system prompt and last tool marked, and
 * the breakpoint on the latest turn's last block, so it moves each turn.
 */
const claudeCode = (...turns: string[]): Call => {
  const ephemeral = { type: 'ephemeral' };
  const messages = turns.map((text, i) => ({
    role: i % 2 === 0 ? 'user' : 'assistant',
    content: [{ type: 'text', text, ...(i === turns.length - 1 && { cache_control: ephemeral }) }],
  }));
  const body = validateMessagesRequest({
    model: 'openai/gpt-4.1',
    max_tokens: 1024,
    system: [{ type: 'text', text: SYSTEM, cache_control: ephemeral }],
    tools: [{ name: 'search', description: 'Search the docs', input_schema: { type: 'object' }, cache_control: ephemeral }],
    messages,
  });
  return decodeMessagesRequest(body, { criticality: 'standard', cascade: false }, {});
};

const openai: PromptCacheTarget = { key: 'openai/gpt-4.1', policy: OPENAI_CACHE_POLICY };
const claude: PromptCacheTarget = { key: 'anthropic/claude-sonnet-4-5', policy: anthropicCachePolicy('claude-sonnet-4-5'), tokenFactor: 1.2 };

function clock(start = 1_000_000) {
  let time = start;
  return { now: () => time, advance: (ms: number) => (time += ms) };
}

describe('splitPromptPrefixes', () => {
  it('the head (tools and system) first, then one prefix per message, cumulative', () => {
    const prefixes = splitPromptPrefixes(chat('Hello', 'Hi, how can I help?', 'Tell me more'));
    expect(prefixes.map((p) => p.messages)).toEqual([1, 2, 3, 4]);
    for (let i = 1; i < prefixes.length; i++) expect(prefixes[i]!.tokens).toBeGreaterThan(prefixes[i - 1]!.tokens);
    expect(new Set(prefixes.map((p) => p.hash)).size).toBe(4);
  });

  it('a later turn shares the earlier turn’s prefixes exactly', () => {
    const first = splitPromptPrefixes(chat('Hello'));
    const second = splitPromptPrefixes(chat('Hello', 'Hi!', 'Tell me more'));
    expect(second.slice(0, first.length)).toEqual(first);
  });

  it('a different system prompt or tools changes every hash', () => {
    const base = splitPromptPrefixes(chat('Hello'));
    const otherTools = splitPromptPrefixes({ ...chat('Hello'), tools: [] });
    expect(otherTools.map((p) => p.hash)).not.toContain(base[0]!.hash);
  });

  it('hashes content only: a breakpoint that moves to the latest turn leaves the earlier prefixes as they were', () => {
    const first = splitPromptPrefixes(claudeCode('Hello'));
    const second = splitPromptPrefixes(claudeCode('Hello', 'Hi!', 'Tell me more'));
    expect(second.slice(0, first.length)).toEqual(first);
    expect(splitPromptPrefixes({ ...claudeCode('Hello'), tools: [{ kind: 'function', name: 'search', description: 'Search the docs', parameters: { type: 'object' } }] })[0]).toEqual(first[0]);
  });
});

describe('createPromptCacheTracker', () => {
  it('a repeated prefix is cached within the lifetime, not after it', () => {
    const time = clock();
    const tracker = createPromptCacheTracker({ now: time.now });
    const first = splitPromptPrefixes(chat('Hello'));
    expect(tracker.expect(openai, first).cachedTokens).toBe(0);
    tracker.remember(openai, first);

    const next = splitPromptPrefixes(chat('Hello', 'Hi!', 'Tell me more'));
    time.advance(4 * 60_000);
    const hit = tracker.expect(openai, next);
    // OpenAI: the previous whole prompt, rounded down to 128-token increments; writes are free.
    expect(hit.cachedTokens).toBe(Math.floor(first.at(-1)!.tokens / 128) * 128);
    expect(hit.cacheWriteTokens).toBe(0);

    time.advance(2 * 60_000); // 6 minutes after the write, with no use in between
    expect(tracker.expect(openai, next).cachedTokens).toBe(0);
  });

  it('each use refreshes the lifetime', () => {
    const time = clock();
    const tracker = createPromptCacheTracker({ now: time.now });
    const prefixes = splitPromptPrefixes(chat('Hello'));
    for (let i = 0; i < 4; i++) {
      tracker.remember(openai, prefixes);
      time.advance(4 * 60_000);
    }
    expect(tracker.expect(openai, prefixes).cachedTokens).toBeGreaterThan(0);
  });

  it('a policy without refresh keeps the first expiry', () => {
    const time = clock();
    const fixed: PromptCacheTarget = { key: 'fixed', policy: { ...OPENAI_CACHE_POLICY, refreshOnHit: false } };
    const tracker = createPromptCacheTracker({ now: time.now });
    const prefixes = splitPromptPrefixes(chat('Hello'));
    tracker.remember(fixed, prefixes);
    time.advance(4 * 60_000);
    tracker.remember(fixed, prefixes);
    time.advance(2 * 60_000);
    expect(tracker.expect(fixed, prefixes).cachedTokens).toBe(0);
  });

  it("forecasts the hit of a conversation whose breakpoint moves each turn (Claude Code's)", () => {
    const tracker = createPromptCacheTracker({ now: clock().now });
    const question = sampleProse(2_000, 7);
    const first = splitPromptPrefixes(claudeCode(question));
    tracker.remember(openai, first);
    const hit = tracker.expect(openai, splitPromptPrefixes(claudeCode(question, 'Hi!', 'Tell me more'))).cachedTokens;
    // The whole first turn, its question included, not only the system prompt before it.
    expect(hit).toBe(Math.floor(first.at(-1)!.tokens / 128) * 128);
    expect(hit).toBeGreaterThan(first[0]!.tokens);
  });

  it('Anthropic: reads in the model’s tokens, and bills writing the rest of the prompt', () => {
    const time = clock();
    const tracker = createPromptCacheTracker({ now: time.now });
    const first = splitPromptPrefixes(chat('Hello'));
    const cold = tracker.expect(claude, first);
    expect(cold).toEqual({ cachedTokens: 0, cacheWriteTokens: Math.floor(first.at(-1)!.tokens * 1.2) });
    tracker.remember(claude, first);

    const next = splitPromptPrefixes(chat('Hello', 'Hi!', 'Tell me more'));
    const warm = tracker.expect(claude, next);
    expect(warm.cachedTokens).toBe(Math.floor(first.at(-1)!.tokens * 1.2));
    expect(warm.cachedTokens + warm.cacheWriteTokens).toBe(Math.floor(next.at(-1)!.tokens * 1.2));
  });

  it('targets do not share a cache', () => {
    const tracker = createPromptCacheTracker({ now: () => 0 });
    const prefixes = splitPromptPrefixes(chat('Hello'));
    tracker.remember(openai, prefixes);
    expect(tracker.expect({ ...openai, key: 'openai/gpt-5' }, prefixes).cachedTokens).toBe(0);
  });

  it('prefixes below the minimum are neither remembered nor predicted', () => {
    const tracker = createPromptCacheTracker({ now: () => 0 });
    const short: PromptPrefix[] = [{ hash: 'a', tokens: 800, messages: 1 }]; // 960 in Claude's tokens
    tracker.remember(openai, short);
    expect(tracker.size).toBe(0);
    expect(tracker.expect(claude, short)).toEqual({ cachedTokens: 0, cacheWriteTokens: 0 });
  });

  it('keeps at most maxEntries, dropping the least recently used', () => {
    const tracker = createPromptCacheTracker({ now: () => 0, maxEntries: 3 });
    const prefix = (hash: string): PromptPrefix[] => [{ hash, tokens: 2_000, messages: 1 }];
    for (const hash of ['a', 'b', 'c']) tracker.remember(openai, prefix(hash));
    tracker.remember(openai, prefix('a')); // used again: now the most recent
    tracker.remember(openai, prefix('d'));
    expect(tracker.size).toBe(3);
    expect(tracker.expect(openai, prefix('b')).cachedTokens).toBe(0);
    for (const hash of ['a', 'c', 'd']) expect(tracker.expect(openai, prefix(hash)).cachedTokens).toBe(1_920);
  });

  it('policies: Anthropic and OpenAI modelled, others not', () => {
    expect(promptCachePolicyFor('anthropic', 'claude-haiku-4-5')?.minTokens).toBe(4_096);
    expect(promptCachePolicyFor('anthropic', 'claude-sonnet-4-5')).toMatchObject({ minTokens: 1_024, ttlMs: 300_000, billsWrites: true });
    expect(promptCachePolicyFor('openai', 'gpt-4.1')).toMatchObject({ minTokens: 1_024, incrementTokens: 128, billsWrites: false });
    expect(promptCachePolicyFor('mistral', 'mistral-large-latest')).toBeUndefined();
  });
});
