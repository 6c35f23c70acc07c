import { describe, expect, it } from 'vitest';
import { upstreamStatusError } from '../../../functions/providers/upstream/upstream-errors.ts';

const retryAfter = (header: string | null, status = 429, info = {}) => upstreamStatusError('openai', status, info, header).headers['retry-after'];

describe("a provider's retry-after", () => {
  it('is passed on as seconds or as an HTTP date', () => {
    expect(retryAfter('7')).toBe('7');
    expect(retryAfter(' 30 ', 503)).toBe('30');
    expect(retryAfter('Wed, 21 Oct 2015 07:28:00 GMT')).toBe('Wed, 21 Oct 2015 07:28:00 GMT');
  });

  it('is passed on as RFC 9110 allows seconds, whole and not negative, rounded up and at most a day, while the gateway keeps the exact wait', () => {
    expect(retryAfter('0.5')).toBe('1');
    expect(retryAfter('1.5')).toBe('2');
    expect(retryAfter('-1')).toBe('0');
    expect(retryAfter('1000000000000000000000')).toBe('86400');
    expect(retryAfter(null, 429, { retryAfterSeconds: 0.25 })).toBe('1');
    expect(upstreamStatusError('openai', 429, {}, '1.5').retryAfterSeconds).toBe(1.5);
    expect(upstreamStatusError('openai', 429, {}, '-1').retryAfterSeconds).toBe(-1);
    expect(upstreamStatusError('openai', 429, {}, 'Wed, 21 Oct 2015 07:28:00 GMT').retryAfterSeconds).toBeUndefined();
  });

  it('is not passed on when it is anything else, the body\'s own delay taking its place', () => {
    expect(retryAfter('sk-proj-Q7vZ3kLm9PqR2sT8uV4wMZQA')).toBeUndefined();
    expect(retryAfter('30 (key ****d569)')).toBeUndefined();
    expect(retryAfter('tomorrow')).toBeUndefined();
    expect(retryAfter('xa***XY', 429, { retryAfterSeconds: 12.2 })).toBe('13');
  });
});
