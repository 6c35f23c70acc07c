import { describe, expect, it } from 'vitest';
import { CallError } from '../../functions/core/call-error.ts';
import { parseGeminiErrorBody } from '../../functions/providers/gemini/parse-gemini-error.ts';
import { clientClosedRequest, upstreamStatusError, upstreamTimeout } from '../../functions/providers/upstream/upstream-errors.ts';
import { createCircuitBreakers } from '../../functions/routing/circuit-breaker.ts';
import { executeRoute, RouteFailure, type AttemptContext, type ExecuteRouteOptions } from '../../functions/routing/execute-route.ts';
import type { RouteTarget } from '../../functions/routing/route-target.ts';
import { GEMINI_QUOTA_EXCEEDED } from '../support/provider-router.ts';
import { targetFor } from './routing-fixtures.ts';

const START = 1_700_000_000_000;
const A = 'openai/gpt-4o-mini';
const A2 = 'openai/gpt-4.1-mini';
const B = 'anthropic/claude-haiku-4-5';
const C = 'gemini/gemini-2.5-flash';

const status = (code: number, retryAfter: string | null = null) => upstreamStatusError('openai', code, { message: `status ${code}` }, retryAfter);
/** Gemini's spent quota: a 429 asking for 34.4 s in its body, not in a header. */
const geminiQuotaExceeded = () => upstreamStatusError('gemini', 429, parseGeminiErrorBody(JSON.stringify(GEMINI_QUOTA_EXCEEDED)), null);

type Outcome = string | Error | ((context: AttemptContext) => string);

/**
 * A route over real targets with scripted outcomes per target (a string answers, an Error is
 * thrown), a hand-driven clock that `sleep` advances, and real breakers on that clock.
 */
function setup(script: Record<string, Outcome[]>, overrides: Partial<ExecuteRouteOptions<string>> = {}) {
  let clock = START;
  const calls: { target: string; timeoutMs: number; timeoutSetByCaller: boolean }[] = [];
  const sleeps: number[] = [];
  const breakers = createCircuitBreakers({ now: () => clock });
  const options: ExecuteRouteOptions<string> = {
    targets: Object.keys(script).map((name) => targetFor(name)),
    breakers,
    deadline: START + 60_000,
    attemptTimeoutMs: 30_000,
    signal: new AbortController().signal,
    retry: { attemptsPerTarget: 2, baseDelayMs: 200, maxDelayMs: 4_000, maxProviderWaitMs: 2_000 },
    now: () => clock,
    random: () => 0.5,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    attempt: async (target: RouteTarget, context) => {
      calls.push({ target: target.id, timeoutMs: context.timeoutMs, timeoutSetByCaller: context.timeoutSetByCaller });
      const outcome = script[target.id]?.shift();
      if (outcome === undefined) throw new Error(`no outcome scripted for ${target.id}`);
      if (outcome instanceof Error) throw outcome;
      return typeof outcome === 'function' ? outcome(context) : outcome;
    },
    ...overrides,
  };
  return {
    run: () => executeRoute(options),
    calls,
    sleeps,
    breakers,
    advance: (ms: number) => {
      clock += ms;
    },
  };
}

async function failure(promise: Promise<unknown>): Promise<RouteFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RouteFailure) return error;
    throw error;
  }
  throw new Error('expected the route to fail');
}

describe('executeRoute', () => {
  it('returns the first answer, with the target and the attempt', async () => {
    const route = setup({ [A]: ['hello'], [B]: ['unused'] });
    const result = await route.run();
    expect(result.value).toBe('hello');
    expect(result.target.id).toBe(A);
    expect(result.attempts).toEqual([{ target: A, result: 'ok' }]);
    expect(route.calls).toEqual([{ target: A, timeoutMs: 30_000, timeoutSetByCaller: false }]);
  });

  it('retries a retryable failure at the same target after a jittered backoff', async () => {
    const route = setup({ [A]: [status(500), 'second time'], [B]: ['unused'] });
    const result = await route.run();
    expect(result.value).toBe('second time');
    expect(result.attempts).toEqual([
      { target: A, result: 'upstream_error' },
      { target: A, result: 'ok' },
    ]);
    expect(route.sleeps).toEqual([100]);
  });

  it('fails over to the next target once the retries are spent', async () => {
    const route = setup({ [A]: [status(503), upstreamTimeout('openai', 30_000, 'response')], [B]: ['from B'] });
    const result = await route.run();
    expect(result).toMatchObject({ value: 'from B', target: { id: B } });
    expect(result.attempts.map((attempt) => `${attempt.target}:${attempt.result}`)).toEqual([`${A}:upstream_overloaded`, `${A}:upstream_timeout`, `${B}:ok`]);
    expect(route.sleeps).toEqual([100]);
  });

  it("skips the retries on a failure that is the target's own ('next')", async () => {
    const route = setup({ [A]: [status(404)], [A2]: ['from A2'], [B]: ['unused'] });
    const result = await route.run();
    expect(result.target.id).toBe(A2);
    expect(result.attempts).toEqual([
      { target: A, result: '404' },
      { target: A2, result: 'ok' },
    ]);
    expect(route.sleeps).toEqual([]);
  });

  it("throws at once on a failure that is the request's own ('stop'), with the attempts so far", async () => {
    const badRequest = status(400);
    const route = setup({ [A]: [status(502), badRequest], [B]: ['unused'] });
    const error = await failure(route.run());
    expect(error.error).toBe(badRequest);
    expect(error.attempts).toEqual([
      { target: A, result: 'upstream_error' },
      { target: A, result: '400' },
    ]);
    expect(route.calls.map((call) => call.target)).toEqual([A, A]);
  });

  it('stops when the client leaves', async () => {
    const route = setup({ [A]: [clientClosedRequest()], [B]: ['unused'] });
    const error = await failure(route.run());
    expect(error.error.code).toBe('client_closed_request');
    expect(route.calls).toHaveLength(1);
  });

  it('lets an error that is not a CallError through untouched', async () => {
    const bug = new TypeError('undefined is not a function');
    const route = setup({ [A]: [bug], [B]: ['unused'] });
    await expect(route.run()).rejects.toBe(bug);
  });

  it('passes over a target whose breaker is open', async () => {
    const route = setup({ [A]: ['unused'], [B]: ['from B'] });
    for (let i = 0; i < 5; i += 1) route.breakers.record(A, false);
    const result = await route.run();
    expect(result.target.id).toBe(B);
    expect(result.attempts).toEqual([
      { target: A, result: 'breaker-open' },
      { target: B, result: 'ok' },
    ]);
  });

  it('answers 503 circuit_open with a retry-after when every breaker is open', async () => {
    const route = setup({ [A]: ['unused'], [B]: ['unused'] });
    for (const target of [A, B]) for (let i = 0; i < 5; i += 1) route.breakers.record(target, false);
    route.advance(12_500);
    const error = await failure(route.run());
    expect(error.error).toMatchObject({ status: 503, code: 'circuit_open', headers: { 'retry-after': '18' } });
    expect(error.error.message).toContain(A);
    expect(error.attempts.map((attempt) => attempt.result)).toEqual(['breaker-open', 'breaker-open']);
    expect(route.calls).toEqual([]);
  });

  it('keeps the real failure rather than a later open breaker', async () => {
    const route = setup({ [A]: [status(401)], [B]: ['unused'] });
    for (let i = 0; i < 5; i += 1) route.breakers.record(B, false);
    const error = await failure(route.run());
    expect(error.error.status).toBe(401);
  });

  it('moves the rest of a provider behind the others after a provider-wide failure', async () => {
    const route = setup({ [A]: [status(502), status(502)], [A2]: ['from A2'], [B]: ['from B'] });
    const result = await route.run();
    expect(result.target.id).toBe(B);
    expect(result.attempts.map((attempt) => attempt.target)).toEqual([A, A, B]);
  });

  it('keeps the order after a failure of one model only', async () => {
    const route = setup({ [A]: [status(403)], [A2]: ['from A2'], [B]: ['from B'] });
    expect((await route.run()).target.id).toBe(A2);
  });

  it('still tries the demoted provider when the others fail', async () => {
    const route = setup({ [A]: [status(502), status(502)], [A2]: ['from A2'], [B]: [status(404)], [C]: [status(401)] });
    const result = await route.run();
    expect(result.attempts.map((attempt) => attempt.target)).toEqual([A, A, B, C, A2]);
    expect(result.target.id).toBe(A2);
  });

  it('gives an attempt no longer than the time left before the deadline', async () => {
    const route = setup({ [A]: ['hello'] }, { deadline: START + 5_000 });
    await route.run();
    expect(route.calls).toEqual([{ target: A, timeoutMs: 5_000, timeoutSetByCaller: false }]);
  });

  it('stops at the deadline with a 504 naming the last failure', async () => {
    const route = setup(
      {
        [A]: [
          () => {
            route.advance(4_000);
            throw status(502);
          },
          () => {
            route.advance(4_000);
            throw upstreamTimeout('openai', 4_000, 'response');
          },
        ],
        [B]: ['too late'],
      },
      { deadline: START + 8_000, random: () => 0 },
    );
    const error = await failure(route.run());
    expect(error.error).toMatchObject({ status: 504, kind: 'timeout', fault: 'gateway', code: 'route_deadline_exceeded' });
    expect(error.error.message).toContain('openai did not answer within 4000 ms');
    expect(error.attempts).toHaveLength(2);
    expect(route.calls.map((call) => call.target)).toEqual([A, A]);
  });

  it('fails over at once rather than wait past the deadline for a retry-after', async () => {
    const route = setup({ [A]: [status(429, '120')], [B]: ['from B'] }, { deadline: START + 30_000 });
    const result = await route.run();
    expect(result.target.id).toBe(B);
    expect(route.sleeps).toEqual([]);
  });

  it('waits what the provider asked when the deadline allows', async () => {
    const route = setup({ [A]: [status(429, '2'), 'after the wait'], [B]: ['unused'] }, { random: () => 0.25 });
    const result = await route.run();
    expect(result.target.id).toBe(A);
    expect(route.sleeps).toEqual([2_050]);
  });

  it('fails over at once rather than sleep on a wait longer than the longest worth taking, even within the deadline', async () => {
    const route = setup({ [C]: [geminiQuotaExceeded(), 'unused'], [B]: ['from B'] });
    const result = await route.run();
    expect(result.target.id).toBe(B);
    expect(result.attempts.map((attempt) => `${attempt.target}:${attempt.result}`)).toEqual([`${C}:RESOURCE_EXHAUSTED`, `${B}:ok`]);
    expect(route.sleeps).toEqual([]);
  });

  it("ends at once with the provider's 429 and its retry-after, in whole seconds, when no target is left", async () => {
    const route = setup({ [C]: [geminiQuotaExceeded(), 'unused'] });
    const error = await failure(route.run());
    expect(error.error).toMatchObject({ status: 429, kind: 'rate_limit', fault: 'provider', headers: { 'retry-after': '35' } });
    expect(route.calls.map((call) => call.target)).toEqual([C]);
    expect(route.sleeps).toEqual([]);
  });

  it('answers 503 no_target when there is nothing to try', async () => {
    const error = await failure(setup({}).run());
    expect(error.error).toMatchObject({ status: 503, code: 'no_target' });
    expect(error.attempts).toEqual([]);
  });

  it('fails with the last error when every target has failed', async () => {
    const last = status(404);
    const error = await failure(setup({ [A]: [status(401)], [B]: [last] }).run());
    expect(error.error).toBe(last);
    expect(error).toBeInstanceOf(Error);
    expect(error.cause).toBe(last);
    expect(error.error).toBeInstanceOf(CallError);
  });
});

describe('a target that timed out', () => {
  it('gets its retry after the other candidates have had theirs', async () => {
    const timeout = upstreamTimeout('openai', 30_000, 'response');
    const route = setup({ [A]: [timeout, 'a'], [B]: [status(503), status(503)] });
    await expect(route.run()).resolves.toMatchObject({ value: 'a', target: { id: A } });
    expect(route.calls.map((call) => call.target)).toEqual([A, B, B, A]);
  });

  it('is retried at once when it is the only candidate', async () => {
    const route = setup({ [A]: [upstreamTimeout('openai', 30_000, 'response'), 'a'] });
    await expect(route.run()).resolves.toMatchObject({ value: 'a' });
    expect(route.calls.map((call) => call.target)).toEqual([A, A]);
  });
});

describe('an attempt limit given as a function', () => {
  it('learns the time left and whether another attempt could follow, is not cut to the deadline, and tells the attempt whose limit it is', async () => {
    const seen: Array<{ remainingMs: number; lastChance: boolean }> = [];
    const route = setup(
      { [A]: [status(503), status(503)], [B]: [status(503), 'b'] },
      {
        attemptTimeoutMs: (_target, context) => {
          seen.push(context);
          return context.lastChance ? { timeoutMs: 90_000, setByCaller: false } : { timeoutMs: context.remainingMs / 2, setByCaller: true };
        },
      },
    );
    await route.run();
    expect(seen.map((context) => context.lastChance)).toEqual([false, false, false, true]);
    expect(route.calls.map((call) => call.timeoutSetByCaller)).toEqual([true, true, true, false]);
    // The last chance may run past the route's deadline (60 s from the start).
    expect(route.calls.at(-1)).toEqual({ target: B, timeoutMs: 90_000, timeoutSetByCaller: false });
  });
});
