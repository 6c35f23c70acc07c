import { describe, expect, it } from 'vitest';
import { aggregateHealthSamples } from '../../functions/health/aggregate-health-samples.ts';
import { classifyOutcome, failureSource } from '../../functions/health/classify-outcome.ts';
import { healthExpiresAt, healthPartitionKey, healthSortKey, isoMinute } from '../../functions/health/health-keys.ts';
import type { HealthSample } from '../../functions/health/health-sample.ts';
import { LATENCY_BUCKETS, latencyBucket } from '../../functions/health/latency-buckets.ts';
import { healthUpdate } from '../../functions/health/record-health-samples.ts';
import { CallError, invalidRequest } from '../../functions/core/call-error.ts';
import {
  clientClosedRequest,
  upstreamBadResponse,
  upstreamStatusError,
  upstreamStreamCut,
  upstreamStreamError,
  upstreamTimeout,
  upstreamUnreachable,
} from '../../functions/providers/upstream/upstream-errors.ts';

const at = Date.parse('2026-03-01T12:34:56.789Z');
const sample = (fields: Partial<HealthSample>): HealthSample => ({ target: 'openai/gpt-4o-mini', outcome: 'ok', ttfbMs: 150, totalMs: 500, outputTokens: 5, at, ...fields });

describe('latency buckets', () => {
  it('put a latency in the first bucket whose bound it does not exceed, above the last in inf', () => {
    expect(LATENCY_BUCKETS).toEqual(['le100', 'le200', 'le400', 'le800', 'le1600', 'le3200', 'le6400', 'le12800', 'le25600', 'inf']);
    expect(latencyBucket(0)).toBe('le100');
    expect(latencyBucket(100)).toBe('le100');
    expect(latencyBucket(100.5)).toBe('le200');
    expect(latencyBucket(799)).toBe('le800');
    expect(latencyBucket(25_600)).toBe('le25600');
    expect(latencyBucket(25_601)).toBe('inf');
  });
});

describe('classifyOutcome', () => {
  it("classes a provider's answer or failure by how it ended", () => {
    const info = { message: 'no' };
    expect(classifyOutcome(undefined)).toBe('ok');
    expect(classifyOutcome(upstreamStatusError('openai', 400, info, null))).toBe('4xx');
    expect(classifyOutcome(upstreamStatusError('openai', 401, info, null))).toBe('4xx');
    expect(classifyOutcome(upstreamStatusError('openai', 429, info, '3'))).toBe('429');
    expect(classifyOutcome(upstreamStatusError('openai', 500, info, null))).toBe('5xx');
    expect(classifyOutcome(upstreamStatusError('anthropic', 529, info, null))).toBe('5xx');
    expect(classifyOutcome(upstreamStreamError('anthropic', { message: 'Overloaded' }, 503))).toBe('5xx');
    expect(classifyOutcome(upstreamBadResponse('openai', 'not JSON'))).toBe('5xx');
    expect(classifyOutcome(upstreamTimeout('openai', 10, 'response'))).toBe('timeout');
    expect(classifyOutcome(upstreamTimeout('openai', 10, 'stream'))).toBe('timeout');
    expect(classifyOutcome(upstreamUnreachable('openai', new Error('x')))).toBe('connection');
    expect(classifyOutcome(upstreamStreamCut('openai'))).toBe('cut');
    expect(classifyOutcome(new CallError({ status: 504, kind: 'timeout', fault: 'provider', message: 'slow' }))).toBe('timeout');
  });

  it("leaves out what was not the provider's doing: the client's departure or deadline, a refusal before sending, a failure inside the gateway", () => {
    expect(classifyOutcome(clientClosedRequest())).toBeUndefined();
    expect(classifyOutcome(upstreamTimeout('openai', 10, 'response'), { callerSetTimeout: true })).toBeUndefined();
    expect(classifyOutcome(invalidRequest('Bedrock answers with one choice per request: n must be 1', 'n'))).toBeUndefined();
    expect(classifyOutcome(new RangeError('Maximum call stack size exceeded'))).toBeUndefined();
    expect(classifyOutcome(new CallError({ status: 500, kind: 'internal', fault: 'gateway', message: 'The gateway failed while streaming.' }))).toBeUndefined();
    expect(classifyOutcome(new CallError({ status: 504, kind: 'timeout', fault: 'gateway', code: 'route_deadline_exceeded', message: 'late' }))).toBeUndefined();
  });
});

describe('failureSource', () => {
  it('attributes every failure to the provider, the caller or the gateway', () => {
    expect(failureSource(upstreamStatusError('openai', 500, { message: 'no' }, null))).toBe('provider');
    expect(failureSource(upstreamStatusError('openai', 400, { message: 'no' }, null))).toBe('provider');
    expect(failureSource(upstreamBadResponse('openai', 'not JSON'))).toBe('provider');
    // A timeout is the provider's within the gateway's own limit, the caller's when its deadline set the limit.
    expect(failureSource(upstreamTimeout('openai', 10, 'response'))).toBe('provider');
    expect(failureSource(upstreamTimeout('openai', 10, 'response'), { callerSetTimeout: true })).toBe('caller');
    // The caller's deadline says nothing of other failures: a 503 is still the provider's.
    expect(failureSource(upstreamStatusError('openai', 503, { message: 'no' }, null), { callerSetTimeout: true })).toBe('provider');
    expect(failureSource(clientClosedRequest())).toBe('caller');
    expect(failureSource(invalidRequest('n must be 1', 'n'))).toBe('caller');
    expect(failureSource(new RangeError('Maximum call stack size exceeded'))).toBe('gateway');
    expect(failureSource(new CallError({ status: 500, kind: 'internal', fault: 'gateway', code: 'provider_credentials_unavailable', message: 'no credentials' }))).toBe('gateway');
  });
});

describe('health keys', () => {
  it('key an item by target and ISO minute, expiring a week after its minute', () => {
    expect(isoMinute(at)).toBe('2026-03-01T12:34Z');
    expect(healthPartitionKey('anthropic/claude-haiku-4-5')).toBe('target#anthropic/claude-haiku-4-5');
    expect(healthSortKey(at)).toBe('minute#2026-03-01T12:34Z');
    expect(healthExpiresAt(at)).toBe(Date.parse('2026-03-08T12:34:00Z') / 1000);
  });
});

describe('aggregateHealthSamples', () => {
  it('folds samples into one aggregate per target and minute', () => {
    const aggregates = aggregateHealthSamples([
      sample({}),
      sample({ ttfbMs: 90, totalMs: 3000.4, outputTokens: 7 }),
      sample({ outcome: '5xx', ttfbMs: undefined, totalMs: 20, outputTokens: 0 }),
      sample({ outcome: 'cut', ttfbMs: 300, totalMs: 900, outputTokens: 3 }),
      sample({ at: at + 60_000 }),
      sample({ target: 'anthropic/claude-haiku-4-5', outcome: '429', ttfbMs: undefined, totalMs: 40 }),
    ]);
    expect(aggregates).toHaveLength(3);
    const [first, nextMinute, other] = aggregates;
    expect(first).toEqual({
      target: 'openai/gpt-4o-mini',
      minute: Date.parse('2026-03-01T12:34:00Z'),
      counts: { ok: 2, '4xx': 0, '429': 0, '5xx': 1, timeout: 0, connection: 0, cut: 1 },
      // Time to first byte of every sample that had one; total time and tokens of ok samples only.
      ttfb: { buckets: { le100: 1, le200: 1, le400: 1 }, count: 3, sumMs: 540 },
      total: { buckets: { le800: 1, le3200: 1 }, count: 2, sumMs: 3500 },
      outputTokens: 12,
    });
    expect(nextMinute).toMatchObject({ minute: Date.parse('2026-03-01T12:35:00Z'), counts: { ok: 1 } });
    expect(other).toMatchObject({ target: 'anthropic/claude-haiku-4-5', counts: { '429': 1, ok: 0 }, ttfb: { count: 0 }, total: { count: 0 }, outputTokens: 0 });
  });
});

describe('healthUpdate', () => {
  it('ADDs only the non-zero counters and SETs the target, minute and expiry, through placeholders', () => {
    const [aggregate] = aggregateHealthSamples([sample({}), sample({ outcome: 'timeout', ttfbMs: undefined, totalMs: 20_000 })]);
    const update = healthUpdate(aggregate!, 'health-t');
    expect(update.TableName).toBe('health-t');
    expect(update.Key).toEqual({ pk: 'target#openai/gpt-4o-mini', sk: 'minute#2026-03-01T12:34Z' });
    const adds = Object.fromEntries(
      Object.entries(update.ExpressionAttributeNames!)
        .filter(([placeholder]) => placeholder.startsWith('#a'))
        .map(([placeholder, name]) => [name, update.ExpressionAttributeValues![placeholder.replace('#', ':')]]),
    );
    expect(adds).toEqual({
      count_ok: 1,
      count_timeout: 1,
      ttfb_le200: 1,
      ttfb_count: 1,
      ttfb_sumMs: 150,
      total_le800: 1,
      total_count: 1,
      total_sumMs: 500,
      outputTokens: 5,
    });
    expect(update.UpdateExpression).toMatch(/^SET #target = :target, #minute = :minute, #expiresAt = :expiresAt ADD #a0 :a0, /);
    expect(update.ExpressionAttributeValues).toMatchObject({ ':target': 'openai/gpt-4o-mini', ':minute': '2026-03-01T12:34Z', ':expiresAt': healthExpiresAt(at) });
  });
});
