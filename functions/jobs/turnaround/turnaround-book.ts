/**
 * What this instance knows of each discounted path's turnaround: the samples in the store, read
 * again when older than `maxAgeMs`, plus what it recorded itself since (counted at once, so a
 * worker learns from its own flex calls before its next read). Without a store (no table) it
 * learns only from itself. A path its provider has refused recently (path-refusal.ts), for every
 * model or for the target asked about, has no chance; refusals never count among the samples.
 */
import type { GatewayLogger } from '../../observability/logger.ts';
import { REFUSAL_MEMORY_MS, refusedRecently, type PathRefusal } from './path-refusal.ts';
import { refusableTurnaroundKey, turnaroundPrior } from './turnaround-priors.ts';
import { chanceWithin, RECENT_SAMPLES, type TurnaroundSample } from './turnaround-sample.ts';
import type { TurnaroundStore } from './turnaround-store.ts';

export interface TurnaroundKnowledge {
  /**
   * The chance the path a key names answers within `windowMs` (0 to 1); for `targetId`, 0 while
   * the provider has refused the path for it (or for every model).
   */
  chance(key: string, windowMs: number, targetId?: string): number;
}

export interface TurnaroundBook {
  /** What is known of these keys' paths, reading those not read within `maxAgeMs`. */
  know(keys: readonly string[]): Promise<TurnaroundKnowledge>;
  /** Counts the sample here at once and stores it; never rejects (a sample is knowledge, not an outcome). */
  record(key: string, sample: TurnaroundSample): Promise<void>;
  /** Counts the refusal here at once and stores it; never rejects. */
  refuse(key: string, refusal: PathRefusal): Promise<void>;
}

export interface TurnaroundBookOptions {
  store?: TurnaroundStore;
  logger: GatewayLogger;
  maxAgeMs?: number;
  now?: () => number;
}

interface Known {
  samples: TurnaroundSample[];
  refusals: PathRefusal[];
  readAt: number;
}

export function createTurnaroundBook({ store, logger, maxAgeMs = 60_000, now = Date.now }: TurnaroundBookOptions): TurnaroundBook {
  const known = new Map<string, Known>();
  const entry = (key: string): Known => {
    const found = known.get(key) ?? { samples: [], refusals: [], readAt: store ? Number.NEGATIVE_INFINITY : now() };
    known.set(key, found);
    return found;
  };

  const read = async (key: string): Promise<void> => {
    if (!store) return;
    try {
      const at = now();
      const [samples, refusals] = await Promise.all([store.recent(key), refusableTurnaroundKey(key) ? store.refusals(key, at) : []]);
      known.set(key, { samples, refusals, readAt: at });
    } catch (error) {
      // What was known stays (or the prior alone): a path chosen on older knowledge still meets its deadline.
      logger.warn('turnaround samples could not be read', { key, error: error as Error });
    }
  };

  const knowledge: TurnaroundKnowledge = {
    chance: (key, windowMs, targetId) => {
      const { samples = [], refusals = [] } = known.get(key) ?? {};
      return refusedRecently(refusals, targetId, now()) ? 0 : chanceWithin(samples, turnaroundPrior(key), windowMs);
    },
  };

  return {
    async know(keys) {
      const stale = keys.filter((key) => {
        const found = known.get(key);
        return !found || now() - found.readAt >= maxAgeMs;
      });
      await Promise.all(stale.map(read));
      return knowledge;
    },
    async record(key, sample) {
      const found = entry(key);
      found.samples = [...found.samples, sample].slice(-RECENT_SAMPLES);
      try {
        await store?.record(key, sample, now());
      } catch (error) {
        logger.warn('a turnaround sample could not be stored', { key, error: error as Error });
      }
    },
    async refuse(key, refusal) {
      const found = entry(key);
      found.refusals = [...found.refusals.filter((earlier) => now() - earlier.at < REFUSAL_MEMORY_MS), refusal];
      try {
        await store?.refuse(key, refusal);
      } catch (error) {
        logger.warn('a path refusal could not be stored', { key, error: error as Error });
      }
    },
  };
}
