/**
 * The memory test: many slow streams open at once through one proxy process, with the process's
 * RSS sampled before, throughout and after; one stream in ten is read slowly (the client stops
 * reading for twice the upstream's interval after each chunk). Every stream must end with `data: [DONE]`.
 */
import { openPool, send, type RequestSpec } from './load.ts';
import { rssMB, sampleRss } from './proc-stats.ts';

export interface WaveResult {
  streams: number;
  completed: number;
  failed: number;
  firstFailure: string | undefined;
  /** Most streams streaming at the same moment (first event received, last not yet). */
  maxOpen: number;
  seconds: number;
}

export interface MemoryResult {
  streams: number;
  rssBeforeMB: number;
  rssPeakMB: number;
  rssAfterMB: number;
  waves: WaveResult[];
  /** When several rounds are summed up (medianRound): each round's peak, in the order run. */
  peaksMB?: number[];
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const SLOW_READER_EVERY = 10;

/** Opens `count` streams, `batch` at a time every `everyMs` (a listen backlog is 511 by default). */
async function wave(origin: string, spec: RequestSpec, count: number, readPauseMs: number, batch = 50, everyMs = 20): Promise<WaveResult> {
  const pool = openPool(origin, count);
  const started = performance.now();
  let open = 0;
  let maxOpen = 0;
  let completed = 0;
  let failed = 0;
  let firstFailure: string | undefined;
  const pending: Array<Promise<void>> = [];
  for (let sent = 0; sent < count; sent += batch) {
    for (let i = sent; i < Math.min(count, sent + batch); i++) {
      let streaming = false;
      const onFirstByte = () => {
        streaming = true;
        maxOpen = Math.max(maxOpen, ++open);
      };
      pending.push(
        send(pool, spec, onFirstByte, i % SLOW_READER_EVERY === 0 ? readPauseMs : 0).then((sample) => {
          if (streaming) open--;
          if (sample.ok) completed++;
          else {
            failed++;
            firstFailure ??= sample.error;
          }
        }),
      );
    }
    await settle(everyMs);
  }
  await Promise.all(pending);
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  return { streams: count, completed, failed, firstFailure, maxOpen, seconds };
}

/** `readPauseMs`: how long the slow readers stop after each chunk. */
export async function measureSlowStreams(origin: string, pid: number, spec: RequestSpec, count: number, waves: number, readPauseMs: number): Promise<MemoryResult> {
  await settle(500);
  const rssBeforeMB = rssMB(pid);
  const sampler = sampleRss(pid);
  const results: WaveResult[] = [];
  for (let i = 0; i < waves; i++) results.push(await wave(origin, spec, count, readPauseMs));
  const rssPeakMB = sampler.stop();
  await settle(1_000);
  return { streams: count, rssBeforeMB, rssPeakMB, rssAfterMB: rssMB(pid), waves: results };
}

/**
 * Rounds of the test, each in a fresh process, as one result: the RSS of the round whose peak is
 * the median (the lower of the two middle ones for an even count), every round's waves (so that
 * every stream of every round must end), and every round's peak. One process's peak moved by up
 * to 39 MB from one start to the next here, more than the differences the goal judges.
 */
export function medianRound(rounds: readonly MemoryResult[]): MemoryResult {
  if (rounds.length === 0) throw new Error('medianRound: no rounds');
  const median = [...rounds].sort((a, b) => a.rssPeakMB - b.rssPeakMB)[(rounds.length - 1) >> 1]!;
  return { ...median, waves: rounds.flatMap((round) => round.waves), peaksMB: rounds.map((round) => round.rssPeakMB) };
}
