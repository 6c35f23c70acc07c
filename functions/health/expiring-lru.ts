/**
 * A map that forgets, for state kept per name a client chooses (a `provider/model` outside the
 * catalog): at most `capacity` entries, and none left unset for `idleMs` or longer (on the
 * injected clock). So what it holds is bounded by the capacity, however many names clients
 * invent, and an idle entry goes without anyone asking for it.
 *
 * Reading (`peek`) neither creates an entry nor makes one recent: only `set` is use. When a `set`
 * leaves it over capacity, another entry goes: the least recently set among those of the lowest
 * `priority` (0 unless told). An entry of priority Infinity is never evicted, for room or for
 * idleness: when every other entry has that priority, the map refuses the new entry rather than
 * drop what must be kept.
 */
export interface ExpiringLruOptions<V> {
  capacity: number;
  idleMs: number;
  /** How much an entry is worth keeping: the lowest goes first when room is needed; Infinity, never. */
  priority?: (value: V) => number;
  now?: () => number;
}

export interface ExpiringLru<V> {
  /** The value while it lives; reading does not make it recent, nor create anything. */
  peek(key: string): V | undefined;
  /**
   * Sets the value and makes it the most recent, evicting beyond the capacity; false when it was
   * refused (every other entry is to be kept) and so is not held.
   */
  set(key: string, value: V): boolean;
  /** The live keys, least recent first. */
  keys(): string[];
}

export function createExpiringLru<V>({ capacity, idleMs, priority = () => 0, now = Date.now }: ExpiringLruOptions<V>): ExpiringLru<V> {
  /** Map order is the order of the last `set`, so the idle entries are at the front. */
  const entries = new Map<string, { value: V; setAt: number }>();
  const idle = (entry: { value: V; setAt: number }) => entry.setAt <= now() - idleMs && priority(entry.value) !== Infinity;

  const pruneIdle = () => {
    const oldest = now() - idleMs;
    for (const [key, entry] of entries) {
      if (entry.setAt > oldest) break;
      if (idle(entry)) entries.delete(key);
    }
  };

  /** The least recent entry but `except` of the lowest priority below Infinity, if any. */
  const leastWorth = (except: string): string | undefined => {
    let found: { key: string; worth: number } | undefined;
    for (const [key, entry] of entries) {
      if (key === except) continue;
      const worth = priority(entry.value);
      if (worth < (found?.worth ?? Infinity)) found = { key, worth };
    }
    return found?.key;
  };

  return {
    peek(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (!idle(entry)) return entry.value;
      entries.delete(key);
      return undefined;
    },
    set(key, value) {
      entries.delete(key);
      entries.set(key, { value, setAt: now() });
      pruneIdle();
      while (entries.size > capacity) {
        const evicted = leastWorth(key) ?? key;
        entries.delete(evicted);
        if (evicted === key) return false;
      }
      return entries.has(key);
    },
    keys() {
      pruneIdle();
      return [...entries.keys()];
    },
  };
}
