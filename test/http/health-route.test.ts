/** GET /v1/health, called directly with a matrix of known contents. */
import { describe, expect, it } from 'vitest';
import { aggregateHealthSamples } from '../../functions/health/aggregate-health-samples.ts';
import type { TargetSnapshot } from '../../functions/health/health-matrix.ts';
import type { HealthSample } from '../../functions/health/health-sample.ts';
import { targetHealth } from '../../functions/health/target-health.ts';
import { createHealthRoute, type BreakerView } from '../../functions/http/routes/health.ts';
import { UNRESTRICTED } from '../../functions/routing/caller.ts';

const minute = Date.parse('2026-03-01T12:30:00Z');
const sample = (fields: Partial<HealthSample>): HealthSample => ({ target: 'openai/gpt-4o-mini', outcome: 'ok', ttfbMs: 150, totalMs: 1000, outputTokens: 30, at: minute, ...fields });

const busy: TargetSnapshot = {
  ...targetHealth('openai/gpt-4o-mini', aggregateHealthSamples([sample({}), sample({}), sample({ outcome: '5xx', ttfbMs: undefined, totalMs: 40 })]), minute - 9 * 60_000, 10),
  breaker: { state: 'open', changedAt: minute, openedAt: minute, until: minute + 30_500, reason: 'error rate 0.5' },
  lastProbe: { target: 'openai/gpt-4o-mini', outcome: 'timeout', at: minute + 1500, totalMs: 20_000.4, status: 504, code: 'upstream_timeout' },
};
const idle: TargetSnapshot = targetHealth('anthropic/claude-haiku-4-5', [], minute - 9 * 60_000, 10);

async function call(breakerState: (target: string) => BreakerView | undefined) {
  const route = createHealthRoute({ health: () => [busy, idle], breakerState });
  const response = await route(UNRESTRICTED);
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toBe('application/json');
  return JSON.parse(response.body as string) as { object: string; data: Array<Record<string, unknown>> };
}

describe('GET /v1/health', () => {
  it('lists every target with its window, latencies, breaker and last probe, null where nothing was measured', async () => {
    const body = await call(() => undefined);
    expect(body).toEqual({
      object: 'list',
      data: [
        {
          target: 'openai/gpt-4o-mini',
          requests: 3,
          error_rate: 0.3333,
          latency_ms: { ttfb: { p50: 150, p95: 195, p99: 199 }, total: { p50: 1200, p95: 1560, p99: 1592 } },
          output_tokens_per_second: 30,
          breaker: { state: 'open', until: Math.ceil((minute + 30_500) / 1000), reason: 'error rate 0.5' },
          last_probe: { outcome: 'timeout', at: (minute + 1000) / 1000, ttfb_ms: null, total_ms: 20_000, status: 504, code: 'upstream_timeout' },
          window_minutes: 10,
        },
        {
          target: 'anthropic/claude-haiku-4-5',
          requests: 0,
          error_rate: null,
          latency_ms: { ttfb: { p50: null, p95: null, p99: null }, total: { p50: null, p95: null, p99: null } },
          output_tokens_per_second: null,
          breaker: { state: 'closed' },
          last_probe: null,
          window_minutes: 10,
        },
      ],
    });
  });

  it('shows this instance\'s breaker over the stored one', async () => {
    const body = await call((target) => (target === 'openai/gpt-4o-mini' ? { state: 'half_open' } : { state: 'open', until: 2_000_500 }));
    expect(body.data.map((entry) => entry.breaker)).toEqual([{ state: 'half_open' }, { state: 'open', until: 2001 }]);
  });
});
