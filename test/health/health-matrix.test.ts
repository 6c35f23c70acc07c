/**
 * The in-memory health matrix against the embedded DynamoDB: the stored window, the local overlay
 * and how it hands over to the stored counts without counting twice, failed and overlapping
 * refreshes. The clock is injected; each test has targets of its own.
 */
import { TABLE_ACCESS } from '../../lib/constructs/table-access.ts';
import { BatchGetCommand, QueryCommand, type DynamoDbCommand } from '../../functions/aws/dynamodb/commands.ts';
import type { DocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeBreakerState } from '../../functions/health/breaker-item.ts';
import { createHealthMatrix, type HealthMatrixOptions } from '../../functions/health/health-matrix.ts';
import type { HealthSample } from '../../functions/health/health-sample.ts';
import { writeLastProbe } from '../../functions/health/last-probe-item.ts';
import { recordHealthSamples } from '../../functions/health/record-health-samples.ts';
import { aggregateHealthSamples } from '../../functions/health/aggregate-health-samples.ts';
import { windowStart } from '../../functions/health/read-health-window.ts';
import { targetHealth } from '../../functions/health/target-health.ts';
import { silentLogger, waitFor } from '../local/local-test-helpers.ts';
import { useEmbeddedAws } from '../support/use-embedded-aws.ts';

const embedded = useEmbeddedAws();
let client: DocumentClient;
let tableName: string;
beforeAll(() => {
  ({ client } = embedded);
  tableName = embedded.aws.env.HEALTH_TABLE_NAME!;
});
afterEach(() => {
  vi.restoreAllMocks();
});

let clock = Date.parse('2026-03-01T12:34:10Z');
const sample = (target: string, fields: Partial<HealthSample> = {}): HealthSample => ({ target, outcome: 'ok', ttfbMs: 150, totalMs: 500, outputTokens: 5, at: clock, ...fields });
const matrixFor = (targets: string[], options: Partial<HealthMatrixOptions> = {}) =>
  createHealthMatrix({ store: { client, tableName }, targets, maxFreeFormTargets: 8, now: () => clock, logger: silentLogger, ...options });

/** Holds the answers of the table's reads (Query, BatchGetItem) until released: the read has happened, its result not yet installed. */
function holdReads() {
  const original = client.send.bind(client);
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const reads: string[] = [];
  vi.spyOn(client, 'send').mockImplementation((async (command: unknown) => {
    const result = await original(command as never);
    if (command instanceof QueryCommand || command instanceof BatchGetCommand) {
      reads.push(command.operation);
      await released;
    }
    return result;
  }) as never);
  return { release, reads: () => reads };
}

describe('createHealthMatrix', () => {
  it('shows the stored window with the breaker and last probe, and an empty health for a target without items', async () => {
    const target = 'openai/matrix-stored';
    await recordHealthSamples([sample(target), sample(target, { outcome: '5xx', ttfbMs: undefined, at: clock - 60_000 })], { client, tableName });
    await writeBreakerState(client, tableName, target, { state: 'half_open', changedAt: clock, openedAt: clock - 30_000 });
    await writeLastProbe(client, tableName, [{ target, outcome: 'ok', at: clock - 1000, totalMs: 400 }]);
    const matrix = matrixFor([target, 'openai/matrix-empty']);
    expect(matrix.get(target).requests).toBe(0);

    await matrix.refresh();
    expect(matrix.get(target)).toMatchObject({ target, requests: 2, errors: 1, errorRate: 0.5, windowMinutes: 10, breaker: { state: 'half_open' }, lastProbe: { outcome: 'ok', totalMs: 400 } });
    expect(matrix.get('openai/matrix-empty')).toMatchObject({ requests: 0, errorRate: null });
    expect(matrix.get('openai/matrix-empty').breaker).toBeUndefined();
    expect(matrix.all().map((health) => health.target)).toEqual([target, 'openai/matrix-empty']);
  });

  it('counts an observed sample at once, and once only after its write and a refresh that started after it', async () => {
    const target = 'openai/matrix-overlay';
    const matrix = matrixFor([target]);
    const seen = sample(target, { outcome: 'timeout', ttfbMs: undefined });
    matrix.observe(seen);
    expect(matrix.get(target)).toMatchObject({ requests: 1, errors: 1 });

    await recordHealthSamples([seen], { client, tableName });
    matrix.flushed([seen]);
    // The refresh reads it from the table, and the overlay lets it go: one, not two.
    await matrix.refresh();
    expect(matrix.get(target)).toMatchObject({ requests: 1, errors: 1 });
    matrix.observe(sample(target));
    expect(matrix.get(target)).toMatchObject({ requests: 2, errors: 1 });
    // Not written yet: a refresh keeps it.
    await matrix.refresh();
    expect(matrix.get(target)).toMatchObject({ requests: 2, errors: 1 });
  });

  it('lets go of the written samples of a target whose other samples are still unwritten', async () => {
    const target = 'openai/matrix-partly-written';
    const matrix = matrixFor([target]);
    const written = sample(target, { outcome: 'timeout', ttfbMs: undefined });
    matrix.observe(written);
    matrix.observe(sample(target));
    expect(matrix.get(target)).toMatchObject({ requests: 2, errors: 1 });

    await recordHealthSamples([written], { client, tableName });
    matrix.flushed([written]);
    await matrix.refresh();
    // The table holds the written one, the overlay the other: two, not three.
    expect(matrix.get(target)).toMatchObject({ requests: 2, errors: 1 });
  });

  it('keeps a sample written while a refresh was reading, until the next refresh reads it', async () => {
    const target = 'openai/matrix-race';
    const matrix = matrixFor([target]);
    const seen = sample(target);
    matrix.observe(seen);

    const held = holdReads();
    const refreshing = matrix.refresh();
    await waitFor(() => held.reads().length > 0 || undefined, 5_000, 'the read');
    // The read is done (without the sample); the write ends before its result is installed.
    await recordHealthSamples([seen], { client, tableName });
    matrix.flushed([seen]);
    held.release();
    await refreshing;
    expect(matrix.get(target).requests).toBe(1);

    vi.restoreAllMocks();
    await matrix.refresh();
    expect(matrix.get(target).requests).toBe(1);
  });

  it('keeps the previous snapshot when a refresh fails, and says so', async () => {
    const target = 'openai/matrix-failing';
    await recordHealthSamples([sample(target)], { client, tableName });
    const warnings: string[] = [];
    const matrix = matrixFor([target], { logger: { ...silentLogger, warn: (message: string) => void warnings.push(message) } });
    await matrix.refresh();
    vi.spyOn(client, 'send').mockRejectedValue(new Error('throttled') as never);
    await matrix.refresh();
    expect(warnings).toEqual(['health: refresh failed, keeping the previous snapshot']);
    expect(matrix.get(target).requests).toBe(1);
  });

  it('never runs two refreshes at once: a refresh asked for during one starts after it', async () => {
    const target = 'openai/matrix-serial';
    const matrix = matrixFor([target]);
    const held = holdReads();
    const first = matrix.refresh();
    const second = matrix.refresh();
    const third = matrix.refresh();
    await waitFor(() => held.reads().length > 0 || undefined, 5_000, 'the first read');
    // The first read, by keys: one BatchGetItem for one target.
    expect(held.reads()).toEqual(['BatchGetItem']);
    held.release();
    await Promise.all([first, second, third]);
    // The second and third share one refresh, after the first: a Query and the breakers' BatchGetItem.
    expect(held.reads().slice(1).sort()).toEqual(['BatchGetItem', 'Query']);
  });

  it('forgets local samples that left the window, written or not', async () => {
    const target = 'openai/matrix-aging';
    const matrix = matrixFor([target]);
    matrix.observe(sample(target));
    expect(matrix.get(target).requests).toBe(1);
    const saved = clock;
    clock += 10 * 60_000;
    try {
      expect(matrix.get(target).requests).toBe(0);
      await matrix.refresh();
      clock = saved;
      // Pruned at the refresh: back in time, it is not there any more.
      expect(matrix.get(target).requests).toBe(0);
    } finally {
      clock = saved;
    }
  });

  it('lists observed targets beyond the configured ones', () => {
    const matrix = matrixFor(['openai/matrix-listed']);
    matrix.observe(sample('gemini/matrix-observed'));
    expect(matrix.all().map(({ target, requests }) => [target, requests])).toEqual([
      ['openai/matrix-listed', 0],
      ['gemini/matrix-observed', 1],
    ]);
  });

  it('keeps every catalog target, and of the targets outside it only the most recently seen, however many names are sent', () => {
    const matrix = matrixFor(['openai/matrix-catalog'], { maxFreeFormTargets: 3 });
    matrix.observe(sample('openai/matrix-catalog'));
    const invented = Array.from({ length: 50 }, (_, index) => `openai/matrix-invented-${index}`);
    for (const target of invented) matrix.observe(sample(target));
    expect(matrix.all().map(({ target, requests }) => [target, requests])).toEqual([
      ['openai/matrix-catalog', 1],
      ...invented.slice(-3).map((target) => [target, 1]),
    ]);
    expect(matrix.get(invented[0]!).requests).toBe(0);
  });

  it('forgets a target outside the catalog once what it saw of it has left the window, refreshed or not', () => {
    const matrix = matrixFor(['openai/matrix-kept']);
    matrix.observe(sample('openai/matrix-passing'));
    const saved = clock;
    try {
      clock += 9 * 60_000;
      expect(matrix.all().map(({ target }) => target)).toEqual(['openai/matrix-kept', 'openai/matrix-passing']);
      clock += 60_000;
      expect(matrix.all().map(({ target }) => target)).toEqual(['openai/matrix-kept']);
      expect(matrix.get('openai/matrix-passing').requests).toBe(0);
    } finally {
      clock = saved;
    }
  });

  /** The partitions each call of a refresh read, by the kind of call. */
  async function readsOf(matrix: ReturnType<typeof matrixFor>) {
    const send = vi.spyOn(client, 'send');
    await matrix.refresh();
    return send.mock.calls.map(([command]) => {
      if (command instanceof QueryCommand) return { kind: 'Query', partitions: [command.input.ExpressionAttributeValues?.[':pk'] as string], consistent: command.input.ConsistentRead === true };
      if (command instanceof BatchGetCommand) {
        const request = command.input.RequestItems?.[tableName];
        return { kind: 'BatchGet', partitions: (request?.Keys ?? []).map((key) => key.pk as string), consistent: request?.ConsistentRead === true };
      }
      return { kind: command.constructor.name, partitions: [], consistent: false };
    });
  }

  it('reads only the catalog targets from the table, whatever it saw outside the catalog', async () => {
    const matrix = matrixFor(['openai/matrix-read']);
    for (let index = 0; index < 20; index += 1) matrix.observe(sample(`openai/matrix-unread-${index}`));
    const keys = (await readsOf(matrix)).flatMap((read) => read.partitions);
    expect(new Set(keys)).toEqual(new Set(['target#openai/matrix-read']));
  });

  it('reads only readTargets when given (the configured providers\' targets), and keeps the others\' samples', async () => {
    const matrix = matrixFor(['openai/matrix-configured', 'anthropic/matrix-unconfigured'], { readTargets: ['openai/matrix-configured'] });
    await writeBreakerState(client, tableName, 'anthropic/matrix-unconfigured', { state: 'open', changedAt: clock, openedAt: clock, until: clock + 30_000 });
    const keys = (await readsOf(matrix)).flatMap((read) => read.partitions);
    expect(new Set(keys)).toEqual(new Set(['target#openai/matrix-configured']));
    expect(matrix.get('anthropic/matrix-unconfigured').breaker).toBeUndefined();
    // Still a catalog target: its own samples count, and it is listed.
    matrix.observe(sample('anthropic/matrix-unconfigured'));
    expect(matrix.get('anthropic/matrix-unconfigured').requests).toBe(1);
    expect(matrix.all().map((snapshot) => snapshot.target)).toContain('anthropic/matrix-unconfigured');
  });

  it('reads N targets first by keys in BatchGetItem calls of 100, then in N Queries and one BatchGetItem of their breakers', async () => {
    const targets = Array.from({ length: 12 }, (_, index) => `openai/matrix-calls-${index}`);
    await writeBreakerState(client, tableName, targets[7]!, { state: 'open', changedAt: clock, openedAt: clock, until: clock + 30_000, reason: 'timeouts' });
    await recordHealthSamples([sample(targets[3]!), sample(targets[3]!, { at: clock - 9 * 60_000 })], { client, tableName });
    const matrix = matrixFor(targets);
    const partitions = new Set(targets.map((target) => `target#${target}`));

    // A window of 10 minutes is 12 keys a target (its minutes, breaker and last probe): 144 keys.
    const first = await readsOf(matrix);
    // Strongly consistent, as a refresh's minutes must be (health-matrix.ts's overlay).
    expect(first.map((read) => [read.kind, read.partitions.length, read.consistent])).toEqual([
      ['BatchGet', 100, true],
      ['BatchGet', 44, true],
    ]);
    expect(new Set(first.flatMap((read) => read.partitions))).toEqual(partitions);
    expect(matrix.get(targets[7]!).breaker).toMatchObject({ state: 'open', reason: 'timeouts' });
    expect(matrix.get(targets[3]!).requests).toBe(2);
    vi.restoreAllMocks();

    const next = await readsOf(matrix);
    expect(next.filter((read) => read.kind === 'Query' && read.consistent)).toHaveLength(targets.length);
    // The breakers need no consistent read (half the read units).
    expect(next.filter((read) => read.kind === 'BatchGet').map((read) => [new Set(read.partitions), read.consistent])).toEqual([[partitions, false]]);
    expect(next).toHaveLength(targets.length + 1);
    expect(matrix.get(targets[7]!).breaker).toMatchObject({ state: 'open', reason: 'timeouts' });
    expect(matrix.get(targets[6]!).breaker).toBeUndefined();
    expect(matrix.get(targets[3]!).requests).toBe(2);
  });

  it('reads by keys again after a first read that failed', async () => {
    const target = 'openai/matrix-first-failed';
    const matrix = matrixFor([target]);
    vi.spyOn(client, 'send').mockRejectedValueOnce(new Error('throttled') as never);
    await matrix.refresh();
    vi.restoreAllMocks();
    expect((await readsOf(matrix)).map((read) => read.kind)).toEqual(['BatchGet']);
    vi.restoreAllMocks();
    expect((await readsOf(matrix)).map((read) => read.kind).sort()).toEqual(['BatchGet', 'Query']);
  });

  it('makes only the calls the stack grants the gateway and the worker on the health table', async () => {
    // dynalite checks no IAM: a call the grant lacks would fail only when deployed.
    const target = 'openai/matrix-granted';
    const send = vi.spyOn(client, 'send');
    const matrix = matrixFor([target]);
    await matrix.refresh();
    await matrix.refresh();
    await recordHealthSamples([sample(target)], { client, tableName });
    await writeBreakerState(client, tableName, target, { state: 'open', changedAt: clock, openedAt: clock, until: clock + 30_000 });
    const made = new Set(send.mock.calls.map(([command]) => `dynamodb:${(command as DynamoDbCommand<unknown>).operation}`));
    expect([...made].sort()).toEqual(['dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:UpdateItem']);
    expect([...TABLE_ACCESS.healthMatrix.items.flatMap((item) => item.actions)].sort()).toEqual([...made].sort());
  });

  it('refreshes in the background once started, until stopped', async () => {
    const target = 'openai/matrix-background';
    const matrix = matrixFor([target], { refreshMs: 10 });
    matrix.start();
    try {
      await recordHealthSamples([sample(target)], { client, tableName });
      await waitFor(() => matrix.get(target).requests === 1 || undefined, 5_000, 'a background refresh');
    } finally {
      matrix.stop();
      // A refresh may still be reading: let it end before the file's DynamoDB closes under it.
      await matrix.refresh();
    }
  });
});

describe('without a store', () => {
  it('counts what it observes at once, and forgets minutes that have left the window', () => {
    let now = Date.parse('2026-03-01T12:00:10Z');
    const matrix = createHealthMatrix({ targets: ['openai/gpt-4o-mini'], maxFreeFormTargets: 8, now: () => now, logger: silentLogger, windowMinutes: 10 });
    const at = (when: number, outcome: HealthSample['outcome']): HealthSample => ({ target: 'openai/gpt-4o-mini', outcome, ttfbMs: 100, totalMs: 300, outputTokens: 10, at: when });
    matrix.observe(at(now, 'ok'));
    matrix.observe(at(now, '5xx'));
    expect(matrix.get('openai/gpt-4o-mini')).toMatchObject({ requests: 2, errors: 1 });

    now += 11 * 60_000;
    matrix.observe(at(now, 'ok'));
    expect(matrix.get('openai/gpt-4o-mini')).toMatchObject({ requests: 1, errors: 0 });
  });

  it('adds each sample to the health it last read as a recount of the window would, and leaves a health already read as it was', () => {
    let now = Date.parse('2026-03-01T12:00:10Z');
    const targets = ['openai/gpt-4o-mini', 'example/free-form'];
    const matrix = createHealthMatrix({ targets: targets.slice(0, 1), maxFreeFormTargets: 8, now: () => now, logger: silentLogger, windowMinutes: 10 });
    const outcomes: HealthSample['outcome'][] = ['ok', 'ok', '5xx', '4xx', '429', 'ok', 'timeout', 'ok', 'cut', 'ok'];
    const seen: HealthSample[] = [];
    for (let i = 0; i < 60; i++) {
      // Two samples a minute for the window and beyond it, some of them of calls that started minutes earlier (outside the window once).
      now += 30_000;
      const target = targets[i % 2]!;
      const sample: HealthSample = { target, outcome: outcomes[i % outcomes.length]!, ttfbMs: 40 + 97 * (i % 13), totalMs: 300 + 811 * (i % 7), outputTokens: i, at: now - (i % 5 === 0 ? 11 * 60_000 : (i % 3) * 60_000) };
      const before = matrix.get(target);
      const readBefore = structuredClone(before);
      matrix.observe(sample);
      seen.push(sample);
      expect(before).toEqual(readBefore);

      const recounted = targetHealth(target, aggregateHealthSamples(seen.filter((s) => s.target === target)), windowStart(now, 10), 10);
      const { weighted, ...health } = matrix.get(target);
      const { weighted: recountedWeighted, ...recountedHealth } = recounted;
      expect(health).toEqual(recountedHealth);
      expect(weighted.requests).toBeCloseTo(recountedWeighted.requests, 9);
      expect(weighted.errors).toBeCloseTo(recountedWeighted.errors, 9);
    }
  });
});
