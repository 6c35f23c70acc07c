/**
 * routing/token-count-memo.ts, and the budgeted counter reading it: a long text a caller sent
 * before is looked up rather than counted again, and only by that caller.
 */
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTokenCounter } from '../../functions/routing/budgeted-token-counter.ts';
import { loadExactTokenCounter } from '../../functions/routing/exact-token-counter.ts';
import { createTokenCountMemo, REMEMBERED_MIN_CHARS } from '../../functions/routing/token-count-memo.ts';
import { sampleProse } from './sample-text.ts';

const text = (chars: number, seed: number) => sampleProse(chars, seed).slice(0, chars);

describe('the remembered token counts', () => {
  it('are found by the scope that added them, for an equal text that is another string', () => {
    const memo = createTokenCountMemo();
    const long = text(2_000, 1);
    memo.forScope('key-a').set(long, 400);

    expect(memo.forScope('key-a').get(`${long.slice(0, 1_000)}${long.slice(1_000)}`)).toBe(400);
    expect(memo.forScope('key-b').get(long)).toBeUndefined();
    expect(memo.forScope(undefined).get(long)).toBeUndefined();
  });

  it('are found by a second scope once it has counted the text too, the text held once', () => {
    const memo = createTokenCountMemo({ maxChars: 2_500 });
    const long = text(2_000, 2);
    memo.forScope('key-a').set(long, 400);
    memo.forScope('key-b').set(long, 400);

    expect(memo.forScope('key-b').get(long)).toBe(400);
    expect(memo.forScope('key-a').get(long)).toBe(400);
  });

  it('keep no short text', () => {
    const memo = createTokenCountMemo();
    const short = text(REMEMBERED_MIN_CHARS - 1, 3);
    memo.forScope('key-a').set(short, 10);
    expect(memo.forScope('key-a').get(short)).toBeUndefined();
  });

  it('drop the least recently used once the texts held pass their bound', () => {
    const memo = createTokenCountMemo({ maxChars: 5_000 });
    const scope = memo.forScope('key-a');
    const [first, second, third] = [text(2_000, 4), text(2_000, 5), text(2_000, 6)];
    scope.set(first, 1);
    scope.set(second, 2);
    // Used again: the second is now the least recently used.
    expect(scope.get(first)).toBe(1);
    scope.set(third, 3);

    expect(scope.get(second)).toBeUndefined();
    expect([scope.get(first), scope.get(third)]).toEqual([1, 3]);
    // A text larger than the bound is never kept.
    scope.set(text(5_001, 7), 1_000);
    expect([scope.get(first), scope.get(third)]).toEqual([1, 3]);
  });
});

describe('a token counter with remembered counts', () => {
  beforeAll(async () => {
    expect(await loadExactTokenCounter()).toBe(true);
  });

  // A budget of 3,000 characters: two texts of 2,000 are one exact count and one extrapolation,
  // unless the first is remembered, which costs the budget nothing.
  const [system, turn] = [text(2_000, 8), text(2_000, 9)];

  it('counts a text its caller sent before without charging the budget, and the same as counting it', () => {
    const memo = createTokenCountMemo();
    const first = createTokenCounter(3_000, memo.forScope('key-a'));
    expect(first.count(system)).toBe(countTokens(system));

    const again = createTokenCounter(3_000, memo.forScope('key-a'));
    expect(again.count(system)).toBe(countTokens(system));
    expect(again.count(turn)).toBe(countTokens(turn));
    expect(again.extrapolated).toBe(false);
  });

  it("does not read another caller's counts", () => {
    const memo = createTokenCountMemo();
    createTokenCounter(3_000, memo.forScope('key-a')).count(system);

    const other = createTokenCounter(3_000, memo.forScope('key-b'));
    other.count(system);
    other.count(turn);
    expect(other.extrapolated).toBe(true);
  });
});
