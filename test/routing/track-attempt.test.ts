/** What one attempt leaves in the target's health and breaker: only what the provider did. */
import { describe, expect, it } from 'vitest';
import type { HealthSample } from '../../functions/health/health-sample.ts';
import { clientClosedRequest, upstreamStatusError, upstreamTimeout } from '../../functions/providers/upstream/upstream-errors.ts';
import { createCircuitBreakers } from '../../functions/routing/circuit-breaker.ts';
import { trackAttempt } from '../../functions/routing/track-attempt.ts';

const TARGET = 'openai/gpt-4o-mini';
const FAILURES = 5;

/** `FAILURES` attempts in a row ending with `error`: the samples they left and the breaker after them. */
function endAttempts(error: unknown, circumstances: { callerSetTimeout?: boolean } = {}) {
  const samples: HealthSample[] = [];
  const breakers = createCircuitBreakers({ settings: { consecutiveFailures: FAILURES }, now: () => 0 });
  for (let i = 0; i < FAILURES; i++) {
    expect(breakers.tryAcquire(TARGET)).toBe(true);
    trackAttempt(TARGET, { record: (sample) => samples.push(sample), breakers, ...circumstances }).end(error);
  }
  return { samples, breaker: breakers.view(TARGET).state };
}

describe('trackAttempt', () => {
  it("counts the provider's failures, and enough of them open the breaker", () => {
    expect(endAttempts(upstreamStatusError('openai', 500, { message: 'down' }, null))).toMatchObject({ samples: Array(FAILURES).fill(expect.objectContaining({ outcome: '5xx' })), breaker: 'open' });
    expect(endAttempts(upstreamTimeout('openai', 60_000, 'response'))).toMatchObject({ samples: Array(FAILURES).fill(expect.objectContaining({ outcome: 'timeout' })), breaker: 'open' });
  });

  it('counts nothing for a failure inside the gateway, a client that left, or a timeout the caller set', () => {
    expect(endAttempts(new RangeError('Maximum call stack size exceeded'))).toEqual({ samples: [], breaker: 'closed' });
    expect(endAttempts(clientClosedRequest())).toEqual({ samples: [], breaker: 'closed' });
    expect(endAttempts(upstreamTimeout('openai', 750, 'response'), { callerSetTimeout: true })).toEqual({ samples: [], breaker: 'closed' });
  });
});
