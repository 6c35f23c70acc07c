/**
 * GET /v1/health: the health of every target the caller may see (health-visibility.ts) over the
 * matrix's window, as this instance sees it (the stored window plus its own latest calls), in
 * OpenAI's list shape. Latencies are milliseconds, times (`until`, `last_probe.at`) Unix seconds
 * as OpenAI's `created`; a value without samples behind it is null. `error_rate` leaves 4xx out
 * (target-health.ts).
 */
import type { BreakerState } from '../../health/breaker-item.ts';
import type { TargetSnapshot } from '../../health/health-matrix.ts';
import type { LatencyStats } from '../../health/target-health.ts';
import type { Caller } from '../../routing/caller.ts';
import type { HttpResponse } from '../http-types.ts';
import { jsonResponse } from '../json-response.ts';

/** The breaker as the route shows it; the breakers' owner decides it (times in epoch ms). */
export type BreakerView = Pick<BreakerState, 'state' | 'until' | 'reason'>;

export interface HealthRouteDeps {
  /** The health of the targets the caller may see. */
  health: (caller: Caller) => TargetSnapshot[];
  /** This instance's breaker for a target; undefined falls back to the stored one, then closed. */
  breakerState: (target: string) => BreakerView | undefined;
}

export function createHealthRoute({ health, breakerState }: HealthRouteDeps): (caller: Caller) => Promise<HttpResponse> {
  return async (caller) => jsonResponse(200, { object: 'list', data: health(caller).map((target) => toEntry(target, breakerState(target.target))) });
}

function toEntry(health: TargetSnapshot, live: BreakerView | undefined) {
  const breaker = live ?? health.breaker ?? { state: 'closed' };
  const probe = health.lastProbe;
  return {
    target: health.target,
    requests: health.requests,
    error_rate: health.errorRate === null ? null : round(health.errorRate, 4),
    latency_ms: { ttfb: percentiles(health.ttfb), total: percentiles(health.total) },
    output_tokens_per_second: health.outputTokensPerSecond === null ? null : round(health.outputTokensPerSecond, 1),
    breaker: {
      state: breaker.state,
      ...(breaker.until !== undefined ? { until: Math.ceil(breaker.until / 1000) } : {}),
      ...(breaker.reason !== undefined ? { reason: breaker.reason } : {}),
    },
    last_probe: probe
      ? {
          outcome: probe.outcome,
          at: Math.floor(probe.at / 1000),
          ttfb_ms: probe.ttfbMs === undefined ? null : Math.round(probe.ttfbMs),
          total_ms: Math.round(probe.totalMs),
          ...(probe.status !== undefined ? { status: probe.status } : {}),
          ...(probe.code !== undefined ? { code: probe.code } : {}),
        }
      : null,
    window_minutes: health.windowMinutes,
  };
}

const percentiles = ({ p50, p95, p99 }: LatencyStats) => ({ p50: ms(p50), p95: ms(p95), p99: ms(p99) });
const ms = (value: number | null) => (value === null ? null : Math.round(value));
const round = (value: number, digits: number) => Number(value.toFixed(digits));
