/** Window statistics from the fixed-bucket histograms: percentiles, the CDF, error rate, recent against baseline. */
import { describe, expect, it } from 'vitest';
import { aggregateHealthSamples, type LatencyHistogram } from '../../functions/health/aggregate-health-samples.ts';
import type { HealthSample } from '../../functions/health/health-sample.ts';
import { latencyPercentile, OPEN_BUCKET_UPPER_MS, probabilityWithin } from '../../functions/health/latency-percentiles.ts';
import { addSampleToTally, EVIDENCE_HALF_LIFE_MINUTES, healthOfTally, tallyHealth, targetHealth, windowStats } from '../../functions/health/target-health.ts';

const histogram = (buckets: LatencyHistogram['buckets']): LatencyHistogram => ({
  buckets,
  count: Object.values(buckets).reduce((sum, count) => sum + count, 0),
  sumMs: 0,
});

describe('latencyPercentile', () => {
  it('interpolates within the bucket the rank falls in, the first bucket starting at 0', () => {
    // 10 samples in (0, 100], 10 in (100, 200].
    const h = histogram({ le100: 10, le200: 10 });
    expect(latencyPercentile(h, 0.25)).toBe(50);
    expect(latencyPercentile(h, 0.5)).toBe(100);
    expect(latencyPercentile(h, 0.75)).toBe(150);
    expect(latencyPercentile(h, 0.95)).toBe(190);
    expect(latencyPercentile(h, 1)).toBe(200);
  });

  it('skips empty buckets and bounds the open bucket at twice the last bound', () => {
    expect(latencyPercentile(histogram({ le800: 1 }), 0.5)).toBe(600);
    expect(latencyPercentile(histogram({ inf: 2 }), 0.5)).toBe(25_600 + (OPEN_BUCKET_UPPER_MS - 25_600) / 2);
    expect(latencyPercentile(histogram({ inf: 2 }), 0.99)).toBeLessThanOrEqual(OPEN_BUCKET_UPPER_MS);
  });

  it('is null without samples', () => {
    expect(latencyPercentile(histogram({}), 0.5)).toBeNull();
  });
});

describe('probabilityWithin', () => {
  it('is the fraction at or below a latency, interpolated within its bucket', () => {
    const h = histogram({ le100: 2, le400: 2 });
    expect(probabilityWithin(h, 0)).toBe(0);
    expect(probabilityWithin(h, 50)).toBe(0.25);
    expect(probabilityWithin(h, 100)).toBe(0.5);
    // (200, 400] holds 2: half of them below 300.
    expect(probabilityWithin(h, 300)).toBe(0.75);
    expect(probabilityWithin(h, 400)).toBe(1);
    expect(probabilityWithin(h, 1e9)).toBe(1);
    expect(probabilityWithin(histogram({}), 100)).toBeNull();
  });

  it('is the inverse of latencyPercentile', () => {
    const h = histogram({ le100: 3, le400: 5, le3200: 7, inf: 1 });
    for (const q of [0.1, 0.5, 0.9, 0.99]) expect(probabilityWithin(h, latencyPercentile(h, q)!)).toBeCloseTo(q, 10);
  });
});

const minute = Date.parse('2026-03-01T12:00:00Z');
const sample = (fields: Partial<HealthSample>): HealthSample => ({ target: 't/m', outcome: 'ok', ttfbMs: 150, totalMs: 1000, outputTokens: 50, at: minute, ...fields });

describe('windowStats', () => {
  it('counts 5xx, 429, timeout, connection and cut as errors, and leaves 4xx out of the rate', () => {
    const outcomes = ['ok', 'ok', '4xx', '4xx', '5xx', '429', 'timeout', 'connection', 'cut'] as const;
    const [aggregate] = aggregateHealthSamples(outcomes.map((outcome) => sample({ outcome })));
    const stats = windowStats(aggregate!);
    expect(stats.requests).toBe(9);
    expect(stats.errors).toBe(5);
    expect(stats.errorRate).toBe(5 / 7);
  });

  it('gives output tokens per second of ok calls over their total time, and null rates without calls', () => {
    const [aggregate] = aggregateHealthSamples([sample({ outputTokens: 50, totalMs: 1000 }), sample({ outputTokens: 150, totalMs: 3000 }), sample({ outcome: '5xx', outputTokens: 0, totalMs: 10 })]);
    const stats = windowStats(aggregate!);
    expect(stats.outputTokensPerSecond).toBe(50);
    expect(stats.total.mean).toBe(2000);
    expect(stats.ttfb.p50).not.toBeNull();

    const [onlyBad] = aggregateHealthSamples([sample({ outcome: '4xx', ttfbMs: undefined })]);
    const bad = windowStats(onlyBad!);
    expect(bad).toMatchObject({ requests: 1, errors: 0, errorRate: null, outputTokensPerSecond: null, ttfb: { p50: null, p95: null, p99: null, mean: null } });
  });
});

describe('targetHealth', () => {
  it('sums the window, splits the last two minutes (recent) from the rest (baseline), and ignores minutes outside', () => {
    const start = minute;
    const samples = [
      sample({ at: start - 60_000, totalMs: 50 }), // before the window
      sample({ at: start, totalMs: 300 }),
      sample({ at: start + 7 * 60_000, totalMs: 300 }),
      sample({ at: start + 8 * 60_000, totalMs: 5000 }),
      sample({ at: start + 9 * 60_000 + 59_000, totalMs: 5000, outcome: 'timeout', ttfbMs: undefined }),
      sample({ at: start + 10 * 60_000, totalMs: 50 }), // after it
    ];
    const health = targetHealth('t/m', aggregateHealthSamples(samples), start, 10);
    expect(health).toMatchObject({ target: 't/m', windowMinutes: 10, requests: 4, errors: 1 });
    expect(health.recent).toMatchObject({ requests: 2, errors: 1, errorRate: 0.5 });
    expect(health.baseline).toMatchObject({ requests: 2, errors: 0, errorRate: 0 });
    expect(health.recent.total.p95!).toBeGreaterThan(3200);
    expect(health.baseline.total.p95!).toBeLessThanOrEqual(400);
  });

  it('weighs each minute by its age for routing, halving it every EVIDENCE_HALF_LIFE_MINUTES, 4xx left out', () => {
    const start = minute;
    const samples = [
      sample({ at: start + 9 * 60_000 }), // the current minute: weight 1
      sample({ at: start + 9 * 60_000, outcome: '4xx', ttfbMs: undefined }),
      sample({ at: start + 9 * 60_000 - EVIDENCE_HALF_LIFE_MINUTES * 60_000, outcome: '5xx', ttfbMs: undefined }), // half
      sample({ at: start, outcome: '429', ttfbMs: undefined }), // nine minutes old
    ];
    const health = targetHealth('t/m', aggregateHealthSamples(samples), start, 10);
    const oldest = 0.5 ** (9 / EVIDENCE_HALF_LIFE_MINUTES);
    expect(health.weighted.requests).toBeCloseTo(1 + 0.5 + oldest, 12);
    expect(health.weighted.errors).toBeCloseTo(0.5 + oldest, 12);
    expect(targetHealth('t/m', [], start, 10).weighted).toEqual({ requests: 0, errors: 0 });
  });
});

describe('healthOfTally', () => {
  it('gives a health that stays as it was when samples are added to its tally after, the next one counting them', () => {
    const start = minute;
    const tally = tallyHealth('t/m', aggregateHealthSamples([sample({ at: start + 9 * 60_000 }), sample({ at: start + 60_000, outcome: '429', ttfbMs: undefined })]), start, 10);
    const before = healthOfTally(tally);
    const seen = JSON.parse(JSON.stringify(before)) as unknown;
    addSampleToTally(tally, sample({ at: start + 9 * 60_000, outcome: '5xx', ttfbMs: 40 }));
    addSampleToTally(tally, sample({ at: start + 2 * 60_000, outcome: 'ok', ttfbMs: 9_000, totalMs: 9_500 }));
    expect(JSON.parse(JSON.stringify(before))).toEqual(seen);
    const after = healthOfTally(tally);
    expect(after).toMatchObject({ requests: 4, errors: 2, counts: { ok: 2, '429': 1, '5xx': 1 } });
    expect(after.recent).toMatchObject({ requests: 2, counts: { ok: 1, '5xx': 1 } });
    expect(after.baseline).toMatchObject({ requests: 2, counts: { ok: 1, '429': 1 } });
    expect(after.ttfbHistogram.count).toBe(before.ttfbHistogram.count + 2);
  });
});
