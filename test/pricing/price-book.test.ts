/** Lookups in the in-memory price book: which row applies when, and when a cheaper one begins. */
import { describe, expect, it } from 'vitest';
import { datasetPriceRows } from '../../functions/pricing/dataset-prices.ts';
import type { PriceRow } from '../../functions/pricing/model-price.ts';
import { createPriceBook } from '../../functions/pricing/price-book.ts';

const T = 'openai/m';
const at = (iso: string) => Date.parse(iso);
const row = (fields: Partial<PriceRow>): PriceRow => ({
  target: T,
  validFrom: 0,
  source: 'genai-prices@0.0.0',
  inputPerMTok: 2,
  outputPerMTok: 8,
  cachedInputPerMTok: 0.5,
  cacheWritePerMTok: 2,
  batchDiscount: 0.5,
  flexDiscount: 0,
  ...fields,
});

describe('priceAt', () => {
  const base = row({});
  const change = row({ validFrom: at('2026-01-01T00:00:00Z'), inputPerMTok: 1.5 });
  const promo = row({ source: 'catalog', validFrom: at('2026-02-01T00:00:00Z'), validUntil: at('2026-02-08T00:00:00Z'), inputPerMTok: 1 });
  const offPeak = row({ source: 'catalog', daily: { from: '22:00', until: '06:00', timezone: 'UTC' }, inputPerMTok: 0.8 });
  const book = createPriceBook({ rows: [base, change, promo] });

  it('gives the latest open-ended row that has begun: a dated price change replaces the base price', () => {
    expect(book.priceAt(T, at('2025-12-31T12:00:00Z'))).toBe(base);
    expect(book.priceAt(T, at('2026-01-01T00:00:00Z'))).toBe(change);
  });

  it('prefers a window over the open-ended price while it lasts, its end exclusive', () => {
    expect(book.priceAt(T, at('2026-02-01T12:00:00Z'))).toBe(promo);
    expect(book.priceAt(T, at('2026-02-08T00:00:00Z'))).toBe(change);
  });

  it('evaluates a daily window at the instant asked about, across midnight', () => {
    const nightly = createPriceBook({ rows: [base, change, promo, offPeak] });
    expect(nightly.priceAt(T, at('2026-03-01T21:59:59Z'))).toBe(change);
    expect(nightly.priceAt(T, at('2026-03-01T23:00:00Z'))).toBe(offPeak);
    expect(nightly.priceAt(T, at('2026-03-02T05:59:59Z'))).toBe(offPeak);
    expect(nightly.priceAt(T, at('2026-03-02T06:00:00Z'))).toBe(change);
  });

  it('prefers a window limited to certain hours over a window without', () => {
    const nightPromo = row({ source: 'operator', validFrom: at('2026-02-01T00:00:00Z'), validUntil: at('2026-02-08T00:00:00Z'), daily: { from: '00:00', until: '01:00', timezone: 'UTC' }, inputPerMTok: 0.1 });
    const withNight = createPriceBook({ rows: [base, promo, nightPromo] });
    expect(withNight.priceAt(T, at('2026-02-02T00:30:00Z'))).toBe(nightPromo);
    expect(withNight.priceAt(T, at('2026-02-02T01:30:00Z'))).toBe(promo);
  });

  it('prefers an operator\'s row over the catalog\'s over the dataset\'s when all else is equal', () => {
    const catalog = row({ source: 'catalog', inputPerMTok: 3 });
    const operator = row({ source: 'operator', inputPerMTok: 4 });
    expect(createPriceBook({ rows: [operator, base, catalog] }).priceAt(T, 0)).toBe(operator);
    expect(createPriceBook({ rows: [catalog, base] }).priceAt(T, 0)).toBe(catalog);
  });

  it('uses its clock when no time is given, and has no price for a target it does not know or before its first row', () => {
    const clocked = createPriceBook({ rows: [change], now: () => at('2026-06-01T00:00:00Z') });
    expect(clocked.priceAt(T)).toBe(change);
    expect(clocked.priceAt(T, at('2025-06-01T00:00:00Z'))).toBeUndefined();
    expect(clocked.priceAt('openai/other', at('2026-06-01T00:00:00Z'))).toBeUndefined();
    expect(clocked.targets()).toEqual([T]);
  });

  it('follows a daily window in a zone with daylight saving time', () => {
    const paris = row({ source: 'catalog', daily: { from: '22:00', until: '06:00', timezone: 'Europe/Paris' }, inputPerMTok: 0.8 });
    const zoned = createPriceBook({ rows: [base, paris] });
    // Winter: Paris is UTC+1, so 22:00 local is 21:00 UTC; summer: UTC+2, 20:00 UTC.
    expect(zoned.priceAt(T, at('2026-01-15T21:00:00Z'))).toBe(paris);
    expect(zoned.priceAt(T, at('2026-01-15T20:59:00Z'))).toBe(base);
    expect(zoned.priceAt(T, at('2026-07-15T20:00:00Z'))).toBe(paris);
    expect(zoned.priceAt(T, at('2026-07-15T04:00:00Z'))).toBe(base);
  });
});

describe('nextCheaperWindow', () => {
  it('finds DeepSeek\'s off-peak hours from the dataset: 16:30 UTC, at the off-peak price', () => {
    const book = createPriceBook({ rows: datasetPriceRows('deepseek/deepseek-chat')! });
    const next = book.nextCheaperWindow('deepseek/deepseek-chat', at('2026-03-02T09:00:00Z'), at('2026-03-03T09:00:00Z'));
    expect(next?.at).toBe(at('2026-03-02T16:30:00Z'));
    expect(next?.price).toMatchObject({ inputPerMTok: 0.135, outputPerMTok: 0.55 });
    // Already off-peak: nothing cheaper until the next off-peak window, which is no cheaper.
    expect(book.nextCheaperWindow('deepseek/deepseek-chat', at('2026-03-02T17:00:00Z'), at('2026-03-04T17:00:00Z'))).toBeUndefined();
    // The window opens after the deadline: none.
    expect(book.nextCheaperWindow('deepseek/deepseek-chat', at('2026-03-02T09:00:00Z'), at('2026-03-02T16:29:59Z'))).toBeUndefined();
  });

  it('finds a promotion that starts later, and the end of a surcharge window', () => {
    const promo = row({ source: 'catalog', validFrom: at('2026-02-01T00:00:00Z'), validUntil: at('2026-02-08T00:00:00Z'), inputPerMTok: 1, outputPerMTok: 4 });
    const book = createPriceBook({ rows: [row({}), promo] });
    expect(book.nextCheaperWindow(T, at('2026-01-20T00:00:00Z'), at('2026-02-10T00:00:00Z'))).toEqual({ at: at('2026-02-01T00:00:00Z'), price: promo });
    const surcharge = row({ source: 'operator', validFrom: 0, validUntil: at('2026-01-25T00:00:00Z'), inputPerMTok: 5 });
    const dear = createPriceBook({ rows: [row({}), surcharge] });
    expect(dear.nextCheaperWindow(T, at('2026-01-20T00:00:00Z'), at('2026-02-10T00:00:00Z'))?.at).toBe(at('2026-01-25T00:00:00Z'));
  });

  it('without an estimate, a price with a dearer output is not cheaper; with one, the cost of that request decides', () => {
    const mixed = row({ source: 'catalog', validFrom: at('2026-02-01T00:00:00Z'), inputPerMTok: 1, outputPerMTok: 9 });
    const book = createPriceBook({ rows: [row({}), mixed] });
    const [from, until] = [at('2026-01-20T00:00:00Z'), at('2026-02-10T00:00:00Z')];
    expect(book.nextCheaperWindow(T, from, until)).toBeUndefined();
    expect(book.nextCheaperWindow(T, from, until, { estimate: { inputTokens: 10_000, expectedOutputTokens: 100 } })?.price).toBe(mixed);
    expect(book.nextCheaperWindow(T, from, until, { estimate: { inputTokens: 100, expectedOutputTokens: 10_000 } })).toBeUndefined();
  });

  it('compares at the tier the request would run at', () => {
    // Cheaper on paper, but without the current price's batch discount.
    const noBatch = row({ source: 'catalog', validFrom: at('2026-02-01T00:00:00Z'), inputPerMTok: 1.5, outputPerMTok: 6, cachedInputPerMTok: 0.4, cacheWritePerMTok: 1.5, batchDiscount: 0 });
    const book = createPriceBook({ rows: [row({}), noBatch] });
    const [from, until] = [at('2026-01-20T00:00:00Z'), at('2026-02-10T00:00:00Z')];
    expect(book.nextCheaperWindow(T, from, until)?.price).toBe(noBatch);
    expect(book.nextCheaperWindow(T, from, until, { tier: 'batch' })).toBeUndefined();
  });

  it('has nothing for a target without a price', () => {
    expect(createPriceBook({ rows: [row({})] }).nextCheaperWindow('openai/other', 0, 1e12)).toBeUndefined();
  });
});
