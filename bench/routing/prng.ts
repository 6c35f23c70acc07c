/**
 * A seeded PRNG (mulberry32) and the distributions the simulation draws from. Seeded so that a run
 * is reproducible, and derivable from a key so that one request meets the same luck at the same
 * target under every strategy (a fair comparison: only the choices differ).
 */

export type Random = () => number;

export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a over a key's parts: a stable seed for a (seed, request, target, attempt) tuple. */
export function seedOf(...parts: ReadonlyArray<string | number>): number {
  let hash = 0x811c9dc5;
  for (const char of parts.join('\u0000')) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

export const keyedRandom = (...parts: ReadonlyArray<string | number>): Random => mulberry32(seedOf(...parts));

export function normal(random: Random): number {
  // Box–Muller; 1 − u keeps the logarithm finite.
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Lognormal with the given median and 95th percentile (σ = ln(p95 / median) / 1.645). */
export function lognormal(random: Random, median: number, p95: number): number {
  const sigma = Math.log(p95 / median) / 1.645;
  return median * Math.exp(sigma * normal(random));
}

export const exponential = (random: Random, mean: number): number => -mean * Math.log(1 - random());

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

/** Picks a key by weight (weights need not sum to 1). */
export function weighted<K extends string>(random: Random, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as Array<[K, number]>;
  let roll = random() * entries.reduce((sum, [, weight]) => sum + weight, 0);
  for (const [key, weight] of entries) {
    roll -= weight;
    if (roll < 0) return key;
  }
  return entries[entries.length - 1]![0];
}

export const between = (random: Random, low: number, high: number): number => Math.round(low + random() * (high - low));
