import { describe, expect, it } from 'vitest';
import type { GatewayConfig } from '../../functions/config/load-config.ts';
import { CallError } from '../../functions/core/call-error.ts';
import type { Caller } from '../../functions/routing/caller.ts';
import { UNRESTRICTED } from '../../functions/routing/caller.ts';
import { createCircuitBreakers, DEFAULT_BREAKER_SETTINGS, type BreakerSignals, type BreakerView } from '../../functions/routing/circuit-breaker.ts';
import { createRouter, type HealthPort, type PlanInput } from '../../functions/routing/create-router.ts';
import { explainRoute } from '../../functions/routing/explain-route.ts';
import type { RoutingPreferences } from '../../functions/routing/routing-preferences.ts';
import { createCandidateExpander } from '../../functions/routing/expand-candidates.ts';
import type { TokenCountMemo } from '../../functions/routing/token-count-memo.ts';
import { ALL_KEYS, call, configWith, ids, resolver } from './routing-fixtures.ts';

const START = 1_700_000_000_000;

/** USD per request at each target; a target not listed has no known price. */
const PRICES: Record<string, number> = {
  'openai/gpt-4o-mini': 0.0004,
  'gemini/gemini-2.5-flash-lite': 0.0002,
  'anthropic/claude-haiku-4-5': 0.002,
  'mistral/mistral-small-latest': 0.0003,
  'groq/llama-3.3-70b-versatile': 0.0008,
  'together/meta-llama/Llama-3.3-70B-Instruct-Turbo': 0.0009,
  'deepseek/deepseek-chat': 0.0005,
  'together/deepseek-ai/DeepSeek-V3': 0.0012,
};

type Outlook = ReturnType<HealthPort['outlook']>;
const HEALTHY: Outlook = { requests: 100, errors: 0, weightedRequests: 100, weightedErrors: 0, recentRequests: 10, recentErrors: 0, recentLatencySamples: 0, baselineLatencySamples: 0, ttfbSamples: 0, totalSamples: 0 };

function setup(
  config: GatewayConfig,
  health: { signals?: Record<string, Partial<BreakerSignals>>; shared?: Record<string, BreakerView>; outlooks?: Record<string, Partial<Outlook>> } = {},
  tokenCounts?: TokenCountMemo,
) {
  let clock = START;
  const breakers = createCircuitBreakers({ now: () => clock });
  const router = createRouter({
    config,
    candidates: createCandidateExpander(config.catalog, config, resolver),
    breakers,
    now: () => clock,
    health: {
      outlook: (target) => ({ ...HEALTHY, ...health.outlooks?.[target] }),
      breakerSignals: (target) => ({ requests: 0, errorRate: 0, latencySamples: 0, ...health.signals?.[target] }),
      sharedBreaker: (target) => health.shared?.[target],
    },
    prices: { estimateUsd: (target) => PRICES[target.id] },
    ...(tokenCounts && { tokenCounts }),
  });
  const trip = (target: string) => {
    for (let i = 0; i < 5; i += 1) breakers.record(target, false);
  };
  return { router, breakers, trip, advance: (ms: number) => (clock += ms) };
}

const input = (model: string, preferences: Partial<RoutingPreferences> = {}, fields: Record<string, unknown> = {}): PlanInput => ({
  call: call({ model, ...fields }),
  preferences: { criticality: 'standard', cascade: false, ...preferences },
  caller: UNRESTRICTED,
});

/** A key whose policy allows the targets `allows` says. */
const keyAllowing = (allows: (target: string) => boolean): Caller => ({ keyDigest: 'a'.repeat(64), policy: { allows, names: () => false } });

function planError(call: () => unknown): CallError {
  try {
    call();
  } catch (error) {
    if (error instanceof CallError) return error;
    throw error;
  }
  throw new Error('expected the plan to fail');
}

const full = configWith(ALL_KEYS);

describe('createRouter: the prompt counts it remembers', () => {
  it("profiles each call with its caller's remembered counts, in admit, allows and plan", () => {
    const scopes: Array<string | undefined> = [];
    const { router } = setup(full, {}, { forScope: (scope) => (scopes.push(scope), { get: () => undefined, set: () => {} }) });
    const caller = keyAllowing(() => true);
    // switchyard/auto reads the call's profile to choose its group; a named group needs none.
    router.admit(call({ model: 'switchyard/auto' }), caller, 'model');
    router.allows({ call: call({ model: 'switchyard/auto' }), caller });
    router.plan({ ...input('switchyard/fast'), caller });
    router.plan(input('switchyard/fast'));

    expect(scopes).toEqual([caller.keyDigest, caller.keyDigest, caller.keyDigest, UNRESTRICTED.keyDigest]);
  });
});

describe('createRouter: plan', () => {
  it('orders a group by expected cost', () => {
    const plan = setup(full).router.plan(input('switchyard/fast'));
    expect(plan.set).toMatchObject({ kind: 'group', group: 'fast' });
    expect(ids(plan.targets)).toEqual(['gemini/gemini-2.5-flash-lite', 'mistral/mistral-small-latest', 'openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5']);
    expect(plan.excluded).toEqual([]);
    expect(plan.choice.reason).toBe('cheapest feasible');
    // The prompt's tokens are the profile's, said once.
    expect(plan.profile.prompt.total).toBeGreaterThan(0);
    expect(plan).not.toHaveProperty('promptTokens');
  });

  it('leaves out providers without credentials and keeps the reason', () => {
    const plan = setup(configWith({ OPENAI_API_KEY: 'sk', ANTHROPIC_API_KEY: 'sk' })).router.plan(input('switchyard/fast'));
    expect(ids(plan.targets)).toEqual(['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5']);
    expect(plan.excluded.map((exclusion) => [exclusion.candidate.target.id, exclusion.kind])).toEqual([
      ['gemini/gemini-2.5-flash-lite', 'not_configured'],
      ['mistral/mistral-small-latest', 'not_configured'],
    ]);
  });

  it('scores switchyard/auto and routes to its tier', () => {
    const plan = setup(full).router.plan(input('switchyard/auto'));
    expect(plan.complexity?.score).toBeLessThanOrEqual(0.3);
    expect(plan.set).toMatchObject({ kind: 'auto', group: 'fast' });
  });

  it("applies the key's policy", () => {
    const plan = setup(full).router.plan({ ...input('switchyard/fast'), caller: keyAllowing((target) => target.startsWith('anthropic/')) });
    expect(ids(plan.targets)).toEqual(['anthropic/claude-haiku-4-5']);
    expect(plan.excluded.every((exclusion) => exclusion.kind === 'not_allowed')).toBe(true);
  });

  it('serves a model through an equivalent the key may use when it may not use the model itself', () => {
    const plan = setup(full).router.plan({ ...input('deepseek/deepseek-chat'), caller: keyAllowing((target) => target.startsWith('together/')) });
    expect(ids(plan.targets)).toEqual(['together/deepseek-ai/DeepSeek-V3']);
  });

  it('refuses with a 403 naming the model when the key may use none of the targets that serve it, planned now or admitted for later', () => {
    const { router } = setup(full);
    const caller = keyAllowing((target) => target === 'openai/gpt-4o-mini');
    for (const refuse of [
      () => router.plan({ ...input('deepseek/deepseek-chat'), caller }),
      () => router.admit(call({ model: 'deepseek/deepseek-chat' }), caller),
    ]) {
      const error = planError(refuse);
      expect(error).toMatchObject({ status: 403, kind: 'permission', fault: 'caller', code: 'model_not_allowed', param: 'model' });
      expect(error.message).toBe(
        "The model 'deepseek/deepseek-chat' is not allowed for this API key: its policy allows none of the targets that serve it (deepseek/deepseek-chat, together/deepseek-ai/DeepSeek-V3).",
      );
    }
    expect(planError(() => router.admit(call({ model: 'openai/ft:gpt-4o:other' }), caller, 'requests[2].model'))).toMatchObject({ status: 403, param: 'requests[2].model' });
    expect(() => router.admit(call({ model: 'switchyard/fast' }), caller)).not.toThrow();
    expect(() => router.admit(call({ model: 'deepseek/deepseek-chat' }), UNRESTRICTED)).not.toThrow();
    // The 403 comes before any other verdict: a key is not told which of its forbidden targets would have fitted.
    expect(planError(() => router.plan({ ...input('deepseek/deepseek-chat', { residency: ['eu'] }), caller })).status).toBe(403);
  });

  it('admits switchyard/auto by the group its complexity picks, as the plan would', () => {
    const { router } = setup(full);
    const caller = keyAllowing((target) => target.startsWith('openai/'));
    expect(() => router.admit(call({ model: 'switchyard/auto' }), caller)).not.toThrow();
    expect(planError(() => router.admit(call({ model: 'switchyard/auto' }), keyAllowing((target) => target.startsWith('xai/'))))).toMatchObject({ status: 403 });
  });

  it('sends a model named with its provider there first, and a model named alone to its cheapest provider, saying which', () => {
    const { router } = setup(full);
    const named = router.plan(input('together/meta-llama/Llama-3.3-70B-Instruct-Turbo'));
    expect(named.set.kind).toBe('target');
    expect(ids(named.targets)).toEqual(['together/meta-llama/Llama-3.3-70B-Instruct-Turbo', 'groq/llama-3.3-70b-versatile']);
    expect(explainRoute({ plan: named, attempts: [] })).toMatch(/^none; reason="provider named: first choice"/);
    const open = router.plan(input('llama-3.3-70b'));
    expect(open.set.kind).toBe('model');
    expect(ids(open.targets)).toEqual(['groq/llama-3.3-70b-versatile', 'together/meta-llama/Llama-3.3-70B-Instruct-Turbo']);
    expect(explainRoute({ plan: open, attempts: [] })).toMatch(/^none; reason="model named, provider open: cheapest feasible"/);
  });

  it('gives a target whose breaker closed after good trials its traffic back at once, whatever failures the window still holds', () => {
    const GROQ = 'groq/llama-3.3-70b-versatile';
    const failures = { requests: 12, errors: 10, weightedRequests: 12, weightedErrors: 10, recentRequests: 12, recentErrors: 10 };
    const { router, breakers, trip, advance } = setup(full, { outlooks: { [GROQ]: failures } });
    expect(ids(router.plan(input('llama-3.3-70b')).targets)[0]).toBe('together/meta-llama/Llama-3.3-70B-Instruct-Turbo');
    trip(GROQ);
    advance(DEFAULT_BREAKER_SETTINGS.cooldownMs);
    for (const _trial of [1, 2]) {
      expect(breakers.tryAcquire(GROQ)).toBe(true);
      breakers.record(GROQ, true);
      advance(DEFAULT_BREAKER_SETTINGS.trialSpacingMs);
    }
    expect(breakers.view(GROQ).state).toBe('closed');
    const plan = router.plan(input('llama-3.3-70b'));
    expect(ids(plan.targets)[0]).toBe(GROQ);
    expect(plan.choice.order[0]?.degraded).toBeUndefined();
  });

  it('takes a target with an open breaker out of the plan, naming why', () => {
    const route = setup(full);
    route.trip('gemini/gemini-2.5-flash-lite');
    const plan = route.router.plan(input('switchyard/fast'));
    expect(ids(plan.targets)).not.toContain('gemini/gemini-2.5-flash-lite');
    expect(plan.excluded).toMatchObject([{ kind: 'breaker_open', reason: 'breaker open: 5 consecutive failures', candidate: { target: { id: 'gemini/gemini-2.5-flash-lite' } } }]);
  });

  it('adopts an open state another instance shared, and trips on the window the matrix reports', () => {
    const route = setup(full, {
      shared: { 'gemini/gemini-2.5-flash-lite': { state: 'open', until: START + 20_000, openedAt: START - 10_000, reason: 'opened elsewhere' } },
      signals: { 'mistral/mistral-small-latest': { requests: 20, errorRate: 0.9 } },
    });
    const plan = route.router.plan(input('switchyard/fast'));
    expect(ids(plan.targets)).toEqual(['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5']);
    expect(plan.excluded.map((exclusion) => exclusion.reason)).toEqual(['breaker open: opened elsewhere', 'breaker open: error rate 90% over 20 calls']);
  });
});

describe('createRouter: when no target is left', () => {
  it('names the variable to set for a model whose provider has no credentials, and its equivalents', () => {
    const error = planError(() => setup(configWith()).router.plan(input('groq/llama-3.3-70b-versatile')));
    expect(error).toMatchObject({ status: 400, code: 'provider_not_configured', param: 'model' });
    expect(error.message).toBe(
      "The provider 'groq' is not configured on this gateway: set GROQ_API_KEY. Nor is any equivalent: together/meta-llama/Llama-3.3-70B-Instruct-Turbo (set TOGETHER_API_KEY).",
    );
  });

  it('answers 503 circuit_open with a retry-after when every target has its breaker open', () => {
    const route = setup(full);
    route.trip('groq/llama-3.3-70b-versatile');
    route.advance(10_000);
    route.trip('together/meta-llama/Llama-3.3-70B-Instruct-Turbo');
    route.advance(5_000);
    const error = planError(() => route.router.plan(input('groq/llama-3.3-70b-versatile')));
    expect(error).toMatchObject({ status: 503, code: 'circuit_open', headers: { 'retry-after': '15' } });
    expect(error.message).toContain('groq/llama-3.3-70b-versatile: breaker open: 5 consecutive failures');
  });

  it('answers circuit_open, not a 400, when the targets left out for good are only unconfigured providers', () => {
    const route = setup(configWith({ OPENAI_API_KEY: 'sk' }));
    route.trip('openai/gpt-4o-mini');
    route.advance(20_000);
    const error = planError(() => route.router.plan(input('switchyard/fast')));
    expect(error).toMatchObject({ status: 503, code: 'circuit_open', headers: { 'retry-after': '10' } });
  });

  it('answers circuit_open when the open breakers are all that the capabilities left', () => {
    const route = setup(full);
    route.trip('deepseek/deepseek-chat');
    const error = planError(() => route.router.plan(input('deepseek/deepseek-chat', {}, { response_format: { type: 'json_schema', json_schema: { name: 'a', schema: {} } } })));
    // together/deepseek-ai/DeepSeek-V3 has no json_schema: only the open breaker stands in the way.
    expect(error).toMatchObject({ status: 503, code: 'circuit_open' });
  });

  it('answers price_ceiling_unmet when every target costs more than the ceiling', () => {
    const error = planError(() => setup(full).router.plan(input('deepseek/deepseek-chat', { maxCostUsd: 0.0001 })));
    expect(error).toMatchObject({ status: 400, code: 'price_ceiling_unmet', param: 'x-switchyard-max-cost-usd' });
    expect(error.message).toContain('$0.0001');
    expect(error.message).toContain('deepseek/deepseek-chat: estimated $0.00050');
    expect(error.message).toContain('together/deepseek-ai/DeepSeek-V3: estimated $0.0012');
  });

  it('counts a target without a known price as over the ceiling', () => {
    const error = planError(() => setup(full).router.plan(input('openai/gpt-9-experimental', { maxCostUsd: 1 })));
    expect(error).toMatchObject({ code: 'price_ceiling_unmet' });
    expect(error.message).toContain('openai/gpt-9-experimental: no known price');
  });

  it('answers no_eligible_model listing every reason', () => {
    const vision = { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }] };
    const error = planError(() => setup(configWith({ DEEPSEEK_API_KEY: 'd' })).router.plan(input('deepseek/deepseek-chat', {}, vision)));
    expect(error).toMatchObject({ status: 400, code: 'no_eligible_model', param: 'model' });
    expect(error.message).toBe(
      "No target for 'deepseek/deepseek-chat' can serve this request: deepseek/deepseek-chat: no vision support; together/deepseek-ai/DeepSeek-V3: together is not configured (set TOGETHER_API_KEY).",
    );
  });

  it('answers no_eligible_model for a residency no target meets', () => {
    const error = planError(() => setup(full).router.plan(input('deepseek/deepseek-chat', { residency: ['eu'] })));
    expect(error).toMatchObject({ status: 400, code: 'no_eligible_model' });
    expect(error.message).toContain('deepseek/deepseek-chat: region cn is outside eu');
  });
});
