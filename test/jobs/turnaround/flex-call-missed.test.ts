/** Which flex calls that did not answer are recorded as flex's misses: only what flex (the provider) did. */
import { describe, expect, it } from 'vitest';
import { clientClosedRequest, upstreamStatusError, upstreamTimeout, upstreamUnreachable } from '../../../functions/providers/upstream/upstream-errors.ts';
import { flexCallMissed } from '../../../functions/jobs/turnaround/flex-call-missed.ts';

const running = new AbortController().signal;

describe('flexCallMissed', () => {
  it('counts the wait running out and the failures a later call might not meet', () => {
    expect(flexCallMissed(clientClosedRequest(), true, running)).toBe(true);
    expect(flexCallMissed(upstreamStatusError('openai', 429, { message: 'Resource unavailable' }, null), false, running)).toBe(true);
    expect(flexCallMissed(upstreamStatusError('openai', 500, { message: 'down' }, null), false, running)).toBe(true);
    expect(flexCallMissed(upstreamTimeout('openai', 60_000, 'response'), false, running)).toBe(true);
    expect(flexCallMissed(upstreamUnreachable('openai', new Error('ECONNRESET')), false, running)).toBe(true);
  });

  it('does not count a refusal of the request or the tier, nor a failure inside the gateway', () => {
    expect(flexCallMissed(upstreamStatusError('openai', 400, { message: "Invalid service_tier 'flex'" }, null), false, running)).toBe(false);
    expect(flexCallMissed(new RangeError('Maximum call stack size exceeded'), false, running)).toBe(false);
  });
});
