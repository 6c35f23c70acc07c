/**
 * How long a target that failed and healed takes to win back its traffic. Only the requests that
 * could go to the target count (it is among their eligible candidates), each at its arrival:
 * - its share before: of those arriving in the `baselineMs` before the failure, the part it served;
 * - back: the first window of `windowMs`, sliding by `stepMs` from the moment its breaker closed,
 *   with at least `minRequests` such arrivals of which it served at least `share` times its share
 *   before, and as much over the `holdMs` from that window's start (so that a few lucky seconds
 *   between two spells without traffic do not count); the time to recover is from the breaker
 *   closing to that window's end.
 */

export const RECOVERY_RULE = { baselineMs: 5 * 60_000, windowMs: 10_000, stepMs: 1_000, share: 0.8, minRequests: 5, holdMs: 60_000 } as const;

export type RecoveryRule = { readonly [K in keyof typeof RECOVERY_RULE]: number };

/** A request the target could have served: when it arrived, and whether the target served it. */
export interface EligibleArrival {
  at: number;
  served: boolean;
}

export interface TrafficShare {
  requests: number;
  served: number;
  share: number;
}

export function shareBetween(arrivals: readonly EligibleArrival[], from: number, until: number): TrafficShare {
  let requests = 0;
  let served = 0;
  for (const arrival of arrivals) {
    if (arrival.at < from || arrival.at >= until) continue;
    requests += 1;
    if (arrival.served) served += 1;
  }
  return { requests, served, share: served / Math.max(1, requests) };
}

export const RECOVERY_DEFINITION = (rule: RecoveryRule = RECOVERY_RULE) =>
  `time from the breaker closing to the end of the first ${rule.windowMs / 1000}-s window (sliding by ${rule.stepMs / 1000} s) in which the target serves ≥ ${rule.share * 100}% of its pre-failure share (the ${rule.baselineMs / 60_000} min before the failure) of the requests it could serve (≥ ${rule.minRequests} of them in the window), and as much over the ${rule.holdMs / 1000} s from the window's start`;

/** Ms from `closedAt` to the end of the first window where the share is back; undefined if it never is before `end`. */
export function timeToShareBack(arrivals: readonly EligibleArrival[], before: TrafficShare, closedAt: number, end: number, rule: RecoveryRule = RECOVERY_RULE): number | undefined {
  const wanted = rule.share * before.share;
  for (let from = closedAt; from + rule.windowMs <= end; from += rule.stepMs) {
    const window = shareBetween(arrivals, from, from + rule.windowMs);
    if (window.requests < rule.minRequests || window.share < wanted) continue;
    if (shareBetween(arrivals, from, Math.min(end, from + rule.holdMs)).share >= wanted) return from + rule.windowMs - closedAt;
  }
  return undefined;
}
