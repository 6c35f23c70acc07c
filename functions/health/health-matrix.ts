/**
 * The gateway's in-memory view of every target's health: the stored window (read-health-window.ts)
 * refreshed in the background, plus a local overlay of what this instance saw since, so that its
 * own failures count at once. Reads (`get`, `all`) are synchronous and never wait on DynamoDB.
 *
 * No double counting: an observed sample stays in the overlay until its write is done (the
 * recorder says so through `flushed`) and a refresh that started after that has been installed;
 * that refresh's (strongly consistent) read holds it, so the overlay lets it go. A write that
 * ends while a refresh is reading may be counted twice until the next refresh (one refreshMs at
 * most). Samples whose write failed for good stay until they leave the window.
 *
 * Targets outside the catalog (a `provider/model` a client names, which it may invent at will) are
 * never read from the table: what this instance saw of them is counted per minute in a bounded
 * map (expiring-lru.ts) of the most recently seen, each forgotten once its last sample has left
 * the window. Refreshes are bounded by the catalog, and memory by the catalog plus
 * SWITCHYARD_MAX_FREE_FORM_TARGETS, whatever the names clients send.
 */
import type { DocumentClient } from '../aws/dynamodb/document-client.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import { addHealthSample, emptyHealthAggregate, type HealthAggregate } from './aggregate-health-samples.ts';
import type { BreakerState } from './breaker-item.ts';
import { createExpiringLru } from './expiring-lru.ts';
import { minuteStart } from './health-keys.ts';
import type { HealthSample } from './health-sample.ts';
import type { LastProbe } from './last-probe-item.ts';
import { readHealthWindow, windowStart, type TargetWindow } from './read-health-window.ts';
import { addSampleToTally, healthOfTally, tallyHealth, targetHealth, type HealthTally, type TargetHealth } from './target-health.ts';

export interface HealthMatrixOptions {
  /** The health table; without one the matrix holds only what this instance observes (nothing to refresh). */
  store?: { client: DocumentClient; tableName: string } | undefined;
  /** The catalog's targets (`provider/model`): always kept, and read at every refresh unless `readTargets` says otherwise. */
  targets: readonly string[];
  /** The catalog's targets read at each refresh (those of configured providers); all of `targets` by default. */
  readTargets?: readonly string[];
  /** Targets outside the catalog kept at once, the most recently seen. */
  maxFreeFormTargets: number;
  refreshMs?: number;
  windowMinutes?: number;
  now?: () => number;
  logger: GatewayLogger;
}

/** Minutes of the window health is judged over (the current one included). */
export const HEALTH_WINDOW_MINUTES = 10;

export type TargetSnapshot = TargetHealth & { breaker?: BreakerState; lastProbe?: LastProbe };

export interface HealthMatrix {
  /** Refreshes now, then every refreshMs after the previous refresh ended (an unref'd timer). */
  start(): void;
  /** Settles with the first refresh `start` began (at once when not started, or without a store). */
  loaded(): Promise<void>;
  stop(): void;
  /** Reads the window and installs it; a failure is logged and keeps the previous snapshot. */
  refresh(): Promise<void>;
  get(target: string): TargetSnapshot;
  /** Every known target (the catalog's, then those outside it this instance saw lately) that `include` keeps. */
  all(include?: (target: string) => boolean): TargetSnapshot[];
  /** Counts a sample this instance just saw, at once. */
  observe(sample: HealthSample): void;
  /** Says that these observed samples are now written to the table. */
  flushed(samples: readonly HealthSample[]): void;
}

interface OverlayEntry {
  sample: HealthSample;
  /** The write sequence number at which its write was done; undefined while not written. */
  writtenAt?: number;
}

/**
 * A target's window summed, good while the window starts where the tally's does: a sample observed
 * meanwhile is added to it (the snapshot made again on the next read) rather than the window
 * summed again, as the next request reads the health its predecessor's sample changed.
 */
interface CachedHealth {
  tally: HealthTally;
  /** Undefined when a sample was added since it was made. */
  snapshot: TargetSnapshot | undefined;
}

/** What this instance saw of a target outside the catalog. */
interface FreeFormEntry {
  minutes: Map<number, HealthAggregate>;
  cached?: CachedHealth;
}

export function createHealthMatrix(options: HealthMatrixOptions): HealthMatrix {
  const { store, logger, refreshMs = 5_000, windowMinutes = HEALTH_WINDOW_MINUTES, now = Date.now } = options;
  const catalog = new Set(options.targets);
  const readTargets = [...new Set(options.readTargets ?? options.targets)];
  const freeForm = createExpiringLru<FreeFormEntry>({ capacity: options.maxFreeFormTargets, idleMs: windowMinutes * 60_000, now });
  let stored = new Map<string, TargetWindow>();
  /** Until a read has succeeded, reads go by keys: a new instance's first read (read-health-window.ts). */
  let readOnce = false;
  const overlay = new Map<string, OverlayEntry[]>();
  /**
   * The overlay's samples counted per minute, kept as they come (and recounted when a refresh lets
   * samples go), so that a snapshot after each request does not recount the whole overlay: it
   * holds up to a refresh's worth of this instance's requests.
   */
  const overlayMinutes = new Map<string, Map<number, HealthAggregate>>();
  const entries = new WeakMap<HealthSample, OverlayEntry>();
  /** Counts `flushed` calls: a refresh that started at sequence s holds every write done at or before s. */
  let writes = 0;
  /** The catalog targets' tallies and snapshots. */
  const cache = new Map<string, CachedHealth>();
  /**
   * Without a store nothing is ever flushed or read back: samples are counted per minute as they
   * come, and minutes older than the window dropped, so memory and reads stay bounded by the window.
   */
  const localMinutes = new Map<string, Map<number, HealthAggregate>>();
  const countInMinutes = (minutes: Map<number, HealthAggregate>, sample: HealthSample) => {
    const minute = minuteStart(sample.at);
    let aggregate = minutes.get(minute);
    if (!aggregate) {
      minutes.set(minute, (aggregate = emptyHealthAggregate(sample.target, minute)));
      const oldest = windowStart(now(), windowMinutes);
      for (const old of minutes.keys()) if (old < oldest) minutes.delete(old);
    }
    addHealthSample(aggregate, sample);
  };
  /** A target's minutes in `byTarget`, made on first use. */
  const minutesOf = (byTarget: Map<string, Map<number, HealthAggregate>>, target: string): Map<number, HealthAggregate> => {
    let minutes = byTarget.get(target);
    if (!minutes) byTarget.set(target, (minutes = new Map()));
    return minutes;
  };

  let timer: NodeJS.Timeout | undefined;
  let started = false;
  let firstRefresh: Promise<void> | undefined;
  let current: Promise<void> | undefined;
  let queued: Promise<void> | undefined;

  async function readAndInstall(): Promise<void> {
    if (!store) return;
    const { client, tableName } = store;
    const writesAtStart = writes;
    const at = now();
    let windows: Map<string, TargetWindow>;
    try {
      windows = await readHealthWindow(readTargets, { client, tableName, now: at, windowMinutes, byKeys: !readOnce });
    } catch (error) {
      logger.warn('health: refresh failed, keeping the previous snapshot', { error: error as Error });
      return;
    }
    stored = windows;
    readOnce = true;
    const oldest = windowStart(now(), windowMinutes);
    for (const [target, list] of overlay) {
      const read = windows.has(target);
      const kept = list.filter(({ sample, writtenAt }) => {
        if (minuteStart(sample.at) < oldest) return false;
        return !(read && writtenAt !== undefined && writtenAt <= writesAtStart);
      });
      if (kept.length === list.length) continue;
      if (kept.length > 0) {
        overlay.set(target, kept);
        const minutes = new Map<number, HealthAggregate>();
        for (const entry of kept) countInMinutes(minutes, entry.sample);
        overlayMinutes.set(target, minutes);
      } else {
        overlay.delete(target);
        overlayMinutes.delete(target);
      }
    }
    cache.clear();
  }

  function refresh(): Promise<void> {
    if (!current) {
      current = readAndInstall().finally(() => {
        current = undefined;
      });
      return current;
    }
    // One refresh at a time; a caller during one gets the next, which starts after it.
    queued ??= current.then(() => {
      queued = undefined;
      return refresh();
    });
    return queued;
  }

  function get(target: string): TargetSnapshot {
    const start = windowStart(now(), windowMinutes);
    if (!catalog.has(target)) {
      const entry = freeForm.peek(target);
      if (!entry) return targetHealth(target, [], start, windowMinutes);
      if (entry.cached?.tally.windowStart !== start) entry.cached = { tally: tallyHealth(target, entry.minutes.values(), start, windowMinutes), snapshot: undefined };
      return (entry.cached.snapshot ??= healthOfTally(entry.cached.tally));
    }
    const window = stored.get(target);
    let cached = cache.get(target);
    if (cached?.tally.windowStart !== start) {
      const local = (store ? overlayMinutes : localMinutes).get(target)?.values() ?? [];
      cache.set(target, (cached = { tally: tallyHealth(target, [...(window?.minutes ?? []), ...local], start, windowMinutes), snapshot: undefined }));
    }
    return (cached.snapshot ??= {
      ...healthOfTally(cached.tally),
      ...(window?.breaker ? { breaker: window.breaker } : {}),
      ...(window?.lastProbe ? { lastProbe: window.lastProbe } : {}),
    });
  }

  /** Adds the sample to the target's tally if it is of the current window; otherwise the next read sums the window again. */
  function addToTally(cached: CachedHealth | undefined, sample: HealthSample): CachedHealth | undefined {
    if (cached?.tally.windowStart !== windowStart(now(), windowMinutes)) return undefined;
    addSampleToTally(cached.tally, sample);
    cached.snapshot = undefined;
    return cached;
  }

  return {
    start() {
      if (started) return;
      started = true;
      const loop = () => {
        const run = refresh();
        firstRefresh ??= run;
        void run.then(() => {
          if (!started) return;
          timer = setTimeout(loop, refreshMs);
          timer.unref();
        });
      };
      loop();
    },
    stop() {
      started = false;
      clearTimeout(timer);
    },
    refresh,
    loaded: () => firstRefresh ?? Promise.resolve(),
    get,
    all(include = () => true) {
      return [...catalog, ...freeForm.keys()].filter(include).map(get);
    },
    observe(sample) {
      if (!catalog.has(sample.target)) {
        const entry: FreeFormEntry = freeForm.peek(sample.target) ?? { minutes: new Map() };
        countInMinutes(entry.minutes, sample);
        const cached = addToTally(entry.cached, sample);
        if (cached) entry.cached = cached;
        else delete entry.cached;
        freeForm.set(sample.target, entry);
        return;
      }
      if (!store) {
        countInMinutes(minutesOf(localMinutes, sample.target), sample);
        if (!addToTally(cache.get(sample.target), sample)) cache.delete(sample.target);
        return;
      }
      const entry: OverlayEntry = { sample };
      entries.set(sample, entry);
      const list = overlay.get(sample.target);
      if (list) list.push(entry);
      else overlay.set(sample.target, [entry]);
      countInMinutes(minutesOf(overlayMinutes, sample.target), sample);
      if (!addToTally(cache.get(sample.target), sample)) cache.delete(sample.target);
    },
    flushed(samples) {
      writes += 1;
      for (const sample of samples) {
        const entry = entries.get(sample);
        if (entry) entry.writtenAt = writes;
      }
    },
  };
}
