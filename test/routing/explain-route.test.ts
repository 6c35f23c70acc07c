import { describe, expect, it } from 'vitest';
import { profileCall } from '../../functions/routing/call-profile.ts';
import { chooseRoute, type CandidateFacts } from '../../functions/routing/choose-route.ts';
import type { RoutePlan } from '../../functions/routing/create-router.ts';
import type { Exclusion } from '../../functions/routing/filter-candidates.ts';
import { explainRoute } from '../../functions/routing/explain-route.ts';
import type { RoutingPreferences } from '../../functions/routing/routing-preferences.ts';
import { call, candidateFor } from './routing-fixtures.ts';

const fact = (name: string, costUsd: number | undefined, ttfb?: number): CandidateFacts => ({
  candidate: candidateFor(name),
  costUsd,
  expectedOutputTokens: 0,
  outlook: { requests: 100, errors: 0, weightedRequests: 100, weightedErrors: 0, recentRequests: 10, recentErrors: 0, recentLatencySamples: 0, baselineLatencySamples: 0, ttfbSamples: 100, totalSamples: 0, breaker: 'closed', ...(ttfb === undefined ? {} : { ttfbWithin: () => ttfb }) },
});

function plan(facts: CandidateFacts[], excluded: Exclusion[] = [], preferences: Partial<RoutingPreferences> = {}, set: RoutePlan['set'] = { kind: 'group', group: 'fast', candidates: [] }): RoutePlan {
  const choice = chooseRoute(facts, { preferences: { criticality: 'standard', cascade: false, ...preferences } });
  return { set, complexity: undefined, choice, excluded, targets: choice.order.map((scored) => scored.candidate.target), profile: profileCall(call()) };
}

describe('explainRoute', () => {
  it('names the served target, the reason, the candidates with cost and SLA chance, those left out and the attempts', () => {
    const routePlan = plan(
      [fact('gemini/gemini-2.5-flash-lite', 0.00012345, 0.95), fact('openai/gpt-4o-mini', 1.5, 0.97), fact('openai/gpt-9-experimental', undefined, 1)],
      [{ candidate: candidateFor('mistral/mistral-small-latest'), kind: 'not_configured', reason: 'mistral is not configured (set MISTRAL_API_KEY)', setting: 'MISTRAL_API_KEY' }],
      { maxFirstTokenMs: 500 },
    );
    const header = explainRoute({ plan: routePlan, attempts: [{ target: 'gemini/gemini-2.5-flash-lite', result: 'ok' }], served: 'gemini/gemini-2.5-flash-lite' });
    expect(header).toBe(
      'gemini/gemini-2.5-flash-lite; reason="cheapest feasible"; ' +
        'candidates=gemini/gemini-2.5-flash-lite($0.00012345,sla=0.95) openai/gpt-4o-mini($1.5,sla=0.97) openai/gpt-9-experimental(price?); ' +
        'excluded=mistral/mistral-small-latest(mistral is not configured (set MISTRAL_API_KEY)); ' +
        'attempts=gemini/gemini-2.5-flash-lite:ok',
    );
  });

  it('says what the served request left out, after the cascade and before the candidates', () => {
    const header = explainRoute({
      plan: plan([fact('openai/gpt-4o-mini', 0.0015)]),
      attempts: [{ target: 'openai/gpt-4o-mini', result: 'ok' }],
      served: 'openai/gpt-4o-mini',
      notes: ['code_execution_20250825 tool (openai cannot run it)', 'a "quoted" note'],
    });
    expect(header).toMatch(/; left-out="code_execution_20250825 tool \(openai cannot run it\), a 'quoted' note"; candidates=/);
  });

  it("shows the success rate a target's errors earned it, which its expected cost is divided by", () => {
    const failing: CandidateFacts = { ...fact('gemini/gemini-2.5-flash-lite', 0.001), outlook: { ...fact('openai/gpt-4o-mini', 0).outlook, weightedRequests: 100, weightedErrors: 50 } };
    const header = explainRoute({ plan: plan([failing, fact('openai/gpt-4o-mini', 0.0015)]), attempts: [] });
    expect(header).toMatch(/candidates=openai\/gpt-4o-mini\(\$0\.0015\) gemini\/gemini-2\.5-flash-lite\(\$0\.001,success=0\.6\d\);/);
  });

  it('says a failover happened, and how many attempts failed', () => {
    const routePlan = plan([fact('openai/gpt-4o-mini', 0.001), fact('anthropic/claude-haiku-4-5', 0.002)]);
    const attempts = [
      { target: 'openai/gpt-4o-mini', result: 'upstream_overloaded' },
      { target: 'openai/gpt-4o-mini', result: 'upstream_timeout' },
      { target: 'anthropic/claude-haiku-4-5', result: 'ok' },
    ];
    const header = explainRoute({ plan: routePlan, attempts, served: 'anthropic/claude-haiku-4-5' });
    expect(header).toMatch(/^anthropic\/claude-haiku-4-5; reason="failover after 2 failed attempts; first choice cheapest feasible"; /);
    expect(header).toMatch(/attempts=openai\/gpt-4o-mini:upstream_overloaded openai\/gpt-4o-mini:upstream_timeout anthropic\/claude-haiku-4-5:ok$/);
  });

  it('names no target when none served, and lists the targets over the price ceiling', () => {
    const routePlan = plan([fact('openai/gpt-4o-mini', 0.001), fact('openai/gpt-5', 0.5)], [], { maxCostUsd: 0.01 });
    const header = explainRoute({ plan: routePlan, attempts: [{ target: 'openai/gpt-4o-mini', result: '400' }] });
    expect(header).toMatch(/^none; reason="cheapest feasible"; /);
    expect(header).toContain('excluded=openai/gpt-5(over price ceiling)');
  });

  it('explains switchyard/auto by its complexity and tier, and the cascade when it ran', () => {
    const routePlan = {
      ...plan([fact('openai/gpt-5', 0.01)], [], {}, { kind: 'auto', group: 'frontier', candidates: [] }),
      complexity: { score: 0.7251, features: [] },
    } as RoutePlan;
    const header = explainRoute({ plan: routePlan, attempts: [{ target: 'openai/gpt-5', result: 'ok' }], served: 'openai/gpt-5', cascade: 'escalated: confidence 0.41' });
    expect(header).toContain('reason="auto: complexity 0.73 -> frontier; cheapest feasible"');
    expect(header).toContain('; cascade="escalated: confidence 0.41"; ');
  });

  it('is printable ASCII, with the reason’s double quotes made single', () => {
    const routePlan = plan([fact('openai/gpt-4o-mini', 0.001)], [{ candidate: candidateFor('mistral/mistral-small-latest'), kind: 'residency', reason: 'région "eu" → 🇪🇺\r\n' }]);
    routePlan.choice.reason = 'the "cheapest" one';
    const header = explainRoute({ plan: routePlan, attempts: [], served: 'openai/gpt-4o-mini' });
    expect(header).toMatch(/^[\x20-\x7e]*$/);
    expect(header).toContain(`reason="the 'cheapest' one"`);
    expect(header).toContain('mistral/mistral-small-latest(r?gion "eu" ? ??????)');
  });

  it('never writes a cost with an exponent', () => {
    const header = explainRoute({ plan: plan([fact('openai/gpt-4o-mini', 1.234e-9), fact('openai/gpt-5', 0)]), attempts: [] });
    expect(header).toContain('openai/gpt-4o-mini($0.000000001234)');
    expect(header).toContain('openai/gpt-5($0)');
    expect(header).not.toMatch(/e-\d/);
  });

  it('is bounded in length, marking the cut', () => {
    const many = Array.from({ length: 200 }, (_, index): Exclusion => ({
      candidate: candidateFor(`openai/model-${index}`),
      kind: 'capability',
      reason: 'no vision, json_schema support',
    }));
    const header = explainRoute({ plan: plan([fact('openai/gpt-4o-mini', 0.001)], many), attempts: [{ target: 'openai/gpt-4o-mini', result: 'ok' }], served: 'openai/gpt-4o-mini' });
    expect(header).toHaveLength(2_000);
    expect(header.endsWith('...')).toBe(true);
    expect(header.startsWith('openai/gpt-4o-mini; reason="cheapest feasible"; ')).toBe(true);
  });
});
