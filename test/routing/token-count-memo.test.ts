/**
 * routing/token-count-memo.ts, and the budgeted counter reading it: a long text a key sent before
 * is looked up rather than counted again, and nothing one key sends changes what another finds.
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTokenCounter } from '../../functions/routing/budgeted-token-counter.ts';
import { loadExactTokenCounter } from '../../functions/routing/exact-token-counter.ts';
import { createTokenCountMemo, REMEMBERED_MIN_CHARS, type RememberedCounts } from '../../functions/routing/token-count-memo.ts';
import { sampleProse } from './sample-text.ts';

const text = (chars: number, seed: number) => sampleProse(chars, seed).slice(0, chars);

describe('the remembered token counts', () => {
  it('are found by the key that added them, for an equal text that is another string, and by no other', () => {
    const memo = createTokenCountMemo();
    const long = text(2_000, 1);
    memo.forScope('key-a')!.set(long, 400);

    expect(memo.forScope('key-a')!.get(`${long.slice(0, 1_000)}${long.slice(1_000)}`)).toBe(400);
    expect(memo.forScope('key-b')!.get(long)).toBeUndefined();
    expect(memo.forScope(undefined)!.get(long)).toBeUndefined();
  });

  it("are kept apart: another key's texts, however many, evict none of a key's", () => {
    const memo = createTokenCountMemo({ maxCharsPerScope: 5_000 });
    const mine = text(2_000, 2);
    memo.forScope('key-a')!.set(mine, 1);
    for (let seed = 10; seed < 20; seed += 1) memo.forScope('key-b')!.set(text(2_000, seed), seed);

    expect(memo.forScope('key-a')!.get(mine)).toBe(1);
  });

  it('are kept for a bounded number of keys; a key after them is counted as before', () => {
    const memo = createTokenCountMemo({ maxScopes: 2 });
    expect(memo.forScope('key-a')).toBeDefined();
    expect(memo.forScope(undefined)).toBeDefined();
    expect(memo.forScope('key-c')).toBeUndefined();
    expect(memo.forScope('key-a')).toBeDefined();
  });

  it('keep no short text', () => {
    const counts = createTokenCountMemo().forScope('key-a')!;
    const short = text(REMEMBERED_MIN_CHARS - 1, 3);
    counts.set(short, 10);
    expect(counts.get(short)).toBeUndefined();
  });

  it("drop a key's least recently used text once its texts pass their bound", () => {
    const counts = createTokenCountMemo({ maxCharsPerScope: 5_000 }).forScope('key-a')!;
    const [first, second, third] = [text(2_000, 4), text(2_000, 5), text(2_000, 6)];
    counts.set(first, 1);
    counts.set(second, 2);
    // Used again: the second is now the least recently used.
    expect(counts.get(first)).toBe(1);
    counts.set(third, 3);

    expect(counts.get(second)).toBeUndefined();
    expect([counts.get(first), counts.get(third)]).toEqual([1, 3]);
    // A text larger than the bound is never kept, and evicts nothing.
    counts.set(text(5_001, 7), 1_000);
    expect([counts.get(first), counts.get(third)]).toEqual([1, 3]);
  });
});

describe('a token counter with remembered counts', () => {
  beforeAll(async () => {
    expect(await loadExactTokenCounter()).toBe(true);
  });

  const [system, turn] = [text(2_000, 8), text(2_000, 9)];

  /** Counts as a key's memory would hold them, and what the counter asked of them. */
  const recording = (held: Record<string, number> = {}) => {
    const asked: string[] = [];
    const counts: RememberedCounts = {
      get: (piece) => (asked.push(`get ${piece.length}`), held[piece]),
      set: (piece, tokens) => void (asked.push(`set ${piece.length}`), (held[piece] = tokens)),
    };
    return { counts, asked, held };
  };

  it('adds what it counted exactly, and reads it back the next time rather than counting', () => {
    const first = recording();
    expect(createTokenCounter(64_000, first.counts).count(system)).toBe(countTokens(system));
    expect(first.held).toEqual({ [system]: countTokens(system) });

    // A remembered count, told apart from a fresh one by being off by one.
    const again = recording({ [system]: countTokens(system) + 1 });
    expect(createTokenCounter(64_000, again.counts).count(system)).toBe(countTokens(system) + 1);
    expect(again.asked).toEqual(['get 2000']);
  });

  it('charges a remembered text to the budget as if it were counted, so the counts are the same either way', () => {
    // A budget of 3,000 characters: the second text of 2,000 is extrapolated, remembered or not.
    const without = createTokenCounter(3_000);
    const withMemory = createTokenCounter(3_000, recording({ [system]: countTokens(system) }).counts);
    const counts = (counter: ReturnType<typeof createTokenCounter>) => [counter.count(system), counter.count(turn), counter.extrapolated];

    expect(counts(withMemory)).toEqual(counts(without));
    expect(withMemory.extrapolated).toBe(true);
  });
});
