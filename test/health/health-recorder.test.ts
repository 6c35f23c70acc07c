/** The gateway's recording of its own samples against the embedded DynamoDB: batched, never failing, retried once. */
import { GetCommand, UpdateCommand } from '../../functions/aws/dynamodb/commands.ts';
import type { DocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHealthMatrix } from '../../functions/health/health-matrix.ts';
import { createHealthRecorder, FLUSH_DUE_AFTER_MS } from '../../functions/health/health-recorder.ts';
import type { HealthSample } from '../../functions/health/health-sample.ts';
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

const clock = Date.parse('2026-03-01T12:34:10Z');
const sample = (target: string, fields: Partial<HealthSample> = {}): HealthSample => ({ target, outcome: 'ok', ttfbMs: 150, totalMs: 500, outputTokens: 5, at: clock, ...fields });
const item = async (target: string) =>
  (await client.send(new GetCommand({ TableName: tableName, Key: { pk: `target#${target}`, sk: 'minute#2026-03-01T12:34Z' } }))).Item;

function setUp(targets: string[], warn?: (message: string, ...extra: unknown[]) => void) {
  const logger = { ...silentLogger, ...(warn ? { warn } : {}) };
  const matrix = createHealthMatrix({ store: { client, tableName }, targets, maxFreeFormTargets: 8, now: () => clock, logger });
  const recorder = createHealthRecorder({ client, tableName, matrix, logger });
  return { matrix, recorder };
}

/** Makes the updates of one target's items fail, `times` times. */
function failUpdates(target: string, times: number) {
  const original = client.send.bind(client);
  let left = times;
  vi.spyOn(client, 'send').mockImplementation((async (command: unknown) => {
    if (command instanceof UpdateCommand && command.input.Key?.pk === `target#${target}` && left > 0) {
      left -= 1;
      throw Object.assign(new Error('throughput exceeded'), { name: 'ProvisionedThroughputExceededException' });
    }
    return original(command as never);
  }) as never);
}

describe('createHealthRecorder', () => {
  it('after a response, writes successes once the oldest has waited a second, and a failure at once', async () => {
    const target = 'openai/recorder-due';
    const logger = silentLogger;
    let now = clock;
    const matrix = createHealthMatrix({ store: { client, tableName }, targets: [target], maxFreeFormTargets: 8, now: () => clock, logger });
    const recorder = createHealthRecorder({ client, tableName, matrix, logger, now: () => now });
    const send = vi.spyOn(client, 'send');
    const updates = () => send.mock.calls.filter(([command]) => command instanceof UpdateCommand).length;

    recorder.record(sample(target));
    now += FLUSH_DUE_AFTER_MS - 1;
    recorder.record(sample(target));
    await recorder.flushIfDue();
    expect(updates()).toBe(0);
    now += 1;
    await recorder.flushIfDue();
    expect(updates()).toBe(1);
    expect(await item(target)).toMatchObject({ count_ok: 2 });

    // A failure does not wait: other instances' breakers need it.
    recorder.record(sample(target, { outcome: '5xx', ttfbMs: undefined }));
    await recorder.flushIfDue();
    expect(updates()).toBe(2);
    expect(await item(target)).toMatchObject({ count_ok: 2, count_5xx: 1 });
    // The failure written, a success waits again.
    recorder.record(sample(target));
    await recorder.flushIfDue();
    expect(updates()).toBe(2);
    now += FLUSH_DUE_AFTER_MS;
    await recorder.flushIfDue();
    expect(updates()).toBe(3);
    // Nothing buffered: nothing to write.
    now += 10 * FLUSH_DUE_AFTER_MS;
    await recorder.flushIfDue();
    expect(updates()).toBe(3);
  });

  it('counts a sample in the matrix at once, writes a flush as one update per target and minute, and never counts it twice', async () => {
    const target = 'openai/recorder-basic';
    const { matrix, recorder } = setUp([target]);
    const send = vi.spyOn(client, 'send');
    recorder.record(sample(target));
    recorder.record(sample(target, { outcome: '429', ttfbMs: undefined }));
    expect(matrix.get(target)).toMatchObject({ requests: 2, errors: 1 });
    expect(send).not.toHaveBeenCalled();

    await recorder.flush();
    expect(send.mock.calls.filter(([command]) => command instanceof UpdateCommand)).toHaveLength(1);
    expect(await item(target)).toMatchObject({ count_ok: 1, count_429: 1 });
    await matrix.refresh();
    expect(matrix.get(target)).toMatchObject({ requests: 2, errors: 1 });
    // Nothing left to write.
    send.mockClear();
    await recorder.flush();
    expect(send).not.toHaveBeenCalled();
  });

  it('does not reject on a failed write, retries only the failed items once, and then drops them', async () => {
    const good = 'openai/recorder-good';
    const bad = 'openai/recorder-bad';
    const warnings: unknown[] = [];
    const { matrix, recorder } = setUp([good, bad], (message, ...extra) => void warnings.push([message, extra[0]]));

    failUpdates(bad, 1);
    recorder.record(sample(good));
    recorder.record(sample(bad));
    await recorder.flush();
    expect(warnings).toEqual([['health: samples not written', expect.objectContaining({ failed: 1, retried: 1, dropped: 0 })]]);
    expect(await item(good)).toMatchObject({ count_ok: 1 });
    expect(await item(bad)).toBeUndefined();

    // The next flush writes the failed one, and only it: the good item is not added twice.
    await recorder.flush();
    expect(await item(good)).toMatchObject({ count_ok: 1 });
    expect(await item(bad)).toMatchObject({ count_ok: 1 });
    await matrix.refresh();
    expect(matrix.get(bad).requests).toBe(1);

    // A sample that fails twice is dropped (and still counted locally while in the window).
    failUpdates(bad, 2);
    recorder.record(sample(bad, { outcome: '5xx', ttfbMs: undefined }));
    await recorder.flush();
    // A failure kept for its retry is still due at once.
    await recorder.flushIfDue();
    expect(warnings.at(-1)).toEqual(['health: samples not written', expect.objectContaining({ failed: 1, retried: 0, dropped: 1 })]);
    vi.restoreAllMocks();
    await recorder.flush();
    expect(await item(bad)).toMatchObject({ count_ok: 1 });
    expect((await item(bad))?.count_5xx).toBeUndefined();
    expect(matrix.get(bad)).toMatchObject({ requests: 2, errors: 1 });
  });

  it('keeps what is recorded during a flush for the next one, and flushes on its timer when given one', async () => {
    const target = 'openai/recorder-timer';
    const matrix = createHealthMatrix({ store: { client, tableName }, targets: [target], maxFreeFormTargets: 8, now: () => clock, logger: silentLogger });
    const recorder = createHealthRecorder({ client, tableName, matrix, logger: silentLogger, flushIntervalMs: 10 });
    try {
      recorder.record(sample(target));
      const flushing = recorder.flush();
      recorder.record(sample(target));
      await flushing;
      await waitFor(async () => (await item(target))?.count_ok === 2 || undefined, 5_000, 'the timer\'s flush');
    } finally {
      await recorder.stop();
    }
    expect((await item(target))?.count_ok).toBe(2);
  });
});
