/** The bounded map behind the state kept for targets outside the catalog, on a hand-driven clock. */
import { describe, expect, it } from 'vitest';
import { createExpiringLru } from '../../functions/health/expiring-lru.ts';

function setup(capacity: number, idleMs: number) {
  let clock = 1_000_000;
  const lru = createExpiringLru<number>({ capacity, idleMs, now: () => clock });
  return { lru, advance: (ms: number) => (clock += ms) };
}

describe('createExpiringLru', () => {
  it('holds at most its capacity, forgetting the least recently set first', () => {
    const { lru } = setup(3, 60_000);
    for (let index = 0; index < 1_000; index += 1) lru.set(`openai/invented-${index}`, index);
    expect(lru.size).toBe(3);
    expect(lru.keys()).toEqual(['openai/invented-997', 'openai/invented-998', 'openai/invented-999']);
    expect(lru.get('openai/invented-0')).toBeUndefined();
    expect(lru.get('openai/invented-999')).toBe(999);
  });

  it('keeps what is set again, and reading does not count as use', () => {
    const { lru } = setup(2, 60_000);
    lru.set('a', 1);
    lru.set('b', 2);
    lru.get('a');
    lru.set('c', 3);
    expect(lru.keys()).toEqual(['b', 'c']);
    lru.set('b', 20);
    lru.set('d', 4);
    expect(lru.keys()).toEqual(['b', 'd']);
    expect(lru.get('b')).toBe(20);
  });

  it('forgets an entry left unset for idleMs, whether or not anything else is set', () => {
    const { lru, advance } = setup(10, 60_000);
    lru.set('old', 1);
    advance(30_000);
    lru.set('newer', 2);
    advance(29_999);
    expect(lru.get('old')).toBe(1);
    advance(1);
    expect(lru.get('old')).toBeUndefined();
    expect(lru.keys()).toEqual(['newer']);
    advance(30_000);
    expect(lru.size).toBe(0);
  });
});
