/** The window read and the breaker and last-probe items, against the embedded DynamoDB through the real SDK. */
import { GetCommand, PutCommand } from '../../functions/aws/dynamodb/commands.ts';
import type { DocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeBreakerState } from '../../functions/health/breaker-item.ts';
import type { HealthSample } from '../../functions/health/health-sample.ts';
import { writeLastProbe } from '../../functions/health/last-probe-item.ts';
import { readHealthWindow } from '../../functions/health/read-health-window.ts';
import { recordHealthSamples } from '../../functions/health/record-health-samples.ts';
import { useEmbeddedAws } from '../support/use-embedded-aws.ts';

const embedded = useEmbeddedAws();
let client: DocumentClient;
let tableName: string;
beforeAll(() => {
  ({ client } = embedded);
  tableName = embedded.aws.env.HEALTH_TABLE_NAME!;
});

const now = Date.parse('2026-03-01T12:34:56Z');
const sample = (fields: Partial<HealthSample>): HealthSample => ({ target: 'openai/gpt-4o-mini', outcome: 'ok', ttfbMs: 150, totalMs: 500, outputTokens: 5, at: now, ...fields });

describe.each([
  { by: 'Query', byKeys: false },
  { by: 'keys', byKeys: true },
])('readHealthWindow by $by', ({ by, byKeys }) => {
  it('reads the window\'s minutes, the breaker and the last probe of each target, and nothing older', async () => {
    const target = `openai/window-a-${by}`;
    await recordHealthSamples(
      [
        sample({ target, at: now - 10 * 60_000 }), // 12:24, one minute before a 10-minute window
        sample({ target, at: now - 9 * 60_000 }), // 12:25, the window's first minute
        sample({ target, at: now - 60_000, outcome: '5xx', ttfbMs: undefined }),
        sample({ target, at: now, ttfbMs: 3000, totalMs: 4000, outputTokens: 7 }),
        sample({ target: `openai/window-b-${by}`, at: now }),
      ],
      { client, tableName },
    );
    await writeBreakerState(client, tableName, target, { state: 'open', changedAt: now - 5000, openedAt: now - 5000, until: now + 25_000, reason: '5 errors in 10 calls' });
    await writeLastProbe(client, tableName, [{ target, outcome: 'ok', at: now - 3000, ttfbMs: 120.4, totalMs: 480.6 }]);

    const windows = await readHealthWindow([target, `openai/window-b-${by}`, 'openai/nothing'], { client, tableName, now, windowMinutes: 10, byKeys });
    const a = windows.get(target)!;
    expect(a.minutes.map(({ minute }) => new Date(minute).toISOString())).toEqual(['2026-03-01T12:25:00.000Z', '2026-03-01T12:33:00.000Z', '2026-03-01T12:34:00.000Z']);
    expect(a.minutes[1]).toMatchObject({ target, counts: { ok: 0, '5xx': 1 }, ttfb: { count: 0 }, total: { count: 0 } });
    expect(a.minutes[2]).toMatchObject({ counts: { ok: 1, '5xx': 0 }, ttfb: { buckets: { le3200: 1 }, count: 1, sumMs: 3000 }, total: { buckets: { le6400: 1 }, count: 1, sumMs: 4000 }, outputTokens: 7 });
    expect(a.breaker).toEqual({ state: 'open', changedAt: now - 5000, openedAt: now - 5000, until: now + 25_000, reason: '5 errors in 10 calls' });
    expect(a.lastProbe).toEqual({ target, outcome: 'ok', at: now - 3000, ttfbMs: 120, totalMs: 481 });
    expect(windows.get(`openai/window-b-${by}`)!.minutes).toHaveLength(1);
    expect(windows.get('openai/nothing')).toEqual({ target: 'openai/nothing', minutes: [] });
  });

  it('leaves out expired items, as DynamoDB deletes them late and dynalite never', async () => {
    const target = `openai/expired-${by}`;
    const expired = Math.floor(now / 1000) - 1;
    await client.send(new PutCommand({ TableName: tableName, Item: { pk: `target#${target}`, sk: 'minute#2026-03-01T12:34Z', target, count_ok: 3, expiresAt: expired } }));
    await client.send(new PutCommand({ TableName: tableName, Item: { pk: `target#${target}`, sk: 'breaker', target, state: 'open', changedAt: now, expiresAt: expired } }));
    await client.send(new PutCommand({ TableName: tableName, Item: { pk: `target#${target}`, sk: 'probe', target, outcome: 'ok', at: now, totalMs: 1, expiresAt: expired } }));
    expect((await readHealthWindow([target], { client, tableName, now, windowMinutes: 10, byKeys })).get(target)).toEqual({ target, minutes: [] });
  });
});

describe('writeBreakerState', () => {
  it('stores a newer state over an older one and refuses an older one, removing fields the new state lacks', async () => {
    const target = 'openai/breaker';
    const read = async () => (await client.send(new GetCommand({ TableName: tableName, Key: { pk: `target#${target}`, sk: 'breaker' } }))).Item;
    expect(await writeBreakerState(client, tableName, target, { state: 'open', changedAt: 1000, openedAt: 1000, until: 31_000, reason: 'timeouts' })).toBe(true);
    expect(await writeBreakerState(client, tableName, target, { state: 'closed', changedAt: 40_000, openedAt: 1000 })).toBe(true);
    // A slow instance's `open` from before the close: refused, the close stands.
    expect(await writeBreakerState(client, tableName, target, { state: 'open', changedAt: 2000, openedAt: 2000, until: 32_000 })).toBe(false);
    expect(await read()).toEqual({ pk: `target#${target}`, sk: 'breaker', target, state: 'closed', changedAt: 40_000, openedAt: 1000, expiresAt: 40 + 7 * 24 * 3600 });
  });

  it('rejects on a failure other than a newer state', async () => {
    await expect(writeBreakerState(client, 'no-such-table', 'openai/x', { state: 'open', changedAt: 1 })).rejects.toThrow();
  });
});

describe('writeLastProbe', () => {
  it('keeps the latest probe: an earlier result written late does not replace it, and is not a failure', async () => {
    const target = 'openai/last-probe';
    await writeLastProbe(client, tableName, [{ target, outcome: '5xx', at: now, totalMs: 30, status: 502, code: 'upstream_error' }]);
    await writeLastProbe(client, tableName, [{ target, outcome: 'ok', at: now - 10_000, ttfbMs: 100, totalMs: 200 }]);
    const windows = await readHealthWindow([target], { client, tableName, now, windowMinutes: 10 });
    expect(windows.get(target)!.lastProbe).toEqual({ target, outcome: '5xx', at: now, totalMs: 30, status: 502, code: 'upstream_error' });
  });
});
