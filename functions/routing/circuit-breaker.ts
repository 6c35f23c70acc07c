/**
 * Circuit breakers, one per target, in one instance's memory, shared through the health matrix.
 *
 * - closed → open: after `consecutiveFailures` failures in a row seen here, or when the recent
 *   window of the shared matrix shows an error rate at or over `errorRate` with at least
 *   `minRequests` calls, or a recent p95 `latencySpike` times the target's own baseline p95;
 * - open → half-open after the cooldown, which doubles (up to `maxCooldownMs`) each time a trial fails;
 * - half-open lets a trickle through: one trial at a time, `trialSpacingMs` apart; `trialSuccesses`
 *   good trials close it, one bad trial opens it again.
 *
 * An instance that opens a breaker reports it (`onOpen`, written to the matrix); the others adopt
 * an open state they read there (`adopt`) until its `until`. After closing, window-based trips wait
 * `windowGraceMs`, so the failures that opened the breaker, still in the window, do not reopen it.
 *
 * From the moment a breaker turns half-open, the outcomes of the calls it sees (its trials, then
 * every call once it closed) are its `recovery`: for `recoveryMemoryMs` (the health window) they,
 * not the window that still holds the failures that opened it, say how the target does now.
 *
 * A breaker is kept only once it has something to remember (a failure, an open state): reading one
 * (`view`, `trialAvailable`, planning's `assess` that trips nothing) and a success on a target
 * without one create nothing, and make nothing recent. With `freeForm`, the breakers of targets
 * outside the catalog (names a client chooses, and may invent) are kept in a bounded map
 * (expiring-lru.ts), each forgotten (closed again) once untouched for `idleMs`: when it is full, a
 * closed one goes first, then a half-open one, the least recently used first; an open one is never
 * dropped before its `until`, and when every one is open, a new target's breaker is not kept. The
 * catalog's breakers are always kept.
 */
import { createExpiringLru } from '../health/expiring-lru.ts';

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface BreakerView {
  state: BreakerState;
  /** Open: when it turns half-open, epoch ms. */
  until?: number;
  reason?: string;
  /** When it last opened, epoch ms: orders shared states. */
  openedAt?: number;
}

export interface BreakerSettings {
  consecutiveFailures: number;
  errorRate: number;
  minRequests: number;
  latencySpike: number;
  minLatencySamples: number;
  cooldownMs: number;
  maxCooldownMs: number;
  trialSpacingMs: number;
  trialSuccesses: number;
  windowGraceMs: number;
  recoveryMemoryMs: number;
}

export const DEFAULT_BREAKER_SETTINGS: BreakerSettings = {
  consecutiveFailures: 5,
  errorRate: 0.5,
  minRequests: 10,
  latencySpike: 4,
  minLatencySamples: 10,
  cooldownMs: 30_000,
  maxCooldownMs: 300_000,
  trialSpacingMs: 2_000,
  trialSuccesses: 2,
  windowGraceMs: 120_000,
  recoveryMemoryMs: 600_000,
};

/** The calls a breaker saw since it last turned half-open (its trials included), while that is recent. */
export interface RecoveryEvidence {
  /** When it turned half-open, epoch ms. */
  since: number;
  calls: number;
  failures: number;
}

/** What the shared matrix says of a target's recent calls, for window-based trips. */
export interface BreakerSignals {
  /** Calls in the recent window. */
  requests: number;
  errorRate: number;
  /** p95 total latency of recent `ok` calls, and the target's own over the long window. */
  recentP95Ms?: number | undefined;
  baselineP95Ms?: number | undefined;
  latencySamples: number;
}

export interface CircuitBreakers {
  view(target: string): BreakerView;
  /** Whether a call may go to the target now; in half-open, granting a trial reserves it. */
  tryAcquire(target: string): boolean;
  /** Whether a half-open target would grant a trial now (without reserving it). */
  trialAvailable(target: string): boolean;
  /** The outcome of a call that `tryAcquire` allowed; `undefined` releases it without counting (the client left). */
  record(target: string, ok: boolean | undefined): void;
  /** Trips on the shared window's error rate or latency spike. */
  assess(target: string, signals: BreakerSignals): void;
  /** Adopts an open state another instance reported. */
  adopt(target: string, shared: BreakerView): void;
  /** What the target did since its breaker last turned half-open, for `recoveryMemoryMs` after; undefined otherwise. */
  recovery(target: string): RecoveryEvidence | undefined;
}

interface Breaker {
  state: BreakerState;
  consecutive: number;
  openedAt: number;
  until: number;
  cooldownMs: number;
  reason: string;
  trialInFlight: boolean;
  lastTrialAt: number;
  trialOks: number;
  closedAt: number;
  recovery?: RecoveryEvidence;
}

export interface CircuitBreakerOptions {
  settings?: Partial<BreakerSettings>;
  now?: () => number;
  onOpen?: (target: string, view: BreakerView) => void;
  /** How breakers of targets outside the catalog are bounded; without it every breaker is kept. */
  freeForm?: { isCatalog: (target: string) => boolean; max: number; idleMs: number };
}

export function createCircuitBreakers(options: CircuitBreakerOptions = {}): CircuitBreakers {
  const settings = { ...DEFAULT_BREAKER_SETTINGS, ...options.settings };
  const now = options.now ?? Date.now;
  const catalogBreakers = new Map<string, Breaker>();
  const { freeForm } = options;
  const others =
    freeForm &&
    createExpiringLru<Breaker>({
      capacity: freeForm.max,
      idleMs: freeForm.idleMs,
      now,
      // Open until `until`: never dropped; half-open (a trial pending): after every closed one.
      priority: (breaker) => (breaker.state === 'open' && now() < breaker.until ? Infinity : breaker.state === 'closed' ? 0 : 1),
    });
  const isFreeForm = (target: string) => others !== undefined && !freeForm!.isCatalog(target);

  /** The target's breaker if one is kept, without making it recent; an open one whose cooldown ended turns half-open. */
  const find = (target: string): Breaker | undefined => {
    const breaker = isFreeForm(target) ? others!.peek(target) : catalogBreakers.get(target);
    if (breaker?.state === 'open' && now() >= breaker.until) {
      breaker.state = 'half_open';
      breaker.trialOks = 0;
      breaker.trialInFlight = false;
      breaker.recovery = { since: now(), calls: 0, failures: 0 };
    }
    if (breaker?.recovery && now() - breaker.recovery.since >= settings.recoveryMemoryMs) delete breaker.recovery;
    return breaker;
  };
  const fresh = (): Breaker => ({ state: 'closed', consecutive: 0, openedAt: 0, until: 0, cooldownMs: settings.cooldownMs, reason: '', trialInFlight: false, lastTrialAt: -Infinity, trialOks: 0, closedAt: -Infinity });
  /** Keeps the breaker as the target's, the most recently used (outside the catalog, unless the map refuses it). */
  const keep = (target: string, breaker: Breaker): void => {
    if (isFreeForm(target)) others!.set(target, breaker);
    else catalogBreakers.set(target, breaker);
  };

  const open = (target: string, breaker: Breaker, reason: string, cooldownMs: number) => {
    const at = now();
    breaker.state = 'open';
    breaker.openedAt = at;
    breaker.cooldownMs = Math.min(cooldownMs, settings.maxCooldownMs);
    breaker.until = at + breaker.cooldownMs;
    breaker.reason = reason;
    breaker.consecutive = 0;
    breaker.trialInFlight = false;
    delete breaker.recovery;
    keep(target, breaker);
    options.onOpen?.(target, viewOf(breaker));
  };

  const close = (breaker: Breaker) => {
    breaker.state = 'closed';
    breaker.consecutive = 0;
    breaker.cooldownMs = settings.cooldownMs;
    breaker.reason = '';
    breaker.closedAt = now();
  };

  return {
    view: (target) => {
      const breaker = find(target);
      return breaker ? viewOf(breaker) : { state: 'closed' };
    },
    tryAcquire(target) {
      const breaker = find(target);
      if (!breaker || breaker.state === 'closed') return true;
      if (breaker.state === 'open') return false;
      if (breaker.trialInFlight || now() - breaker.lastTrialAt < settings.trialSpacingMs) return false;
      breaker.trialInFlight = true;
      breaker.lastTrialAt = now();
      keep(target, breaker);
      return true;
    },
    trialAvailable(target) {
      const breaker = find(target);
      return breaker?.state === 'half_open' && !breaker.trialInFlight && now() - breaker.lastTrialAt >= settings.trialSpacingMs;
    },
    record(target, ok) {
      const found = find(target);
      // A success, or a call the client left, says nothing a closed breaker not kept would remember.
      if (!found && ok !== false) return;
      const breaker = found ?? fresh();
      keep(target, breaker);
      if (breaker.recovery && ok !== undefined && (breaker.state === 'closed' || breaker.trialInFlight)) {
        breaker.recovery.calls += 1;
        if (!ok) breaker.recovery.failures += 1;
      }
      if (breaker.state === 'half_open') {
        if (!breaker.trialInFlight) return;
        breaker.trialInFlight = false;
        if (ok === undefined) return;
        if (!ok) return open(target, breaker, breaker.reason.startsWith(TRIAL_FAILED) ? breaker.reason : `${TRIAL_FAILED}${breaker.reason}`, breaker.cooldownMs * 2);
        breaker.trialOks += 1;
        if (breaker.trialOks >= settings.trialSuccesses) close(breaker);
        return;
      }
      if (breaker.state !== 'closed' || ok === undefined) return;
      breaker.consecutive = ok ? 0 : breaker.consecutive + 1;
      if (breaker.consecutive >= settings.consecutiveFailures) open(target, breaker, `${breaker.consecutive} consecutive failures`, settings.cooldownMs);
    },
    assess(target, signals) {
      // A breaker not kept is closed and long past any grace: it is kept only if this trips it.
      const breaker = find(target) ?? fresh();
      if (breaker.state !== 'closed' || now() - breaker.closedAt < settings.windowGraceMs) return;
      if (signals.requests >= settings.minRequests && signals.errorRate >= settings.errorRate) {
        return open(target, breaker, `error rate ${percent(signals.errorRate)} over ${signals.requests} calls`, settings.cooldownMs);
      }
      const { recentP95Ms, baselineP95Ms } = signals;
      if (
        recentP95Ms !== undefined &&
        baselineP95Ms !== undefined &&
        signals.latencySamples >= settings.minLatencySamples &&
        recentP95Ms > settings.latencySpike * baselineP95Ms
      ) {
        open(target, breaker, `p95 ${Math.round(recentP95Ms)} ms, ${settings.latencySpike}x over its baseline ${Math.round(baselineP95Ms)} ms`, settings.cooldownMs);
      }
    },
    adopt(target, shared) {
      if (shared.state !== 'open' || shared.until === undefined || shared.until <= now()) return;
      const breaker = find(target) ?? fresh();
      if ((shared.openedAt ?? 0) <= breaker.openedAt) return;
      breaker.state = 'open';
      breaker.openedAt = shared.openedAt ?? now();
      breaker.until = shared.until;
      breaker.reason = shared.reason ?? 'opened by another instance';
      breaker.trialInFlight = false;
      delete breaker.recovery;
      keep(target, breaker);
    },
    recovery(target) {
      const recovery = find(target)?.recovery;
      return recovery && { ...recovery };
    },
  };
}

function viewOf(breaker: Breaker): BreakerView {
  if (breaker.state === 'closed') return { state: 'closed' };
  return { state: breaker.state, until: breaker.until, reason: breaker.reason, openedAt: breaker.openedAt };
}

const TRIAL_FAILED = 'trial failed after: ';

const percent = (rate: number) => `${Math.round(rate * 100)}%`;
