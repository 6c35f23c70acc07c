/**
 * The flap, seen from one strategy: when the flapping target's breaker opened and closed, its
 * share of the traffic it could serve before the failure, and how long after its breaker closed
 * that share was back (traffic-recovery.ts). Times are virtual, ms after the run's start.
 */
import type { StrategyRun } from './run-strategy.ts';
import { RECOVERY_DEFINITION, RECOVERY_RULE, shareBetween, timeToShareBack, type EligibleArrival, type TrafficShare } from './traffic-recovery.ts';
import { EVENTS, RUN } from './world.ts';

export const FULLY_BACK = 0.95;

export interface RecoveryMetrics {
  target: string;
  definition: string;
  /** Every change of its breaker state. */
  breaker: Array<{ state: string; atMs: number; reason?: string }>;
  /** The first opening once it failed, and the first closing after that. */
  openedAtMs?: number;
  closedAtMs?: number;
  before: TrafficShare;
  /** From its breaker closing to its share back; absent when it is not back by the end of the run. */
  recoveredAfterMs?: number;
  /** The same with `FULLY_BACK` of its share before: when the failure stops costing it traffic at all. */
  fullyBackAfterMs?: number;
  /** Its share in each minute from its breaker closing (up to 12), to show the shape of the return. */
  minutesAfterClosing: TrafficShare[];
}

/** `run`: with the requests the flapping target could serve (`flapEligibility`). */
export function measureRecovery(run: StrategyRun): RecoveryMetrics {
  const { target, from } = EVENTS.flap;
  const arrivals: EligibleArrival[] = run.outcomes
    .filter((outcome) => run.couldServe.has(outcome.spec.id))
    .map((outcome) => ({ at: outcome.spec.offsetMs, served: outcome.ok && outcome.target === target }));
  const breaker = run.breaker.map(({ at, ...change }) => ({ ...change, atMs: at - RUN.start }));
  const openedAtMs = breaker.find((change) => change.state === 'open' && change.atMs >= from)?.atMs;
  const closedAtMs = openedAtMs === undefined ? undefined : breaker.find((change) => change.state === 'closed' && change.atMs > openedAtMs)?.atMs;
  const before = shareBetween(arrivals, from - RECOVERY_RULE.baselineMs, from);
  const metrics: RecoveryMetrics = { target, definition: RECOVERY_DEFINITION(), breaker, before, minutesAfterClosing: [] };
  if (openedAtMs !== undefined) metrics.openedAtMs = openedAtMs;
  if (closedAtMs === undefined) return metrics;
  metrics.closedAtMs = closedAtMs;
  const recovered = timeToShareBack(arrivals, before, closedAtMs, RUN.durationMs);
  if (recovered !== undefined) metrics.recoveredAfterMs = recovered;
  const fullyBack = timeToShareBack(arrivals, before, closedAtMs, RUN.durationMs, { ...RECOVERY_RULE, share: FULLY_BACK });
  if (fullyBack !== undefined) metrics.fullyBackAfterMs = fullyBack;
  for (let minute = 0; minute < 12 && closedAtMs + (minute + 1) * 60_000 <= RUN.durationMs; minute += 1) {
    metrics.minutesAfterClosing.push(shareBetween(arrivals, closedAtMs + minute * 60_000, closedAtMs + (minute + 1) * 60_000));
  }
  return metrics;
}
