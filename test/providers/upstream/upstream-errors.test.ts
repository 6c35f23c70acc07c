import { describe, expect, it } from 'vitest';
import { upstreamStatusError } from '../../../functions/providers/upstream/upstream-errors.ts';

const retryAfter = (header: string | null, status = 429, info = {}) => upstreamStatusError('openai', status, info, header).headers['retry-after'];

describe("a provider's retry-after", () => {
  it('is passed on as seconds or as an HTTP date', () => {
    expect(retryAfter('7')).toBe('7');
    expect(retryAfter(' 30 ', 503)).toBe('30');
    expect(retryAfter('0.5')).toBe('0.5');
    expect(retryAfter('Wed, 21 Oct 2015 07:28:00 GMT')).toBe('Wed, 21 Oct 2015 07:28:00 GMT');
  });

  it('is not passed on when it is anything else, the body\'s own delay taking its place', () => {
    expect(retryAfter('sk-proj-Q7vZ3kLm9PqR2sT8uV4wMZQA')).toBeUndefined();
    expect(retryAfter('30 (key ****d569)')).toBeUndefined();
    expect(retryAfter('tomorrow')).toBeUndefined();
    expect(retryAfter('xa***XY', 429, { retryAfterSeconds: 12.2 })).toBe('13');
  });
});
