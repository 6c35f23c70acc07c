import { describe, expect, it } from 'vitest';
import { wilsonLowerBound } from '../../functions/routing/wilson-lower-bound.ts';

const Z = 2.326;

describe('wilsonLowerBound', () => {
  it('matches the textbook interval', () => {
    // 1 in 3 at one-sided 99%: (1/3 + z²/6 − z·√(2/27 + z²/36)) / (1 + z²/3).
    const expected = (1 / 3 + Z ** 2 / 6 - Z * Math.sqrt(2 / 27 + Z ** 2 / 36)) / (1 + Z ** 2 / 3);
    expect(wilsonLowerBound(1, 3, Z)).toBeCloseTo(expected, 12);
    expect(wilsonLowerBound(1, 3, Z)).toBeCloseTo(0.0476, 3);
  });

  it('stays near zero on a few calls, and approaches the observed rate with many', () => {
    expect(wilsonLowerBound(1, 6, Z)).toBeLessThan(0.03);
    expect(wilsonLowerBound(300, 1000, Z)).toBeGreaterThan(0.26);
    expect(wilsonLowerBound(300, 1000, Z)).toBeLessThan(0.3);
  });

  it('is 0 without trials or events, and takes fractional counts', () => {
    expect(wilsonLowerBound(0, 0, Z)).toBe(0);
    expect(wilsonLowerBound(0, 50, Z)).toBeCloseTo(0, 12);
    expect(wilsonLowerBound(2.5, 5, Z)).toBeGreaterThan(wilsonLowerBound(1.25, 2.5, Z));
  });
});
