/**
 * A map that forgets, for state kept per name a client chooses (a `provider/model` outside the
 * catalog): at most `capacity` entries, the least recently set going first, and none left unset
 * for `idleMs` or longer (on the injected clock). So what it holds is bounded by the capacity,
 * however many names clients invent, and an idle entry goes without anyone asking for it.
 */
export interface ExpiringLruOptions {
  capacity: number;
  idleMs: number;
  now?: () => number;
}

export interface ExpiringLru<V> {
  /** The value while it lives; reading does not make it recent. */
  get(key: string): V | undefined;
  /** Sets the value and makes it the most recent, evicting the least recent beyond the capacity. */
  set(key: string, value: V): void;
  /** The live keys, least recent first. */
  keys(): string[];
  readonly size: number;
}

export function createExpiringLru<V>({ capacity, idleMs, now = Date.now }: ExpiringLruOptions): ExpiringLru<V> {
  /** Map order is the order of the last `set`, so the idle entries are at the front. */
  const entries = new Map<string, { value: V; setAt: number }>();

  const pruneIdle = () => {
    const oldest = now() - idleMs;
    for (const [key, entry] of entries) {
      if (entry.setAt > oldest) break;
      entries.delete(key);
    }
  };

  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.setAt > now() - idleMs) return entry.value;
      entries.delete(key);
      return undefined;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, { value, setAt: now() });
      pruneIdle();
      for (const key of entries.keys()) {
        if (entries.size <= capacity) break;
        entries.delete(key);
      }
    },
    keys() {
      pruneIdle();
      return [...entries.keys()];
    },
    get size() {
      pruneIdle();
      return entries.size;
    },
  };
}
