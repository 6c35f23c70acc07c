/**
 * How long a route and each of its attempts may take, so that a failing or hanging target leaves
 * time for the next one:
 * - the route's deadline, after which no attempt starts: the caller's SLA when it states one;
 *   otherwise twice the upstream timeout, room for a failover after an attempt that used all of one;
 * - an attempt: at most the upstream timeout; for a stream whose target's time to first byte is
 *   known, 5 times its p99 (at least 10 s, plus 1 s per 10k prompt tokens, which take longer to
 *   read), so that a provider that hangs is left in seconds rather than minutes; with an SLA, an
 *   attempt that another could follow gets three quarters of the time left, so that one has some,
 *   and the last chance runs to its own limit: a late answer serves the caller better than a 504
 *   (a caller who wants a hard limit sets its client's timeout). An attempt the SLA cut shorter than
 *   the gateway's own limit says so: its timeout is the caller's, not the provider's failure.
 */
import type { RouteTarget } from './route-target.ts';
import type { RoutingPreferences } from './routing-preferences.ts';

export interface RouteLimits {
  /** Epoch ms by which the answer must have started. */
  deadline: number;
  sla: boolean;
  stream: boolean;
}

export function routeLimits(preferences: RoutingPreferences, stream: boolean, now: number, upstreamTimeoutMs: number): RouteLimits {
  const sla = preferences.maxFirstTokenMs ?? preferences.maxLatencyMs;
  return { deadline: now + (sla ?? 2 * upstreamTimeoutMs), sla: sla !== undefined, stream };
}

export interface AttemptTimeoutInput {
  limits: RouteLimits;
  promptTokens: number;
  upstreamTimeoutMs: number;
  /** The target's p99 time to first byte, when enough calls measured it. */
  firstByteP99: (target: string) => number | undefined;
}

export interface AttemptLimit {
  timeoutMs: number;
  /** The caller's SLA set it, below the gateway's own limit. */
  setByCaller: boolean;
}

export function attemptTimeout({ limits, promptTokens, upstreamTimeoutMs, firstByteP99 }: AttemptTimeoutInput) {
  return (target: RouteTarget, { remainingMs, lastChance }: { remainingMs: number; lastChance: boolean }): AttemptLimit => {
    let own = upstreamTimeoutMs;
    const p99 = limits.stream ? firstByteP99(target.id) : undefined;
    if (p99 !== undefined) own = Math.min(own, Math.max(5 * p99, 10_000 + (promptTokens / 10_000) * 1_000));
    if (lastChance) return { timeoutMs: own, setByCaller: false };
    // Without an SLA the deadline is the gateway's own (twice its upstream timeout).
    const room = limits.sla ? remainingMs * 0.75 : remainingMs;
    return room < own ? { timeoutMs: room, setByCaller: limits.sla } : { timeoutMs: own, setByCaller: false };
  };
}
