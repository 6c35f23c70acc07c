/**
 * The choice among eligible candidates, pure: given each candidate's estimated cost and what the
 * health matrix says of it, order them — the first is sent, the rest are the fallbacks.
 *
 * - Feasible means meeting the caller's SLA with at least the criticality's probability, read
 *   from the target's time-to-first-byte distribution for a request of this size: the whole
 *   answer within L ms when the first byte comes within L − (expected output ÷ its tokens/s).
 *   A target with too few samples has an unknown chance, taken as `unknownChance`.
 * - `standard` sends the cheapest feasible target by expected cost: the estimate divided by the
 *   target's success rate (failures are paid for with retries), raised for a target that is
 *   degrading (error rate or p95 climbing over its own baseline, before its breaker trips), so
 *   traffic moves before requests fail.
 * - Error rates are judged with the uncertainty of their sample: the rate counted against a target
 *   is the lowest its calls still make likely (wilson-lower-bound.ts), over calls weighted by
 *   recency, and never below the prior. A few failures prove little; an incident minutes old fades
 *   as if fewer calls had seen it, so a cheap target is tried again rather than starved of the
 *   traffic that would clear it; and a recovered target (its breaker's trials passed) is judged on
 *   the calls since, not on the failures that opened its breaker.
 * - `critical` sends the most reliable feasible target (success rate times SLA chance), cost only
 *   breaking ties, and keeps a fallback at another provider second in line.
 * - `background` sends the cheapest, trading latency for price unless it named an SLA.
 * Infeasible candidates follow the feasible ones, best chance first: a request is never refused
 * for an SLA it might still meet.
 *
 * A target the caller named with its provider (`firstChoice`) goes first whenever it is feasible
 * and within the price ceiling, whatever its equivalents cost: they are its fallbacks.
 */
import type { BreakerState } from './circuit-breaker.ts';
import type { Candidate } from './expand-candidates.ts';
import type { Criticality, RoutingPreferences } from './routing-preferences.ts';
import { wilsonLowerBound } from './wilson-lower-bound.ts';

/** What the health matrix says of one target. Counts are over the window; `recent` is its last minutes. */
export interface TargetOutlook {
  requests: number;
  errors: number;
  /** The window's calls and errors, recent minutes weighing more (target-health.ts). */
  weightedRequests: number;
  weightedErrors: number;
  recentRequests: number;
  recentErrors: number;
  /** Latency samples behind `recentP95Ms` and `baselineP95Ms`. */
  recentLatencySamples: number;
  baselineLatencySamples: number;
  /** Latency samples behind `ttfbWithin` and `totalWithin`. */
  ttfbSamples: number;
  totalSamples: number;
  /** P(time to first byte ≤ ms), undefined without samples (streamed calls have a first byte). */
  ttfbWithin?: ((ms: number) => number) | undefined;
  /** P(whole answer ≤ ms) over the answers seen, whatever their size; undefined without samples. */
  totalWithin?: ((ms: number) => number) | undefined;
  outputTokensPerSecond?: number | undefined;
  recentP95Ms?: number | undefined;
  baselineP95Ms?: number | undefined;
  breaker: BreakerState;
}

export interface CandidateFacts {
  candidate: Candidate;
  /** Estimated USD for this request, undefined when the target has no known price. */
  costUsd: number | undefined;
  /** Output tokens expected from this target (a reasoning model spends more). */
  expectedOutputTokens: number;
  outlook: TargetOutlook;
}

export interface RouteDemand {
  preferences: RoutingPreferences;
  /** The target the caller named with its provider, first whenever it can serve the request. */
  firstChoice?: string | undefined;
}

export interface ChoiceSettings {
  /** The chance of meeting the SLA a criticality requires. */
  requiredChance: Readonly<Record<Criticality, number>>;
  /** The chance assumed for a target without enough samples. */
  unknownChance: number;
  /** Samples below which a target's latency is unknown. */
  minLatencySamples: number;
  /** Output tokens/s assumed for a target that has not reported its speed. */
  defaultTokensPerSecond: number;
  /** The error rate assumed of any target, the least one is ever counted at. */
  priorErrorRate: number;
  /** The confidence with which rates are judged from samples: a one-sided normal quantile. */
  confidenceZ: number;
  /** A recent error rate (its lower bound) at least this, and twice the target's own, is degrading. */
  degradedErrorRate: number;
  /** Latency samples a recent and a baseline p95 each need before they are compared. */
  minTrendSamples: number;
  /** How much more a degrading target's expected cost counts. */
  degradedPenalty: number;
}

export const DEFAULT_CHOICE_SETTINGS: ChoiceSettings = {
  requiredChance: { critical: 0.99, standard: 0.95, background: 0.5 },
  unknownChance: 0.95,
  minLatencySamples: 5,
  defaultTokensPerSecond: 50,
  priorErrorRate: 0.02,
  confidenceZ: 2.326,
  degradedErrorRate: 0.1,
  minTrendSamples: 10,
  degradedPenalty: 1,
};

export interface ScoredCandidate extends CandidateFacts {
  /** Chance of meeting the SLA; 1 without an SLA. */
  slaChance: number;
  successRate: number;
  /** Whether its calls showed more errors than the prior: the success rate is theirs, not the prior's. */
  errorsCounted: boolean;
  feasible: boolean;
  /** Why it is scored down, when it is degrading. */
  degraded?: string;
  /** Expected cost, penalties included; Infinity without a price. */
  expectedCostUsd: number;
}

export interface RouteChoice {
  order: ScoredCandidate[];
  /** Candidates over the caller's price ceiling. */
  overCeiling: ScoredCandidate[];
  reason: string;
}

export function chooseRoute(facts: readonly CandidateFacts[], demand: RouteDemand, settings: ChoiceSettings = DEFAULT_CHOICE_SETTINGS): RouteChoice {
  const { preferences } = demand;
  const hasSla = preferences.maxLatencyMs !== undefined || preferences.maxFirstTokenMs !== undefined;
  const required = settings.requiredChance[preferences.criticality];
  const scored = facts.map((fact) => score(fact, demand, settings, required));

  const ceiling = preferences.maxCostUsd;
  const overCeiling = ceiling === undefined ? [] : scored.filter((candidate) => candidate.costUsd === undefined || candidate.costUsd > ceiling);
  const affordable = scored.filter((candidate) => !overCeiling.includes(candidate));

  // Array.prototype.sort is stable: equal candidates keep the catalog's order.
  const byCost = (a: ScoredCandidate, b: ScoredCandidate) => a.expectedCostUsd - b.expectedCostUsd || b.slaChance - a.slaChance;
  const byReliability = (a: ScoredCandidate, b: ScoredCandidate) =>
    b.successRate * b.slaChance - a.successRate * a.slaChance || a.expectedCostUsd - b.expectedCostUsd;
  const byChance = (a: ScoredCandidate, b: ScoredCandidate) => b.slaChance - a.slaChance || a.expectedCostUsd - b.expectedCostUsd;

  const feasible = affordable.filter((candidate) => candidate.feasible);
  const infeasible = affordable.filter((candidate) => !candidate.feasible).sort(byChance);
  const critical = preferences.criticality === 'critical';
  feasible.sort(critical ? byReliability : byCost);
  let reason = critical ? 'most reliable feasible' : preferences.criticality === 'background' && !hasSla ? 'cheapest' : 'cheapest feasible';
  if (feasible.length === 0 && infeasible.length > 0) reason = 'no candidate likely to meet the SLA: best chance first';
  if (demand.firstChoice !== undefined) reason = putFirstChoiceFirst(demand.firstChoice, feasible, { infeasible, overCeiling, reason });
  if (critical) keepFallbackAtAnotherProvider(feasible.length > 0 ? feasible : infeasible);
  return { order: [...feasible, ...infeasible], overCeiling, reason };
}

/** Moves the named target to the front of the feasible ones, and says why it is not there when it cannot be. */
function putFirstChoiceFirst(
  id: string,
  feasible: ScoredCandidate[],
  others: { infeasible: readonly ScoredCandidate[]; overCeiling: readonly ScoredCandidate[]; reason: string },
): string {
  const is = (scored: ScoredCandidate) => scored.candidate.target.id === id;
  const index = feasible.findIndex(is);
  if (index >= 0) {
    feasible.unshift(...feasible.splice(index, 1));
    return 'provider named: first choice';
  }
  const why = others.infeasible.some(is) ? 'unlikely to meet the SLA' : others.overCeiling.some(is) ? 'over the price ceiling' : 'unavailable';
  return `provider named but ${why}: ${others.reason}`;
}

function score(fact: CandidateFacts, demand: RouteDemand, settings: ChoiceSettings, required: number): ScoredCandidate {
  const { outlook } = fact;
  const errorRate = errorRateOf(outlook.weightedErrors, outlook.weightedRequests, settings);
  const successRate = 1 - errorRate;
  const slaChance = chanceOfSla(outlook, fact.expectedOutputTokens, demand, settings);
  const degraded = degradation(outlook, settings);
  const penalty = degraded ? 1 + settings.degradedPenalty : 1;
  const expectedCostUsd = fact.costUsd === undefined ? Infinity : (fact.costUsd / Math.max(successRate, 0.01)) * penalty;
  return {
    ...fact,
    slaChance,
    successRate,
    errorsCounted: errorRate > settings.priorErrorRate,
    feasible: slaChance >= required,
    ...(degraded ? { degraded } : {}),
    expectedCostUsd,
  };
}

function chanceOfSla(outlook: TargetOutlook, expectedOutputTokens: number, demand: RouteDemand, settings: ChoiceSettings): number {
  const { maxLatencyMs, maxFirstTokenMs } = demand.preferences;
  if (maxLatencyMs === undefined && maxFirstTokenMs === undefined) return 1;
  // A distribution with too few samples says nothing yet: it is left out, and with neither the chance is a prior.
  const ttfbWithin = outlook.ttfbSamples >= settings.minLatencySamples ? outlook.ttfbWithin : undefined;
  const totalWithin = outlook.totalSamples >= settings.minLatencySamples ? outlook.totalWithin : undefined;
  let chance = 1;
  if (maxFirstTokenMs !== undefined) chance = Math.min(chance, ttfbWithin ? ttfbWithin(maxFirstTokenMs) : settings.unknownChance);
  if (maxLatencyMs !== undefined) {
    // First byte, then this request's expected output at the target's measured speed; and the
    // whole answers seen (non-streaming ones have no first byte of their own), sizes mixed. Both
    // are evidence: the less hopeful one counts.
    if (ttfbWithin) {
      const generationMs = (expectedOutputTokens / (outlook.outputTokensPerSecond ?? settings.defaultTokensPerSecond)) * 1000;
      chance = Math.min(chance, maxLatencyMs > generationMs ? ttfbWithin(maxLatencyMs - generationMs) : 0);
    }
    if (totalWithin) chance = Math.min(chance, totalWithin(maxLatencyMs));
    if (!ttfbWithin && !totalWithin) chance = Math.min(chance, settings.unknownChance);
  }
  return chance;
}

/** The error rate counted against a target: the lowest its calls make likely, never below the prior. */
function errorRateOf(errors: number, calls: number, settings: ChoiceSettings): number {
  return Math.max(settings.priorErrorRate, wilsonLowerBound(errors, calls, settings.confidenceZ));
}

/**
 * Why a target counts as degrading: its recent error rate or p95 well over its own baseline, each
 * judged only on samples that can tell (a single 429 among a few calls is not a trend).
 */
function degradation(outlook: TargetOutlook, settings: ChoiceSettings): string | undefined {
  if (outlook.breaker === 'half_open') return 'breaker half-open';
  const recentRate = errorRateOf(outlook.recentErrors, outlook.recentRequests, settings);
  const baselineRate = errorRateOf(outlook.errors - outlook.recentErrors, outlook.requests - outlook.recentRequests, settings);
  if (recentRate >= settings.degradedErrorRate && recentRate > 2 * baselineRate) {
    return `error rate climbing to ${Math.round((outlook.recentErrors / outlook.recentRequests) * 100)}%`;
  }
  const { recentP95Ms, baselineP95Ms } = outlook;
  const enough = outlook.recentLatencySamples >= settings.minTrendSamples && outlook.baselineLatencySamples >= settings.minTrendSamples;
  if (enough && recentP95Ms !== undefined && baselineP95Ms !== undefined && recentP95Ms > 2 * baselineP95Ms) {
    return `p95 climbing to ${Math.round(recentP95Ms)} ms`;
  }
  return undefined;
}

/** Moves the first candidate at a provider other than the first's into second place. */
function keepFallbackAtAnotherProvider(order: ScoredCandidate[]): void {
  const first = order[0];
  if (!first) return;
  const index = order.findIndex((candidate) => candidate.candidate.target.provider.id !== first.candidate.target.provider.id);
  if (index > 1) order.splice(1, 0, ...order.splice(index, 1));
}
