import { describe, expect, it } from 'vitest';
import { RECOVERY_RULE, shareBetween, timeToShareBack, type EligibleArrival } from '../../bench/routing/traffic-recovery.ts';

/** One eligible request a second over [fromS, untilS), served when `served(second)`. */
const series = (fromS: number, untilS: number, served: (second: number) => boolean): EligibleArrival[] =>
  Array.from({ length: untilS - fromS }, (_, index) => ({ at: (fromS + index) * 1000, served: served(fromS + index) }));

describe('timeToShareBack', () => {
  const before = { requests: 300, served: 300, share: 1 };

  it('is the end of the first 10-s window back at 80% of the share before, from the breaker closing', () => {
    // Nothing for 40 s after closing at 0, then everything: [38 s, 48 s) is the first window with 8 of 10.
    const arrivals = series(0, 600, (second) => second >= 40);
    expect(timeToShareBack(arrivals, before, 0, 600_000)).toBe(48_000);
  });

  it('does not count a few lucky seconds between spells without traffic', () => {
    const arrivals = series(0, 600, (second) => second < 10 || second >= 100);
    expect(timeToShareBack(arrivals, before, 0, 600_000)).toBe(108_000);
    expect(timeToShareBack(arrivals, before, 0, 600_000, { ...RECOVERY_RULE, holdMs: RECOVERY_RULE.windowMs })).toBe(10_000);
  });

  it('measures against the share the target had, not against all the traffic', () => {
    const half = shareBetween(series(-300, 0, (second) => second % 2 === 0), -300_000, 0);
    expect(half.share).toBe(0.5);
    // 2 of every 5 is 80% of a half share.
    expect(timeToShareBack(series(0, 600, (second) => second % 5 < 2), half, 0, 600_000)).toBe(10_000);
    expect(timeToShareBack(series(0, 600, (second) => second % 5 < 1), half, 0, 600_000)).toBeUndefined();
  });

  it('is undefined when the share is not back before the end, and skips windows with too few requests', () => {
    expect(timeToShareBack(series(0, 600, (second) => second >= 595), before, 0, 600_000)).toBeUndefined();
    // Arrivals only every 3 s: 3 or 4 a window, under the 5 a window needs.
    const sparse = series(0, 600, () => true).filter((arrival) => (arrival.at / 1000) % 3 === 0);
    expect(timeToShareBack(sparse, before, 0, 600_000)).toBeUndefined();
    expect(timeToShareBack(sparse, before, 0, 600_000, { ...RECOVERY_RULE, minRequests: 3 })).toBe(10_000);
  });
});
