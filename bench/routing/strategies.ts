/**
 * The strategies compared, each as "which targets to try, in order, behind which breakers":
 * - engine: the real router (createRouter: catalog, prices, the health view, real breakers);
 * - always-premium: every request to one premium model;
 * - round-robin: the requested group's eligible candidates in turn (per requested model);
 * - cheapest-only: the eligible candidate with the lowest estimated cost at list price.
 * The baselines have no health awareness and no failover: one target, behind breakers that never
 * open. To be fair they get the same simple retry as the engine at that target (the gateway's
 * attempts per target, backoff and deadline), through the same executeRoute.
 * The engine is wired as create-engine.ts wires it without a store, except for the prompt-cache
 * forecast: the simulated providers do not model prompt caching, so neither does its estimate.
 * "Eligible" applies the real capability and context-window filter to the baselines too: no
 * sensible client sends tools to a model without them, or 150k tokens to a 128k window.
 */
import type { Call } from '../../functions/core/call.ts';
import type { CallProfile } from '../../functions/routing/call-profile.ts';
import { UNRESTRICTED } from '../../functions/routing/caller.ts';
import type { CircuitBreakers } from '../../functions/routing/circuit-breaker.ts';
import { createCircuitBreakers } from '../../functions/routing/circuit-breaker.ts';
import { createRouter } from '../../functions/routing/create-router.ts';
import { expectsReasoning } from '../../functions/routing/expects-reasoning.ts';
import { estimateOutputTokens, inProviderTokens } from '../../functions/routing/estimate-prompt-tokens.ts';
import { targetOf, type RouteTarget } from '../../functions/routing/route-target.ts';
import { estimateCost } from '../../functions/pricing/cost.ts';
import { eligibleTargets } from './eligible-targets.ts';
import type { Environment } from './environment.ts';
import type { HealthView } from './health-view.ts';

export const STRATEGY_NAMES = ['engine', 'always-premium', 'round-robin', 'cheapest-only'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

export const PREMIUM_MODEL = 'anthropic/claude-sonnet-4-5';

export interface Strategy {
  name: StrategyName;
  breakers: CircuitBreakers;
  /** The targets to try, in order, for a call and its profile (made once per request); throws a CallError when none can serve. */
  route(call: Call, profile: CallProfile): RouteTarget[];
  /** A target's p99 time to first byte, as the engine reads it from its health (none for the others). */
  firstByteP99: (target: string) => number | undefined;
}

export interface StrategyDeps {
  env: Environment;
  health: HealthView;
  now: () => number;
}

export function createStrategy(name: StrategyName, { env, health, now }: StrategyDeps): Strategy {
  const { config, resolver, expander, prices } = env;
  const estimateUsd = (target: RouteTarget, { prompt, answer }: CallProfile, at: number) => {
    const price = prices.priceAt(target.id, at);
    if (!price) return undefined;
    const outputTokens = estimateOutputTokens(answer, { reasoning: expectsReasoning(target, answer.reasoning) });
    return estimateCost({ inputTokens: inProviderTokens(prompt, target.provider.id, target.model), expectedOutputTokens: outputTokens }, price);
  };

  switch (name) {
    case 'engine': {
      const breakers = createCircuitBreakers({
        now,
        settings: { consecutiveFailures: config.resilience.breakerFailures, cooldownMs: config.resilience.breakerCooldownMs },
      });
      const router = createRouter({
        config,
        candidates: expander,
        health: health.port,
        breakers,
        now,
        prices: {
          estimateUsd(target, forecast, at) {
            const price = prices.priceAt(target.id, at);
            if (!price) return undefined;
            return estimateCost(
              { inputTokens: forecast.inputTokens, expectedCachedInputTokens: forecast.cachedInputTokens, expectedCacheWriteTokens: forecast.cacheWriteInputTokens, expectedOutputTokens: forecast.outputTokens },
              price,
            );
          },
        },
      });
      // As create-engine.ts reads it: the p99 once 20 calls have a first byte.
      const firstByteP99 = (target: string) => {
        const { ttfb, ttfbHistogram } = health.get(target);
        return ttfbHistogram.count >= 20 && ttfb.p99 !== null ? ttfb.p99 : undefined;
      };
      return { name, breakers, firstByteP99, route: (call, profile) => router.plan({ call, profile, caller: UNRESTRICTED }).targets };
    }
    case 'always-premium': {
      const premium = targetOf(resolver.resolve(PREMIUM_MODEL), config);
      return { name, breakers: neverOpen, firstByteP99: unknownLatency, route: () => [premium] };
    }
    case 'round-robin': {
      const turns = new Map<string, number>();
      return {
        name,
        breakers: neverOpen,
        firstByteP99: unknownLatency,
        route(call, profile) {
          const kept = eligibleTargets(env, call, profile);
          const turn = turns.get(call.model) ?? 0;
          turns.set(call.model, turn + 1);
          return kept.length === 0 ? [] : [kept[turn % kept.length]!];
        },
      };
    }
    case 'cheapest-only':
      return {
        name,
        breakers: neverOpen,
        firstByteP99: unknownLatency,
        route(call, profile) {
          const kept = eligibleTargets(env, call, profile);
          const at = now();
          const ranked = kept.map((target) => ({ target, usd: estimateUsd(target, profile, at) ?? Infinity })).sort((a, b) => a.usd - b.usd);
          return ranked.length === 0 ? [] : [ranked[0]!.target];
        },
      };
  }
}

/** The baselines know nothing of latency: they wait the whole upstream timeout. */
const unknownLatency = (): undefined => undefined;

/** The baselines' breakers: every call goes through. */
const neverOpen: CircuitBreakers = {
  view: () => ({ state: 'closed' }),
  tryAcquire: () => true,
  trialAvailable: () => false,
  record: () => {},
  assess: () => {},
  adopt: () => {},
  recovery: () => undefined,
};
