import { describe, expect, it } from 'vitest';
import { attemptTimeout, routeLimits } from '../../functions/routing/route-limits.ts';
import { targetFor } from './routing-fixtures.ts';

const target = targetFor('openai/gpt-4o-mini');
const preferences = { criticality: 'standard' as const, cascade: false };

describe('routeLimits', () => {
  it('ends the route at the SLA, or after two upstream timeouts without one', () => {
    expect(routeLimits({ ...preferences, maxFirstTokenMs: 2_000, maxLatencyMs: 9_000 }, true, 1_000, 120_000)).toEqual({ deadline: 3_000, sla: true, stream: true });
    expect(routeLimits({ ...preferences, maxLatencyMs: 9_000 }, false, 1_000, 120_000)).toEqual({ deadline: 10_000, sla: true, stream: false });
    expect(routeLimits(preferences, false, 1_000, 120_000)).toEqual({ deadline: 241_000, sla: false, stream: false });
  });
});

describe('attemptTimeout', () => {
  type Options = { stream: boolean; sla: boolean; p99?: number; promptTokens?: number };
  type Context = { remainingMs: number; lastChance: boolean };
  const limitOf = (options: Options, context: Context) =>
    attemptTimeout({
      limits: { deadline: 0, sla: options.sla, stream: options.stream },
      promptTokens: options.promptTokens ?? 0,
      upstreamTimeoutMs: 120_000,
      firstByteP99: () => options.p99,
    })(target, context);
  const limit = (options: Options, context: Context) => limitOf(options, context).timeoutMs;
  const setByCaller = (options: Options, context: Context) => limitOf(options, context).setByCaller;

  it("bounds a stream's wait for its first content by 5 times the target's p99, at least 10 s plus 1 s per 10k prompt tokens", () => {
    expect(limit({ stream: true, sla: false, p99: 4_000 }, { remainingMs: 240_000, lastChance: true })).toBe(20_000);
    expect(limit({ stream: true, sla: false, p99: 500 }, { remainingMs: 240_000, lastChance: true })).toBe(10_000);
    expect(limit({ stream: true, sla: false, p99: 500, promptTokens: 100_000 }, { remainingMs: 240_000, lastChance: true })).toBe(20_000);
    // Unknown p99, or a non-streaming answer (whose length it cannot tell): the upstream timeout.
    expect(limit({ stream: true, sla: false }, { remainingMs: 240_000, lastChance: true })).toBe(120_000);
    expect(limit({ stream: false, sla: false, p99: 500 }, { remainingMs: 240_000, lastChance: true })).toBe(120_000);
  });

  it('leaves a quarter of an SLA to the attempt that could follow, and lets the last chance run to its own limit', () => {
    expect(limit({ stream: false, sla: true }, { remainingMs: 8_000, lastChance: false })).toBe(6_000);
    expect(limit({ stream: false, sla: true }, { remainingMs: 8_000, lastChance: true })).toBe(120_000);
    expect(limit({ stream: false, sla: false }, { remainingMs: 100_000, lastChance: false })).toBe(100_000);
  });

  it("says when the caller's SLA, not the gateway's own limit, set an attempt's timeout", () => {
    expect(setByCaller({ stream: false, sla: true }, { remainingMs: 8_000, lastChance: false })).toBe(true);
    // The SLA leaves more than the gateway's own limit, or this is the last chance: the gateway's.
    expect(setByCaller({ stream: false, sla: true }, { remainingMs: 600_000, lastChance: false })).toBe(false);
    expect(setByCaller({ stream: true, sla: true, p99: 500 }, { remainingMs: 20_000, lastChance: false })).toBe(false);
    expect(setByCaller({ stream: false, sla: true }, { remainingMs: 8_000, lastChance: true })).toBe(false);
    // Without an SLA the deadline is the gateway's own.
    expect(setByCaller({ stream: false, sla: false }, { remainingMs: 100_000, lastChance: false })).toBe(false);
  });
});
