/**
 * The prices requests use, in memory (built from the pricing table by the snapshot, never read
 * from DynamoDB on a request). At any instant a target's price is the row that applies then and is
 * the most specific: a row with an end or a daily window over an open-ended one (both over either),
 * then the later start (a price change replaces the price before it), then an operator's row over
 * the catalog's over the dataset's. A target without a row has no price: undefined, never a guess.
 */
import { estimateCost, discount, type CostEstimateInput } from './cost.ts';
import { dailyBoundaries, isWithinDaily } from './daily-window.ts';
import type { PriceRow, ServiceTier } from './model-price.ts';

export interface CheaperWindowOptions {
  /**
   * Compare prices by the cost of this request. Without it a price is cheaper only when none of
   * its token prices is higher and one is lower (so a cheaper input with a dearer output is not).
   */
  estimate?: CostEstimateInput;
  /** The tier the request would run at (its discount applies to both prices); standard by default. */
  tier?: ServiceTier;
}

export interface CheaperWindow {
  /** Epoch ms at which the cheaper price begins. */
  at: number;
  price: PriceRow;
}

export interface PriceBook {
  /** The row that applies to `target` at `atMs` (now by default), or undefined when it has none. */
  priceAt(target: string, atMs?: number): PriceRow | undefined;
  /**
   * The earliest instant in (fromMs, untilMs] at which a cheaper price than at `fromMs` applies,
   * with that price; undefined when none does in that time (or the target has no price).
   */
  nextCheaperWindow(target: string, fromMs: number, untilMs: number, options?: CheaperWindowOptions): CheaperWindow | undefined;
  /** The targets with at least one row. */
  targets(): string[];
}

export interface PriceBookOptions {
  rows: readonly PriceRow[];
  /** The clock for `priceAt` without a time, epoch ms. */
  now?: () => number;
}

const SOURCE_RANK = { operator: 2, catalog: 1 } as const;

export function createPriceBook({ rows, now = Date.now }: PriceBookOptions): PriceBook {
  const byTarget = new Map<string, PriceRow[]>();
  for (const row of rows) {
    const list = byTarget.get(row.target);
    if (list) list.push(row);
    else byTarget.set(row.target, [row]);
  }

  const priceAt = (target: string, atMs: number = now()): PriceRow | undefined => {
    let best: PriceRow | undefined;
    for (const row of byTarget.get(target) ?? []) if (applies(row, atMs) && (!best || outranks(row, best))) best = row;
    return best;
  };

  return {
    priceAt,
    nextCheaperWindow(target, fromMs, untilMs, options = {}) {
      const current = priceAt(target, fromMs);
      if (!current || untilMs <= fromMs) return undefined;
      const instants = new Set<number>();
      const within = (instant: number | undefined) => instant !== undefined && instant > fromMs && instant <= untilMs;
      for (const row of byTarget.get(target) ?? []) {
        if (within(row.validFrom)) instants.add(row.validFrom);
        if (within(row.validUntil)) instants.add(row.validUntil!);
        if (row.daily) for (const instant of dailyBoundaries(row.daily, fromMs, untilMs)) instants.add(instant);
      }
      for (const at of [...instants].sort((a, b) => a - b)) {
        const price = priceAt(target, at);
        if (price && isCheaper(price, current, options)) return { at, price };
      }
      return undefined;
    },
    targets: () => [...byTarget.keys()],
  };
}

function applies(row: PriceRow, atMs: number): boolean {
  if (atMs < row.validFrom || (row.validUntil !== undefined && atMs >= row.validUntil)) return false;
  return !row.daily || isWithinDaily(row.daily, atMs);
}

function outranks(row: PriceRow, other: PriceRow): boolean {
  const specificity = (r: PriceRow) => (r.validUntil !== undefined ? 1 : 0) + (r.daily ? 1 : 0);
  if (specificity(row) !== specificity(other)) return specificity(row) > specificity(other);
  if (row.validFrom !== other.validFrom) return row.validFrom > other.validFrom;
  return sourceRank(row) > sourceRank(other);
}

const sourceRank = (row: PriceRow): number => (row.source === 'operator' || row.source === 'catalog' ? SOURCE_RANK[row.source] : 0);

function isCheaper(candidate: PriceRow, current: PriceRow, { estimate, tier = 'standard' }: CheaperWindowOptions): boolean {
  if (estimate) return estimateCost(estimate, candidate, tier) < estimateCost(estimate, current, tier);
  const fields = ['inputPerMTok', 'outputPerMTok', 'cachedInputPerMTok', 'cacheWritePerMTok'] as const;
  const a = 1 - discount(candidate, tier);
  const b = 1 - discount(current, tier);
  return fields.every((field) => candidate[field] * a <= current[field] * b) && fields.some((field) => candidate[field] * a < current[field] * b);
}
