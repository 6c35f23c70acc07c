/**
 * What this instance knows of each discounted path's turnaround: the samples in the store, read
 * again when older than `maxAgeMs`, plus what it recorded itself since (counted at once, so a
 * worker learns from its own flex calls before its next read). Without a store (no table) it
 * learns only from itself. A path whose provider has just refused it (no such API) has no chance.
 */
import type { GatewayLogger } from '../../observability/logger.ts';
import { turnaroundPrior } from './turnaround-priors.ts';
import { chanceWithin, RECENT_SAMPLES, refusedRecently, type TurnaroundSample } from './turnaround-sample.ts';
import type { TurnaroundStore } from './turnaround-store.ts';

export interface TurnaroundKnowledge {
  /** The chance the path a key names answers within `windowMs` (0 to 1). */
  chance(key: string, windowMs: number): number;
}

export interface TurnaroundBook {
  /** What is known of these keys' paths, reading those not read within `maxAgeMs`. */
  know(keys: readonly string[]): Promise<TurnaroundKnowledge>;
  /** Counts the sample here at once and stores it; never rejects (a sample is knowledge, not an outcome). */
  record(key: string, sample: TurnaroundSample): Promise<void>;
}

export interface TurnaroundBookOptions {
  store?: TurnaroundStore;
  logger: GatewayLogger;
  maxAgeMs?: number;
  now?: () => number;
}

export function createTurnaroundBook({ store, logger, maxAgeMs = 60_000, now = Date.now }: TurnaroundBookOptions): TurnaroundBook {
  const known = new Map<string, { samples: TurnaroundSample[]; readAt: number }>();

  const read = async (key: string): Promise<void> => {
    if (!store) return;
    try {
      known.set(key, { samples: await store.recent(key), readAt: now() });
    } catch (error) {
      // What was known stays (or the prior alone): a path chosen on older knowledge still meets its deadline.
      logger.warn('turnaround samples could not be read', { key, error: error as Error });
    }
  };

  const knowledge: TurnaroundKnowledge = {
    chance: (key, windowMs) => {
      const samples = known.get(key)?.samples ?? [];
      return refusedRecently(samples, now()) ? 0 : chanceWithin(samples, turnaroundPrior(key), windowMs);
    },
  };

  return {
    async know(keys) {
      const stale = keys.filter((key) => {
        const entry = known.get(key);
        return !entry || now() - entry.readAt >= maxAgeMs;
      });
      await Promise.all(stale.map(read));
      return knowledge;
    },
    async record(key, sample) {
      const entry = known.get(key) ?? { samples: [], readAt: store ? Number.NEGATIVE_INFINITY : now() };
      entry.samples = [...entry.samples, sample].slice(-RECENT_SAMPLES);
      known.set(key, entry);
      try {
        await store?.record(key, sample, now());
      } catch (error) {
        logger.warn('a turnaround sample could not be stored', { key, error: error as Error });
      }
    },
  };
}
