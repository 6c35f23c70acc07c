/**
 * The decision engine's planning half: from a call (read once into its profile, call-profile.ts),
 * its caller's preferences and key, to the ordered targets to try and the explanation of the
 * choice. Everything it reads is in memory — the catalog, the prices, the health snapshot and the
 * breakers — so planning never waits on I/O.
 */
import type { GatewayConfig } from '../config/load-config.ts';
import type { Call } from '../core/call.ts';
import { CallError } from '../core/call-error.ts';
import { profileCall, type CallProfile } from './call-profile.ts';
import type { Caller } from './caller.ts';
import type { BreakerSignals, BreakerView, CircuitBreakers } from './circuit-breaker.ts';
import { chooseRoute, DEFAULT_CHOICE_SETTINGS, type ChoiceSettings, type RouteChoice, type TargetOutlook } from './choose-route.ts';
import { estimateOutputTokens, inProviderTokens } from './estimate-prompt-tokens.ts';
import { expectsReasoning } from './expects-reasoning.ts';
import { explainRoute } from './explain-route.ts';
import type { CandidateExpander, CandidateSet } from './expand-candidates.ts';
import { filterCandidates, type Exclusion } from './filter-candidates.ts';
import { sinceRecovery } from './health-outlook.ts';
import { assertModelAllowed, modelAllowed } from './model-not-allowed.ts';
import type { RouteTarget } from './route-target.ts';
import type { RoutingPreferences } from './routing-preferences.ts';
import type { ComplexityScore } from './score-complexity.ts';
import type { TokenCountMemo } from './token-count-memo.ts';

/** The health matrix, as the router reads it (breaker state comes from the breakers). */
export interface HealthPort {
  outlook(target: string): Omit<TargetOutlook, 'breaker'>;
  /** What the breakers trip on. */
  breakerSignals(target: string): BreakerSignals;
  /** An open state another instance shared, if any. */
  sharedBreaker(target: string): BreakerView | undefined;
}

export interface TokenForecast {
  inputTokens: number;
  /** Input tokens expected to be read from the provider's prompt cache. */
  cachedInputTokens: number;
  /** Input tokens expected to be written to it. */
  cacheWriteInputTokens: number;
  outputTokens: number;
}

/** The price book, as the router reads it: USD for a forecast at a target, undefined without a price. */
export interface PricePort {
  estimateUsd(target: RouteTarget, forecast: TokenForecast, at: number): number | undefined;
}

/** What the prompt cache is expected to hold of this call at a target. */
export type CacheForecaster = (target: RouteTarget, profile: CallProfile) => { cachedInputTokens: number; cacheWriteInputTokens: number };

export interface RouterDeps {
  config: Pick<GatewayConfig, 'providers'>;
  /** The catalog's models, equivalents and groups, as the candidates of a request's model. */
  candidates: CandidateExpander;
  health: HealthPort;
  prices: PricePort;
  breakers: CircuitBreakers;
  cache?: CacheForecaster;
  settings?: ChoiceSettings;
  now?: () => number;
  /** Counts of long texts each caller sent before, so that its next request is not counted again (token-count-memo.ts). */
  tokenCounts?: TokenCountMemo;
}

export interface PlanInput {
  /** Its model is the one planned for: the cascade plans the call under its groups' names. */
  call: Call;
  /** The call's profile when the caller has it already (the cascade's plans share one); computed here otherwise. */
  profile?: CallProfile;
  /** What the caller asks of the route; the call's own by default. */
  preferences?: RoutingPreferences;
  /** Whose call it is: its key's policy decides which targets it may use. */
  caller: Caller;
}

export interface RoutePlan {
  set: CandidateSet;
  complexity: ComplexityScore | undefined;
  choice: RouteChoice;
  excluded: Exclusion[];
  /** The targets to try, in order. */
  targets: RouteTarget[];
  /** What the plan read of the call (its prompt's tokens among it): the served call's prompt-cache record and attempt timeout read it again. */
  profile: CallProfile;
}

export interface Router {
  /** The ordered targets to try; a 403 when the caller's key may use none that could serve the model. */
  plan(input: PlanInput): RoutePlan;
  /**
   * The same verdict on the model without planning, for a call planned later (a job, at its
   * submission): throws the 403 `plan` would, with `param` naming where the model was given.
   */
  admit(call: Call, caller: Caller, param?: string): void;
  /** `admit`'s verdict without the error: whether the caller's key may use any target that could serve the model. */
  allows(input: Omit<PlanInput, 'preferences'>): boolean;
}

export function createRouter(deps: RouterDeps): Router {
  const expander = deps.candidates;
  const now = deps.now ?? Date.now;

  /** The model's candidates; the complexity score is read for `switchyard/auto` only (and the profile made for it only then, when not planning). */
  const expand = (model: string, profile: () => CallProfile) => {
    let complexity: ComplexityScore | undefined;
    const set = expander.expand(model, () => (complexity = profile().complexity()).score);
    return { set, complexity };
  };

  const profileFor = (call: Call, caller: Caller) => profileCall(call, { remembered: deps.tokenCounts?.forScope(caller.keyDigest) });

  return {
    admit(call, caller, param) {
      const { set } = expand(call.model, () => profileFor(call, caller));
      assertModelAllowed(set, call.model, caller.policy, param);
    },
    allows({ call, profile, caller }) {
      return modelAllowed(expand(call.model, () => profile ?? profileFor(call, caller)).set, caller.policy);
    },
    plan({ call, caller, profile = profileFor(call, caller), preferences = call.preferences }) {
      const { set, complexity } = expand(call.model, () => profile);
      assertModelAllowed(set, call.model, caller.policy);
      const { kept, excluded } = filterCandidates(set.candidates, { needs: profile.needs, residency: preferences.residency, policy: caller.policy }, deps.config);

      const at = now();
      const facts = kept.map((candidate) => {
        const { target } = candidate;
        const inputTokens = inProviderTokens(profile.prompt, target.provider.id, target.model);
        const cache = deps.cache?.(target, profile) ?? { cachedInputTokens: 0, cacheWriteInputTokens: 0 };
        const outputTokens = estimateOutputTokens(profile.answer, { reasoning: expectsReasoning(target, profile.answer.reasoning) });
        const costUsd = deps.prices.estimateUsd(target, { inputTokens, ...cache, outputTokens }, at);
        const shared = deps.health.sharedBreaker(target.id);
        if (shared) deps.breakers.adopt(target.id, shared);
        deps.breakers.assess(target.id, deps.health.breakerSignals(target.id));
        const outlook: TargetOutlook = { ...sinceRecovery(deps.health.outlook(target.id), deps.breakers.recovery(target.id)), breaker: deps.breakers.view(target.id).state };
        return { candidate, costUsd, expectedOutputTokens: outputTokens, outlook };
      });
      // An open breaker takes a target out of the plan; a half-open one stays, scored down, for its trials.
      const open = facts.filter((fact) => fact.outlook.breaker === 'open');
      const choice = chooseRoute(
        facts.filter((fact) => fact.outlook.breaker !== 'open'),
        { preferences, firstChoice: set.kind === 'target' ? set.candidates[0]?.target.id : undefined },
        deps.settings ?? DEFAULT_CHOICE_SETTINGS,
      );
      const allExcluded: Exclusion[] = [
        ...excluded,
        ...open.map((fact): Exclusion => ({ candidate: fact.candidate, kind: 'breaker_open', reason: `breaker open: ${deps.breakers.view(fact.candidate.target.id).reason ?? ''}`.trim() })),
      ];
      const targets = withTrials(choice.order.map((scored) => scored.candidate.target), preferences, deps.breakers);
      const plan: RoutePlan = { set, complexity, choice, excluded: allExcluded, targets, profile };
      if (targets.length === 0) throw noRoute(call.model, plan, preferences, deps.breakers, at);
      return plan;
    },
  };
}

/**
 * A half-open target is the trickle of trial requests that can close its breaker: while its trial
 * slot is free it goes first (a failed trial fails over like any failure; critical requests are
 * never trials), otherwise last.
 */
function withTrials(targets: RouteTarget[], preferences: RoutingPreferences, breakers: CircuitBreakers): RouteTarget[] {
  const halfOpen = (target: RouteTarget) => breakers.view(target.id).state === 'half_open';
  if (!targets.some(halfOpen)) return targets;
  const trial = preferences.criticality === 'critical' ? undefined : targets.find((target) => breakers.trialAvailable(target.id));
  const rest = targets.filter((target) => target !== trial);
  return [...(trial ? [trial] : []), ...rest.filter((target) => !halfOpen(target)), ...rest.filter(halfOpen)];
}

/** Why nothing can serve the request, in the error that fits, with the explanation every routing answer carries. */
function noRoute(model: string, plan: RoutePlan, preferences: RoutingPreferences, breakers: CircuitBreakers, at: number): CallError {
  const error = noRouteError(model, plan.excluded, plan.choice, preferences, breakers, at);
  return error.withHeaders({ 'x-switchyard-route': explainRoute({ plan, attempts: [] }) });
}

function noRouteError(model: string, excluded: Exclusion[], choice: RouteChoice, preferences: RoutingPreferences, breakers: CircuitBreakers, at: number): CallError {
  const reasons = [
    ...excluded.map(({ candidate, reason }) => `${candidate.target.id}: ${reason}`),
    ...choice.overCeiling.map((scored) =>
      scored.costUsd === undefined ? `${scored.candidate.target.id}: no known price` : `${scored.candidate.target.id}: estimated $${scored.costUsd.toPrecision(2)}`,
    ),
  ];
  // A named model whose provider (and every equivalent's) lacks credentials: say what to set.
  const requested = excluded[0];
  if (requested?.candidate.role === 'requested' && choice.overCeiling.length === 0 && excluded.every((exclusion) => exclusion.kind === 'not_configured')) {
    const equivalents = excluded.slice(1).map((exclusion) => `${exclusion.candidate.target.id} (set ${exclusion.setting})`);
    return new CallError({
      status: 400,
      kind: 'invalid_request',
      fault: 'caller',
      code: 'provider_not_configured',
      param: 'model',
      message:
        `The provider '${requested.candidate.target.provider.id}' is not configured on this gateway: set ${requested.setting}.` +
        (equivalents.length > 0 ? ` Nor is any equivalent: ${equivalents.join(', ')}.` : ''),
    });
  }
  // Every target that could serve it is failing (the rest cannot, whatever happens): a 503 to retry, not a 400.
  const open = excluded.filter((exclusion) => exclusion.kind === 'breaker_open');
  if (open.length > 0 && choice.overCeiling.length === 0) {
    const soonest = Math.min(...open.map(({ candidate }) => breakers.view(candidate.target.id).until ?? at + 30_000));
    const seconds = Math.max(1, Math.ceil((soonest - at) / 1000));
    return new CallError({
      status: 503,
      kind: 'overloaded',
      fault: 'gateway',
      code: 'circuit_open',
      message: `Every target for '${model}' that could serve this request is failing and has its circuit breaker open (${reasons.join('; ')}). Retry in ${seconds} s.`,
      headers: { 'retry-after': String(seconds) },
    });
  }
  // The candidates that could serve it all cost more than the caller allows: that is what to change.
  if (choice.overCeiling.length > 0) {
    return new CallError({
      status: 400,
      kind: 'invalid_request',
      fault: 'caller',
      code: 'price_ceiling_unmet',
      param: 'x-switchyard-max-cost-usd',
      message: `No target for '${model}' fits the price ceiling of $${preferences.maxCostUsd}: ${reasons.join('; ')}.`,
    });
  }
  return new CallError({
    status: 400,
    kind: 'invalid_request',
    fault: 'caller',
    code: 'no_eligible_model',
    param: 'model',
    message: `No target for '${model}' can serve this request: ${reasons.join('; ')}.`,
  });
}
