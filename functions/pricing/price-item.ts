/**
 * Price rows as pricing-table items, and back:
 *   pk `price#<provider/model>`
 *   sk `from#<ISO start>`, the base row `from#1970-01-01T00:00:00.000Z`; a row with an end adds
 *      `#until#<ISO end>`, a daily window `#daily#<HH:MM>-<HH:MM>@<zone>`, so neither replaces the
 *      open-ended row that starts at the same time
 *   target, source, inputPerMTok, outputPerMTok, cachedInputPerMTok, cacheWritePerMTok,
 *   batchDiscount, flexDiscount, tiers (list), daily (map), validUntil (ISO), expiresAt (TTL, s)
 * Operators may leave out cachedInputPerMTok and cacheWritePerMTok (then the input price) and the
 * discounts (then none); the start is read from the sort key.
 */
import * as z from 'zod';
import { dailyWindowSchema } from './price-override-schema.ts';
import type { PriceRow, PriceSource } from './model-price.ts';
import { PARSE_ONCE } from '../validation/parse-once.ts';

/** Rows with an end stay in the table a day past it, so a late cost computation still finds them. */
export const EXPIRY_GRACE_SECONDS = 24 * 3600;

export const pricePartitionKey = (target: string): string => `price#${target}`;

export function priceSortKey(row: Pick<PriceRow, 'validFrom' | 'validUntil' | 'daily'>): string {
  let sk = `from#${new Date(row.validFrom).toISOString()}`;
  if (row.validUntil !== undefined) sk += `#until#${new Date(row.validUntil).toISOString()}`;
  if (row.daily) sk += `#daily#${row.daily.from}-${row.daily.until}@${row.daily.timezone}`;
  return sk;
}

export function toPriceItem(row: PriceRow): Record<string, unknown> {
  const { target, validFrom: _validFrom, validUntil, ...rest } = row;
  return {
    pk: pricePartitionKey(target),
    sk: priceSortKey(row),
    target,
    ...rest,
    ...(validUntil !== undefined ? { validUntil: new Date(validUntil).toISOString(), expiresAt: Math.ceil(validUntil / 1000) + EXPIRY_GRACE_SECONDS } : {}),
  };
}

const perMTok = z.number().nonnegative().finite();
const fraction = z.number().min(0).max(1);
const tierSchema = z.object({ aboveInputTokens: z.number().nonnegative(), inputPerMTok: perMTok, outputPerMTok: perMTok, cachedInputPerMTok: perMTok, cacheWritePerMTok: perMTok });

const priceItemSchema = z.object({
  pk: z.string().regex(/^price#[^/]+\/.+$/, 'must be price#<provider>/<model>'),
  sk: z.string().regex(/^from#[^#]+/, 'must start with from#<ISO time>'),
  source: z.string().optional(),
  inputPerMTok: perMTok,
  outputPerMTok: perMTok,
  cachedInputPerMTok: perMTok.optional(),
  cacheWritePerMTok: perMTok.optional(),
  batchDiscount: fraction.optional(),
  flexDiscount: fraction.optional(),
  tiers: z.array(tierSchema).optional(),
  daily: dailyWindowSchema.optional(),
  validUntil: z.union([z.iso.datetime({ offset: true }), z.number()]).optional(),
});

/** The row an item holds, or why it holds none (a hand-written item with a typo is skipped, not fatal). */
export function fromPriceItem(item: Record<string, unknown>): PriceRow | { invalid: string } {
  const parsed = priceItemSchema.safeParse(item, PARSE_ONCE);
  if (!parsed.success) return { invalid: z.prettifyError(parsed.error) };
  const { pk, sk, source, inputPerMTok, outputPerMTok, cachedInputPerMTok, cacheWritePerMTok, batchDiscount, flexDiscount, tiers, daily, validUntil } = parsed.data;
  const validFrom = Date.parse(sk.slice('from#'.length).split('#')[0]!);
  if (Number.isNaN(validFrom)) return { invalid: `sort key ${sk} does not start with from#<ISO time>` };
  const until = typeof validUntil === 'string' ? Date.parse(validUntil) : validUntil;
  return {
    target: pk.slice('price#'.length),
    validFrom,
    ...(until !== undefined ? { validUntil: until } : {}),
    ...(daily ? { daily } : {}),
    source: toSource(source),
    inputPerMTok,
    outputPerMTok,
    cachedInputPerMTok: cachedInputPerMTok ?? inputPerMTok,
    cacheWritePerMTok: cacheWritePerMTok ?? inputPerMTok,
    batchDiscount: batchDiscount ?? 0,
    flexDiscount: flexDiscount ?? 0,
    ...(tiers && tiers.length > 0 ? { tiers: [...tiers].sort((a, b) => a.aboveInputTokens - b.aboveInputTokens) } : {}),
  };
}

/** Whatever an operator wrote (or nothing) counts as `operator`: the seed never overwrites it. */
function toSource(source: string | undefined): PriceSource {
  if (source?.startsWith('genai-prices@')) return source as PriceSource;
  return source === 'catalog' ? 'catalog' : 'operator';
}
