/** Rounds within one probe invocation and which targets each round probes, on an injected clock. */
import { describe, expect, it } from 'vitest';
import type { DocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { loadConfig } from '../../functions/config/load-config.ts';
import { createProbe } from '../../functions/health/create-probe.ts';
import { dueProbeTargets } from '../../functions/health/due-probe-targets.ts';
import { ProbeRoundsError, runProbeRounds, type ProbeRoundSummary } from '../../functions/health/run-probe-rounds.ts';
import { silentLogger } from '../local/local-test-helpers.ts';

/** A fake clock: sleeping moves it, and each round takes `roundTakes` ms. */
function fakeTime(start = 1_000_000) {
  let now = start;
  const roundStarts: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      now += ms;
    },
    round: (roundTakes: number, fail?: (index: number) => boolean) => async (): Promise<ProbeRoundSummary> => {
      const index = roundStarts.length;
      roundStarts.push(now - start);
      now += roundTakes;
      if (fail?.(index)) throw new Error('health table unavailable');
      return { targets: 2, samples: 2, outcomes: { ok: 1, timeout: 1 }, items: 3 };
    },
    roundStarts,
    start,
  };
}

describe('runProbeRounds', () => {
  it('runs a round every everyMs for the period, timed from the first, while the deadline allows', async () => {
    const time = fakeTime();
    const summary = await runProbeRounds(time.round(1_500), {
      deadline: time.start + 85_000,
      periodMs: 60_000,
      everyMs: 10_000,
      roundMs: 20_000,
      logger: silentLogger,
      now: time.now,
      sleep: time.sleep,
    });
    expect(time.roundStarts).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000]);
    expect(summary).toEqual({ rounds: 6, targets: 2, samples: 12, outcomes: { ok: 6, timeout: 6 }, items: 18 });
  });

  it('starts no round that could not end before the deadline, and a slow round shortens the wait, not the cadence', async () => {
    const time = fakeTime();
    await runProbeRounds(time.round(12_000), {
      deadline: time.start + 55_000,
      periodMs: 60_000,
      everyMs: 10_000,
      roundMs: 20_000,
      logger: silentLogger,
      now: time.now,
      sleep: time.sleep,
    });
    // 0 ends at 12 s: round 1 starts at once, late; round 2 at 24 s; 30 s + 20 s fits 55 s, 40 s does not.
    expect(time.roundStarts).toEqual([0, 12_000, 24_000, 36_000]);
  });

  it('warns and runs nothing when not even one round fits', async () => {
    const time = fakeTime();
    const warnings: string[] = [];
    const summary = await runProbeRounds(time.round(1), {
      deadline: time.start + 5_000,
      periodMs: 60_000,
      everyMs: 10_000,
      roundMs: 20_000,
      logger: { ...silentLogger, warn: (message: string) => void warnings.push(message) },
      now: time.now,
      sleep: time.sleep,
    });
    expect(summary.rounds).toBe(0);
    expect(warnings).toEqual(['probe: no time for a round before the deadline']);
  });

  it('goes on after a round that could not be recorded, and fails the invocation at the end', async () => {
    const time = fakeTime();
    const run = runProbeRounds(
      time.round(100, (index) => index === 1),
      { deadline: time.start + 90_000, periodMs: 30_000, everyMs: 10_000, roundMs: 20_000, logger: silentLogger, now: time.now, sleep: time.sleep },
    );
    await expect(run).rejects.toThrow(ProbeRoundsError);
    await expect(run).rejects.toThrow('1 of 3 probe rounds could not be recorded');
    expect(time.roundStarts).toEqual([0, 10_000, 20_000]);
  });

  it('stops when aborted', async () => {
    const time = fakeTime();
    const controller = new AbortController();
    const summary = await runProbeRounds(
      async () => {
        controller.abort();
        return { targets: 1, samples: 1, outcomes: { ok: 1 }, items: 2 };
      },
      { deadline: time.start + 90_000, periodMs: 60_000, everyMs: 10_000, roundMs: 20_000, logger: silentLogger, now: time.now, sleep: time.sleep, signal: controller.signal },
    );
    expect(summary.rounds).toBe(1);
  });
});

describe('dueProbeTargets', () => {
  const targets = [
    { name: 'a', target: 'p/a' },
    { name: 'b', target: 'p/b', everyMs: 30_000 },
  ];
  const names = (due: Array<{ name: string }>) => due.map(({ name }) => name);

  it('probes every target first, then each on its own interval, on rounds that drift a little', () => {
    const last = new Map<string, number>();
    const probed: string[][] = [];
    // Rounds every 10 s, each starting 300 ms later than planned.
    for (const at of [0, 10_300, 20_600, 30_900, 41_200, 51_500, 61_800]) {
      const due = dueProbeTargets(targets, last, at, 10_000);
      for (const { target } of due) last.set(target, at);
      probed.push(names(due));
    }
    expect(probed).toEqual([['a', 'b'], ['a'], ['a'], ['a', 'b'], ['a'], ['a'], ['a', 'b']]);
  });

  it('probes a target whose interval is shorter than the rounds every round', () => {
    const last = new Map([['p/c', 0]]);
    expect(names(dueProbeTargets([{ name: 'c', target: 'p/c', everyMs: 1_000 }], last, 9_900, 10_000))).toEqual(['c']);
  });
});

describe('a probe without targets', () => {
  it('returns at once instead of waiting out its minute', async () => {
    let slept = 0;
    const probe = createProbe({
      config: loadConfig({}, { requireGatewayKeys: false }),
      settings: { targetNames: [], timeoutMs: 20_000, everyMs: 10_000 },
      logger: silentLogger,
      client: { send: async () => ({}) } as unknown as DocumentClient,
      tableName: 'health',
      now: () => 1_000_000,
      sleep: async (ms) => void (slept += ms),
    });
    expect(await probe.runFor({ deadline: 1_000_000 + 85_000, periodMs: 60_000 })).toEqual({ rounds: 0, targets: 0, samples: 0, outcomes: {}, items: 0 });
    expect(slept).toBe(0);
  });
});
