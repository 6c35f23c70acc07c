/** The catalog's `pricing` field: its schema, and how it changes the seeded rows. */
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../functions/catalog/load-catalog.ts';
import { catalogPriceOverrides, catalogPricingHash } from '../../functions/pricing/catalog-price-overrides.ts';
import { DATASET_SOURCE } from '../../functions/pricing/dataset-version.ts';
import { createPriceBook } from '../../functions/pricing/price-book.ts';
import { priceOverrideSchema, type PriceOverride } from '../../functions/pricing/price-override-schema.ts';
import { pricingSeedRows } from '../../functions/pricing/pricing-seed-rows.ts';

const now = Date.parse('2026-03-01T00:00:00Z');
const seed = (target: string, override: unknown) =>
  pricingSeedRows({ modelIds: [target], overrides: new Map([[target, priceOverrideSchema.parse(override)]]), now });

describe('priceOverrideSchema', () => {
  it('accepts prices, windows with RFC 3339 times and a daily window, and defaults the zone to UTC', () => {
    const parsed = priceOverrideSchema.parse({
      inputPerMTok: 1,
      batchDiscount: 0.5,
      windows: [{ from: '2026-12-01T00:00:00Z', until: '2027-01-01T00:00:00+01:00', outputPerMTok: 2, daily: { from: '00:00', until: '06:00' } }],
      daily: { from: '22:00', until: '06:00', inputPerMTok: 0.5 },
    });
    expect(parsed.daily).toEqual({ from: '22:00', until: '06:00', timezone: 'UTC', inputPerMTok: 0.5 });
    expect(parsed.windows?.[0]?.daily?.timezone).toBe('UTC');
  });

  it.each([
    ['a negative price', { inputPerMTok: -1 }],
    ['a discount above 1', { batchDiscount: 1.5 }],
    ['an unknown field', { inputPrice: 1 }],
    ['a window ending before it starts', { windows: [{ from: '2026-12-01T00:00:00Z', until: '2026-11-01T00:00:00Z' }] }],
    ['a window start without a zone', { windows: [{ from: '2026-12-01T00:00:00' }] }],
    ['a time of day out of range', { daily: { from: '24:00', until: '06:00' } }],
    ['an empty daily window', { daily: { from: '06:00', until: '06:00' } }],
    ['an unknown zone', { daily: { from: '22:00', until: '06:00', timezone: 'Mars/Olympus' } }],
  ])('refuses %s', (_what, override) => {
    expect(priceOverrideSchema.safeParse(override).success).toBe(false);
  });
});

describe('overrides in the seeded rows', () => {
  it('replace the dataset\'s fields in every dataset row, marked as the catalog\'s, and keep the rest', () => {
    const { rows } = seed('openai/o3', { outputPerMTok: 7, flexDiscount: 0 });
    expect(rows.map((row) => [row.validFrom, row.inputPerMTok, row.outputPerMTok, row.flexDiscount, row.source])).toEqual([
      [0, 10, 7, 0, 'catalog'],
      [Date.parse('2025-06-10T00:00:00Z'), 2, 7, 0, 'catalog'],
    ]);
  });

  it('drop the long-context tiers when they set a token price, keep them when only a discount changes', () => {
    expect(seed('gemini/gemini-2.5-pro', { inputPerMTok: 1 }).rows[0]?.tiers).toBeUndefined();
    expect(seed('gemini/gemini-2.5-pro', { batchDiscount: 0.25 }).rows[0]?.tiers).toHaveLength(1);
  });

  it('price a model the dataset lacks, given input and output prices, and leave it unpriced otherwise', () => {
    const priced = seed('together/deepseek-ai/DeepSeek-V3', { inputPerMTok: 1.25, outputPerMTok: 1.25 });
    expect(priced).toEqual({
      rows: [
        {
          target: 'together/deepseek-ai/DeepSeek-V3',
          validFrom: 0,
          source: 'catalog',
          inputPerMTok: 1.25,
          outputPerMTok: 1.25,
          cachedInputPerMTok: 1.25,
          cacheWritePerMTok: 1.25,
          batchDiscount: 0,
          flexDiscount: 0,
        },
      ],
      unpriced: [],
    });
    expect(seed('together/deepseek-ai/DeepSeek-V3', { inputPerMTok: 1.25 })).toEqual({ rows: [], unpriced: ['together/deepseek-ai/DeepSeek-V3'] });
  });

  it('add promotion and daily windows on top of the base price, and leave out windows that have ended', () => {
    const override: PriceOverride = priceOverrideSchema.parse({
      windows: [
        { from: '2026-03-10T00:00:00Z', until: '2026-03-17T00:00:00Z', outputPerMTok: 1 },
        { from: '2026-01-01T00:00:00Z', until: '2026-02-01T00:00:00Z', outputPerMTok: 1 },
      ],
      daily: { from: '22:00', until: '06:00', inputPerMTok: 0.1 },
    });
    const { rows } = pricingSeedRows({ modelIds: ['anthropic/claude-haiku-4-5'], overrides: new Map([['anthropic/claude-haiku-4-5', override]]), now });
    expect(rows).toHaveLength(3);
    const book = createPriceBook({ rows });
    const noon = (day: string) => Date.parse(`${day}T12:00:00Z`);
    expect(book.priceAt('anthropic/claude-haiku-4-5', noon('2026-03-05'))).toMatchObject({ inputPerMTok: 1, outputPerMTok: 5, source: DATASET_SOURCE });
    expect(book.priceAt('anthropic/claude-haiku-4-5', noon('2026-03-12'))).toMatchObject({ inputPerMTok: 1, outputPerMTok: 1, cacheWritePerMTok: 1.25, source: 'catalog' });
    expect(book.priceAt('anthropic/claude-haiku-4-5', Date.parse('2026-03-05T23:00:00Z'))).toMatchObject({ inputPerMTok: 0.1, outputPerMTok: 5 });
  });
});

describe('catalogPriceOverrides', () => {
  it('reads each model\'s pricing, validated, and finds none in a catalog without', () => {
    const catalog = loadCatalog();
    expect(catalogPriceOverrides(catalog).size).toBe(0);
    const withPricing = { ...catalog, models: [{ ...catalog.models[0]!, pricing: { inputPerMTok: 1 } }] } as typeof catalog;
    expect([...catalogPriceOverrides(withPricing)]).toEqual([[catalog.models[0]!.id, { inputPerMTok: 1 }]]);
    expect(() => catalogPriceOverrides({ ...catalog, models: [{ ...catalog.models[0]!, pricing: { inputPerMTok: -1 } }] } as typeof catalog)).toThrow();
    expect(catalogPricingHash(withPricing)).not.toBe(catalogPricingHash({ ...catalog, models: [catalog.models[0]!] }));
    expect(catalogPricingHash(withPricing)).toBe(catalogPricingHash(withPricing));
  });
});
