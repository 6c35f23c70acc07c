/**
 * The memory test's rounds summed up (bench/slow-streams.ts): the round of median peak, with every
 * round's waves, so that a stream that failed in any round still fails the goal.
 */
import { describe, expect, it } from 'vitest';
import { medianRound, type MemoryResult, type WaveResult } from '../../bench/slow-streams.ts';

const wave = (failed = 0): WaveResult => ({ streams: 1000, completed: 1000 - failed, failed, firstFailure: failed ? 'reset' : undefined, maxOpen: 1000, seconds: 7.5 });
const round = (rssPeakMB: number, rssBeforeMB: number, failed = 0): MemoryResult => ({ streams: 1000, rssBeforeMB, rssPeakMB, rssAfterMB: rssPeakMB, waves: [wave(), wave(failed)] });

describe('medianRound', () => {
  it('takes the RSS of the round whose peak is the median, and keeps every peak in the order run', () => {
    const summed = medianRound([round(330, 100), round(310, 101), round(320, 102)]);
    expect(summed).toMatchObject({ rssBeforeMB: 102, rssPeakMB: 320, rssAfterMB: 320, peaksMB: [330, 310, 320] });
  });

  it('takes the lower of the two middle rounds for an even count', () => {
    expect(medianRound([round(340, 1), round(300, 2)]).rssPeakMB).toBe(300);
    expect(medianRound([round(340, 1), round(300, 2), round(320, 3), round(310, 4)]).rssPeakMB).toBe(310);
  });

  it("keeps every round's waves, so a failure outside the median round still counts", () => {
    const summed = medianRound([round(330, 100, 3), round(310, 101), round(320, 102)]);
    expect(summed.waves).toHaveLength(6);
    expect(summed.waves.reduce((sum, w) => sum + w.failed, 0)).toBe(3);
  });

  it('refuses no rounds at all', () => {
    expect(() => medianRound([])).toThrow('no rounds');
  });
});
