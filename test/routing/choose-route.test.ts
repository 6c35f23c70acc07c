import { describe, expect, it } from 'vitest';
import { chooseRoute, DEFAULT_CHOICE_SETTINGS, type CandidateFacts, type TargetOutlook } from '../../functions/routing/choose-route.ts';
import type { RoutingPreferences } from '../../functions/routing/routing-preferences.ts';
import { wilsonLowerBound } from '../../functions/routing/wilson-lower-bound.ts';
import { candidateFor } from './routing-fixtures.ts';

/**
 * A healthy, well-sampled target: 200 calls, no errors, unknown latency distribution. The weighted
 * counts are the window's unless given (as if every call were in the current minute).
 */
const outlook = (fields: Partial<TargetOutlook> = {}): TargetOutlook => ({
  requests: 200,
  errors: 0,
  recentRequests: 20,
  recentErrors: 0,
  recentLatencySamples: 20,
  baselineLatencySamples: 180,
  ttfbSamples: 200,
  totalSamples: 0,
  breaker: 'closed',
  ...fields,
  weightedRequests: fields.weightedRequests ?? fields.requests ?? 200,
  weightedErrors: fields.weightedErrors ?? fields.errors ?? 0,
});

const fact = (name: string, costUsd: number | undefined, fields: Partial<TargetOutlook> = {}, expectedOutputTokens = 500): CandidateFacts => ({
  candidate: candidateFor(name),
  costUsd,
  expectedOutputTokens,
  outlook: outlook(fields),
});

/** P(ttfb ≤ ms) rising linearly from 0 at 0 ms to 1 at `fullMs`. */
const linearTtfb = (fullMs: number) => (ms: number) => Math.max(0, Math.min(1, ms / fullMs));

const prefs = (fields: Partial<RoutingPreferences> = {}): { preferences: RoutingPreferences } => ({ preferences: { criticality: 'standard', cascade: false, ...fields } });
const order = (choice: { order: readonly { candidate: { target: { id: string } } }[] }) => choice.order.map((scored) => scored.candidate.target.id);

describe('chooseRoute: standard', () => {
  it('sends the cheapest by price when every target is equally healthy and there is no SLA', () => {
    const choice = chooseRoute([fact('openai/gpt-4.1-mini', 0.004), fact('gemini/gemini-2.5-flash', 0.002), fact('deepseek/deepseek-chat', 0.003)], prefs());
    expect(order(choice)).toEqual(['gemini/gemini-2.5-flash', 'deepseek/deepseek-chat', 'openai/gpt-4.1-mini']);
    expect(choice.reason).toBe('cheapest feasible');
    expect(choice.order.every((scored) => scored.slaChance === 1 && scored.feasible)).toBe(true);
  });

  it('counts failures into the expected cost: a cheap target failing half its calls loses to a reliable one', () => {
    const choice = chooseRoute([fact('gemini/gemini-2.5-flash', 0.0009, { requests: 100, errors: 50 }), fact('openai/gpt-4.1-mini', 0.001)], prefs());
    expect(order(choice)).toEqual(['openai/gpt-4.1-mini', 'gemini/gemini-2.5-flash']);
    const [reliable, flaky] = choice.order;
    // The lowest error rate 50 failures in 100 calls make likely; never less than the prior.
    const flakyRate = wilsonLowerBound(50, 100, DEFAULT_CHOICE_SETTINGS.confidenceZ);
    expect(flakyRate).toBeGreaterThan(0.37);
    expect(reliable?.successRate).toBeCloseTo(1 - DEFAULT_CHOICE_SETTINGS.priorErrorRate, 10);
    expect(flaky?.successRate).toBeCloseTo(1 - flakyRate, 10);
    expect(flaky?.expectedCostUsd).toBeCloseTo(0.0009 / (1 - flakyRate), 10);
  });

  it('does not condemn a target on a few calls: one failure in three costs it nothing like a third', () => {
    const choice = chooseRoute([fact('gemini/gemini-2.5-flash', 0.001, { requests: 3, errors: 1, recentRequests: 3, recentErrors: 1 }), fact('openai/gpt-4.1-mini', 0.00106)], prefs());
    expect(order(choice)).toEqual(['gemini/gemini-2.5-flash', 'openai/gpt-4.1-mini']);
    expect(choice.order[0]?.successRate).toBeGreaterThan(0.95);
  });

  it('judges on recent calls more than old ones: the weighted counts decide, not the window', () => {
    const oldIncident = chooseRoute([fact('gemini/gemini-2.5-flash', 0.001, { requests: 100, errors: 40, weightedRequests: 100 / 64, weightedErrors: 40 / 64 }), fact('openai/gpt-4.1-mini', 0.0011)], prefs());
    expect(order(oldIncident)).toEqual(['gemini/gemini-2.5-flash', 'openai/gpt-4.1-mini']);
    const current = chooseRoute([fact('gemini/gemini-2.5-flash', 0.001, { requests: 100, errors: 40 }), fact('openai/gpt-4.1-mini', 0.0011)], prefs());
    expect(order(current)).toEqual(['openai/gpt-4.1-mini', 'gemini/gemini-2.5-flash']);
  });

  it('assumes the prior error rate for a target never called', () => {
    const [scored] = chooseRoute([fact('openai/gpt-4.1-mini', 0.001, { requests: 0, errors: 0, recentRequests: 0 })], prefs()).order;
    expect(scored?.successRate).toBeCloseTo(1 - DEFAULT_CHOICE_SETTINGS.priorErrorRate, 10);
  });

  it('keeps the catalog order between equal candidates and puts a target without a price last', () => {
    const choice = chooseRoute([fact('openai/gpt-4.1-mini', undefined), fact('gemini/gemini-2.5-flash', 0.002), fact('deepseek/deepseek-chat', 0.002)], prefs());
    expect(order(choice)).toEqual(['gemini/gemini-2.5-flash', 'deepseek/deepseek-chat', 'openai/gpt-4.1-mini']);
    expect(choice.order[2]?.expectedCostUsd).toBe(Infinity);
  });

  it('reads the SLA chance from the ttfb distribution at the latency left after generation', () => {
    // 500 output tokens at 500 tokens/s: 1000 ms of generation, so ttfb must be within 1000 ms of 2000.
    const choice = chooseRoute([fact('openai/gpt-4.1-mini', 0.001, { ttfbWithin: linearTtfb(4000), outputTokensPerSecond: 500 })], prefs({ maxLatencyMs: 2000 }));
    expect(choice.order[0]?.slaChance).toBeCloseTo(0.25, 10);
    expect(choice.order[0]?.feasible).toBe(false);
  });

  it('assumes the default speed for a target that has not reported one, and no chance when generation alone is too slow', () => {
    // 500 tokens at the default 50 tokens/s take 10 s: a 10 s SLA cannot be met, an 11 s one leaves 1 s.
    const slow = fact('openai/gpt-4.1-mini', 0.001, { ttfbWithin: linearTtfb(1000) });
    expect(chooseRoute([slow], prefs({ maxLatencyMs: 10_000 })).order[0]?.slaChance).toBe(0);
    expect(chooseRoute([slow], prefs({ maxLatencyMs: 11_000 })).order[0]?.slaChance).toBeCloseTo(1, 10);
  });

  it('takes the lower chance when both a first-token and a total SLA are set', () => {
    const target = fact('openai/gpt-4.1-mini', 0.001, { ttfbWithin: linearTtfb(1000), outputTokensPerSecond: 1000 });
    expect(chooseRoute([target], prefs({ maxFirstTokenMs: 300 })).order[0]?.slaChance).toBeCloseTo(0.3, 10);
    expect(chooseRoute([target], prefs({ maxFirstTokenMs: 300, maxLatencyMs: 1300 })).order[0]?.slaChance).toBeCloseTo(0.3, 10);
    expect(chooseRoute([target], prefs({ maxFirstTokenMs: 900, maxLatencyMs: 700 })).order[0]?.slaChance).toBeCloseTo(0.2, 10);
  });

  it('sends the cheapest feasible target: a cheaper one unlikely to meet the SLA follows', () => {
    const choice = chooseRoute(
      [
        fact('gemini/gemini-2.5-flash', 0.001, { ttfbWithin: linearTtfb(10_000), outputTokensPerSecond: 1000 }),
        fact('openai/gpt-4.1-mini', 0.003, { ttfbWithin: linearTtfb(1_000), outputTokensPerSecond: 1000 }),
      ],
      prefs({ maxLatencyMs: 1500 }),
    );
    expect(order(choice)).toEqual(['openai/gpt-4.1-mini', 'gemini/gemini-2.5-flash']);
    expect(choice.order.map((scored) => scored.feasible)).toEqual([true, false]);
    expect(choice.reason).toBe('cheapest feasible');
  });

  it('takes an unknown latency as the unknown chance: feasible for standard, not for critical', () => {
    const fresh = [fact('openai/gpt-4.1-mini', 0.001, { requests: 4, ttfbSamples: 4, ttfbWithin: linearTtfb(1) }), fact('gemini/gemini-2.5-flash', 0.002, { ttfbWithin: undefined })];
    const standard = chooseRoute(fresh, prefs({ maxLatencyMs: 60_000 }));
    const unknown = DEFAULT_CHOICE_SETTINGS.unknownChance;
    expect(standard.order.map((scored) => [scored.slaChance, scored.feasible])).toEqual([
      [unknown, true],
      [unknown, true],
    ]);
    const critical = chooseRoute(fresh, prefs({ maxLatencyMs: 60_000, criticality: 'critical' }));
    expect(critical.order.every((scored) => !scored.feasible)).toBe(true);
    expect(critical.reason).toBe('no candidate likely to meet the SLA: best chance first');
  });

  it('never drops an infeasible candidate: the best chance goes first when none is feasible', () => {
    const choice = chooseRoute(
      [
        fact('openai/gpt-4.1-mini', 0.001, { ttfbWithin: linearTtfb(10_000) }),
        fact('gemini/gemini-2.5-flash', 0.005, { ttfbWithin: linearTtfb(2_000) }),
        fact('deepseek/deepseek-chat', 0.002, { ttfbWithin: linearTtfb(2_000) }),
      ],
      prefs({ maxFirstTokenMs: 1000 }),
    );
    expect(order(choice)).toEqual(['deepseek/deepseek-chat', 'gemini/gemini-2.5-flash', 'openai/gpt-4.1-mini']);
    expect(choice.reason).toBe('no candidate likely to meet the SLA: best chance first');
  });

  it('scores a target down while its recent error rate climbs, before its breaker trips', () => {
    const choice = chooseRoute(
      [fact('gemini/gemini-2.5-flash', 0.001, { requests: 200, errors: 8, recentRequests: 20, recentErrors: 6 }), fact('openai/gpt-4.1-mini', 0.0015)],
      prefs(),
    );
    expect(order(choice)).toEqual(['openai/gpt-4.1-mini', 'gemini/gemini-2.5-flash']);
    expect(choice.order[1]?.degraded).toBe('error rate climbing to 30%');
    expect(choice.order[1]?.outlook.breaker).toBe('closed');
  });

  it('does not count a single error among a few calls, or a rate no worse than its own baseline, as degrading', () => {
    for (const recentRequests of [3, 6]) {
      const oneError = chooseRoute([fact('gemini/gemini-2.5-flash', 0.001, { recentRequests, recentErrors: 1 })], prefs());
      expect(oneError.order[0]?.degraded, `1 in ${recentRequests}`).toBeUndefined();
    }
    const steady = chooseRoute([fact('gemini/gemini-2.5-flash', 0.001, { requests: 1000, errors: 200, recentRequests: 20, recentErrors: 4 })], prefs());
    expect(steady.order[0]?.degraded).toBeUndefined();
  });

  it('scores a target down when its recent p95 is over twice its baseline', () => {
    const choice = chooseRoute(
      [fact('gemini/gemini-2.5-flash', 0.001, { recentP95Ms: 5_000, baselineP95Ms: 2_000 }), fact('openai/gpt-4.1-mini', 0.0015, { recentP95Ms: 3_900, baselineP95Ms: 2_000 })],
      prefs(),
    );
    expect(order(choice)).toEqual(['openai/gpt-4.1-mini', 'gemini/gemini-2.5-flash']);
    expect(choice.order.map((scored) => scored.degraded)).toEqual([undefined, 'p95 climbing to 5000 ms']);
    expect(choice.order[1]?.expectedCostUsd).toBeCloseTo((2 * 0.001) / choice.order[1]!.successRate, 12);
  });

  it('compares latencies only on enough samples', () => {
    const few = chooseRoute([fact('gemini/gemini-2.5-flash', 0.001, { recentP95Ms: 5_000, baselineP95Ms: 2_000, recentLatencySamples: 3 })], prefs());
    expect(few.order[0]?.degraded).toBeUndefined();
    const noBaseline = chooseRoute([fact('gemini/gemini-2.5-flash', 0.001, { recentP95Ms: 5_000, baselineP95Ms: 2_000, baselineLatencySamples: 2 })], prefs());
    expect(noBaseline.order[0]?.degraded).toBeUndefined();
  });

  it('scores a half-open target down', () => {
    const choice = chooseRoute([fact('gemini/gemini-2.5-flash', 0.001, { breaker: 'half_open' }), fact('openai/gpt-4.1-mini', 0.0015)], prefs());
    expect(order(choice)).toEqual(['openai/gpt-4.1-mini', 'gemini/gemini-2.5-flash']);
    expect(choice.order[1]?.degraded).toBe('breaker half-open');
  });
});

describe('chooseRoute: critical', () => {
  it('sends the most reliable feasible target, cost breaking ties only', () => {
    const choice = chooseRoute(
      [
        fact('gemini/gemini-2.5-flash', 0.001, { requests: 200, errors: 10 }),
        fact('openai/gpt-4.1-mini', 0.01, { requests: 200, errors: 0 }),
        fact('anthropic/claude-haiku-4-5', 0.005, { requests: 200, errors: 0 }),
      ],
      prefs({ criticality: 'critical' }),
    );
    expect(order(choice)).toEqual(['anthropic/claude-haiku-4-5', 'openai/gpt-4.1-mini', 'gemini/gemini-2.5-flash']);
    expect(choice.reason).toBe('most reliable feasible');
  });

  it('keeps a fallback at another provider second in line', () => {
    const choice = chooseRoute(
      [
        fact('openai/gpt-4.1-mini', 0.001, { errors: 0 }),
        fact('openai/gpt-4o-mini', 0.001, { errors: 1 }),
        fact('openai/gpt-4.1-nano', 0.001, { errors: 2 }),
        fact('anthropic/claude-haiku-4-5', 0.001, { errors: 3 }),
        fact('gemini/gemini-2.5-flash', 0.001, { errors: 4 }),
      ],
      prefs({ criticality: 'critical' }),
    );
    expect(order(choice)).toEqual(['openai/gpt-4.1-mini', 'anthropic/claude-haiku-4-5', 'openai/gpt-4o-mini', 'openai/gpt-4.1-nano', 'gemini/gemini-2.5-flash']);
  });

  it('weighs the chance of meeting the SLA into reliability', () => {
    const choice = chooseRoute(
      [
        fact('openai/gpt-4.1-mini', 0.001, { ttfbWithin: () => 0.991 }),
        fact('anthropic/claude-haiku-4-5', 0.009, { ttfbWithin: () => 1 }),
        fact('gemini/gemini-2.5-flash', 0.0001, { ttfbWithin: () => 0.5 }),
      ],
      prefs({ criticality: 'critical', maxFirstTokenMs: 500 }),
    );
    expect(order(choice)).toEqual(['anthropic/claude-haiku-4-5', 'openai/gpt-4.1-mini', 'gemini/gemini-2.5-flash']);
    expect(choice.order.map((scored) => scored.feasible)).toEqual([true, true, false]);
  });
});

describe('chooseRoute: background', () => {
  it('sends the cheapest, whatever its latency, without an SLA', () => {
    const choice = chooseRoute(
      [fact('openai/gpt-4.1-mini', 0.002, { ttfbWithin: linearTtfb(100) }), fact('deepseek/deepseek-chat', 0.001, { ttfbWithin: linearTtfb(100_000) })],
      prefs({ criticality: 'background' }),
    );
    expect(order(choice)).toEqual(['deepseek/deepseek-chat', 'openai/gpt-4.1-mini']);
    expect(choice.reason).toBe('cheapest');
  });

  it('needs only an even chance of an SLA it names', () => {
    const candidates = [fact('deepseek/deepseek-chat', 0.001, { ttfbWithin: () => 0.6 }), fact('openai/gpt-4.1-mini', 0.002, { ttfbWithin: () => 1 })];
    const background = chooseRoute(candidates, prefs({ criticality: 'background', maxFirstTokenMs: 1000 }));
    expect(order(background)).toEqual(['deepseek/deepseek-chat', 'openai/gpt-4.1-mini']);
    expect(background.reason).toBe('cheapest feasible');
    expect(order(chooseRoute(candidates, prefs({ maxFirstTokenMs: 1000 })))).toEqual(['openai/gpt-4.1-mini', 'deepseek/deepseek-chat']);
  });
});

describe('chooseRoute: price ceiling', () => {
  it('sets aside candidates estimated over the ceiling, and those without a price', () => {
    const choice = chooseRoute(
      [fact('openai/gpt-5', 0.2), fact('openai/gpt-4.1-mini', 0.01), fact('openai/gpt-4o-mini', 0.05), fact('openai/gpt-9-experimental', undefined)],
      prefs({ maxCostUsd: 0.05 }),
    );
    expect(order(choice)).toEqual(['openai/gpt-4.1-mini', 'openai/gpt-4o-mini']);
    expect(choice.overCeiling.map((scored) => scored.candidate.target.id)).toEqual(['openai/gpt-5', 'openai/gpt-9-experimental']);
  });

  it('leaves everything in the order without a ceiling', () => {
    const choice = chooseRoute([fact('openai/gpt-5', 2), fact('openai/gpt-9-experimental', undefined)], prefs());
    expect(choice.overCeiling).toEqual([]);
    expect(order(choice)).toEqual(['openai/gpt-5', 'openai/gpt-9-experimental']);
  });
});

describe('chooseRoute: a provider named', () => {
  const GROQ = 'groq/llama-3.3-70b-versatile';
  const TOGETHER = 'together/meta-llama/Llama-3.3-70B-Instruct-Turbo';
  const named = (fields: Partial<RoutingPreferences> = {}) => ({ ...prefs(fields), firstChoice: GROQ });

  it('sends the named target first although an equivalent is cheaper, the equivalents following by cost', () => {
    const choice = chooseRoute([fact(GROQ, 0.003), fact(TOGETHER, 0.001)], named());
    expect(order(choice)).toEqual([GROQ, TOGETHER]);
    expect(choice.reason).toBe('provider named: first choice');
    expect(order(chooseRoute([fact(GROQ, 0.003), fact(TOGETHER, 0.001)], prefs()))).toEqual([TOGETHER, GROQ]);
  });

  it('keeps it first while it degrades: its breaker, not its price, takes it out', () => {
    const choice = chooseRoute([fact(GROQ, 0.001, { recentRequests: 20, recentErrors: 10 }), fact(TOGETHER, 0.0011)], named());
    expect(choice.order[0]?.degraded).toMatch(/error rate climbing/);
    expect(order(choice)).toEqual([GROQ, TOGETHER]);
  });

  it('falls back to the cheapest feasible equivalent when it is unlikely to meet the SLA, and says so', () => {
    const choice = chooseRoute([fact(GROQ, 0.001, { ttfbWithin: () => 0.5 }), fact(TOGETHER, 0.003, { ttfbWithin: () => 1 })], named({ maxFirstTokenMs: 500 }));
    expect(order(choice)).toEqual([TOGETHER, GROQ]);
    expect(choice.reason).toBe('provider named but unlikely to meet the SLA: cheapest feasible');
  });

  it('falls back when it is over the price ceiling, or not among the candidates at all', () => {
    const over = chooseRoute([fact(GROQ, 0.01), fact(TOGETHER, 0.001)], named({ maxCostUsd: 0.005 }));
    expect(order(over)).toEqual([TOGETHER]);
    expect(over.reason).toBe('provider named but over the price ceiling: cheapest feasible');
    expect(chooseRoute([fact(TOGETHER, 0.001)], named()).reason).toBe('provider named but unavailable: cheapest feasible');
  });

  it('still keeps a fallback at another provider second for a critical request', () => {
    const choice = chooseRoute(
      [fact('openai/gpt-4o-mini', 0.001, { errors: 3 }), fact('openai/gpt-4.1-mini', 0.001), fact('anthropic/claude-haiku-4-5', 0.001, { errors: 1 })],
      { ...prefs({ criticality: 'critical' }), firstChoice: 'openai/gpt-4o-mini' },
    );
    expect(order(choice)).toEqual(['openai/gpt-4o-mini', 'anthropic/claude-haiku-4-5', 'openai/gpt-4.1-mini']);
  });
});
