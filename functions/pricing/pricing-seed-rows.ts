/**
 * The rows a seed writes: the dataset's for every model asked about, with the catalog's overrides
 * applied, leaving out windows that have already ended. Models nobody can price are listed, never
 * given a made-up price.
 */
import { applyPriceOverride } from './apply-price-override.ts';
import { datasetPriceRows } from './dataset-prices.ts';
import type { PriceRow } from './model-price.ts';
import type { PriceOverride } from './price-override-schema.ts';

export interface PricingSeedRowsInput {
  /** `provider/model` ids: the catalog's, and any other a caller wants priced. */
  modelIds: Iterable<string>;
  /** Catalog `pricing` per model id; models only named here are priced too. */
  overrides?: ReadonlyMap<string, PriceOverride>;
  /** Epoch ms (tests fix it). */
  now?: number;
}

export interface PricingSeedRows {
  rows: PriceRow[];
  /** Models with neither a dataset price nor a complete catalog one. */
  unpriced: string[];
}

export function pricingSeedRows({ modelIds, overrides = new Map(), now = Date.now() }: PricingSeedRowsInput): PricingSeedRows {
  const rows: PriceRow[] = [];
  const unpriced: string[] = [];
  for (const target of new Set([...modelIds, ...overrides.keys()])) {
    const dataset = datasetPriceRows(target) ?? [];
    const override = overrides.get(target);
    const priced = override ? applyPriceOverride(target, dataset, override, now) : dataset;
    if (priced.length === 0) unpriced.push(target);
    rows.push(...priced.filter((row) => row.validUntil === undefined || row.validUntil > now));
  }
  return { rows, unpriced };
}
