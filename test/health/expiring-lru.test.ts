/** The bounded map behind the state kept for targets outside the catalog, on a hand-driven clock. */
import { describe, expect, it } from 'vitest';
import { createExpiringLru } from '../../functions/health/expiring-lru.ts';

function setup(capacity: number, idleMs: number, priority?: (value: number) => number) {
  let clock = 1_000_000;
  const lru = createExpiringLru<number>({ capacity, idleMs, now: () => clock, ...(priority ? { priority } : {}) });
  return { lru, advance: (ms: number) => (clock += ms) };
}

describe('createExpiringLru', () => {
  it('holds at most its capacity, forgetting the least recently set first', () => {
    const { lru } = setup(3, 60_000);
    for (let index = 0; index < 1_000; index += 1) lru.set(`openai/invented-${index}`, index);
    expect(lru.keys()).toHaveLength(3);
    expect(lru.keys()).toEqual(['openai/invented-997', 'openai/invented-998', 'openai/invented-999']);
    expect(lru.peek('openai/invented-0')).toBeUndefined();
    expect(lru.peek('openai/invented-999')).toBe(999);
  });

  it('keeps what is set again, and reading does not count as use', () => {
    const { lru } = setup(2, 60_000);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.peek('a');
    lru.set('c', 3);
    expect(lru.keys()).toEqual(['b', 'c']);
    lru.set('b', 20);
    lru.set('d', 4);
    expect(lru.keys()).toEqual(['b', 'd']);
    expect(lru.peek('b')).toBe(20);
  });

  it('forgets an entry left unset for idleMs, whether or not anything else is set', () => {
    const { lru, advance } = setup(10, 60_000);
    lru.set('old', 1);
    advance(30_000);
    lru.set('newer', 2);
    advance(29_999);
    expect(lru.peek('old')).toBe(1);
    advance(1);
    expect(lru.peek('old')).toBeUndefined();
    expect(lru.keys()).toEqual(['newer']);
    advance(30_000);
    expect(lru.keys()).toEqual([]);
  });

  it('makes room with the lowest priority first, never with an entry of priority Infinity, and refuses a new one when nothing else can go', () => {
    // The value is its priority.
    const { lru, advance } = setup(3, 60_000, (value) => value);
    lru.set('kept', Infinity);
    lru.set('high', 1);
    lru.set('low', 0);
    expect(lru.set('new', 0)).toBe(true);
    expect(lru.keys()).toEqual(['kept', 'high', 'new']);
    expect(lru.set('newer', 5)).toBe(true);
    expect(lru.keys()).toEqual(['kept', 'high', 'newer']);
    expect(lru.set('newest', 0)).toBe(true);
    expect(lru.keys()).toEqual(['kept', 'newer', 'newest']);
    lru.set('newer', Infinity);
    lru.set('newest', Infinity);
    expect(lru.set('refused', 0)).toBe(false);
    expect(lru.set('refused too', Infinity)).toBe(false);
    expect(lru.keys()).toEqual(['kept', 'newer', 'newest']);
    // Idleness does not take one of priority Infinity either.
    advance(120_000);
    expect(lru.peek('kept')).toBe(Infinity);
  });
});
