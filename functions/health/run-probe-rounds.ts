/**
 * Probe rounds within one scheduled invocation: EventBridge invokes the probe once a minute, and
 * the invocation runs a round every `everyMs` (10 s by default) for that minute (`periodMs`),
 * each recorded as it completes, so that health data is at most a round old. A round starts only
 * if it can end before the deadline (the invocation's remaining time less a margin): a round
 * takes up to the probe timeout. Rounds are timed from the first, like a schedule: a slow round
 * shortens the wait, not the cadence. A round whose recording fails does not stop the next; the
 * invocation fails at its end (so the function's Errors alarm still sees it).
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { GatewayLogger } from '../observability/logger.ts';
import type { HealthOutcome } from './health-sample.ts';

export interface ProbeRoundSummary {
  targets: number;
  samples: number;
  outcomes: Partial<Record<HealthOutcome, number>>;
  /** Health items updated. */
  items: number;
}

export interface ProbeRoundsSummary extends ProbeRoundSummary {
  rounds: number;
}

export interface ProbeRoundsOptions {
  /** Epoch ms by which the last round must have ended. */
  deadline: number;
  /** How long this invocation starts rounds for: the schedule's period. */
  periodMs: number;
  everyMs: number;
  /** The longest a round may take (the probe timeout). */
  roundMs: number;
  logger: GatewayLogger;
  signal?: AbortSignal | undefined;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export class ProbeRoundsError extends Error {
  override name = 'ProbeRoundsError';
}

const defaultSleep = (ms: number, signal?: AbortSignal) => sleepFor(ms, undefined, signal ? { signal } : {}).catch(() => {});

export async function runProbeRounds(round: (signal?: AbortSignal) => Promise<ProbeRoundSummary>, options: ProbeRoundsOptions): Promise<ProbeRoundsSummary> {
  const { deadline, periodMs, everyMs, roundMs, logger, signal, now = Date.now, sleep = defaultSleep } = options;
  const first = now();
  const totals: ProbeRoundsSummary = { rounds: 0, targets: 0, samples: 0, outcomes: {}, items: 0 };
  let failures = 0;
  let firstFailure: unknown;
  for (let index = 0; index * everyMs < periodMs; index += 1) {
    const start = first + index * everyMs;
    if (start + roundMs > deadline) {
      if (index === 0) logger.warn('probe: no time for a round before the deadline', { remainingMs: deadline - start, roundMs });
      break;
    }
    const wait = start - now();
    if (wait > 0) await sleep(wait, signal);
    if (signal?.aborted) break;
    try {
      const summary = await round(signal);
      totals.targets = Math.max(totals.targets, summary.targets);
      totals.samples += summary.samples;
      totals.items += summary.items;
      for (const [outcome, count] of Object.entries(summary.outcomes) as Array<[HealthOutcome, number]>) totals.outcomes[outcome] = (totals.outcomes[outcome] ?? 0) + count;
    } catch (error) {
      failures += 1;
      firstFailure ??= error;
      logger.error('probe: round not recorded', { error: error as Error });
    }
    totals.rounds += 1;
  }
  if (failures > 0) throw new ProbeRoundsError(`${failures} of ${totals.rounds} probe rounds could not be recorded`, { cause: firstFailure });
  return totals;
}
