/**
 * A catalog model's `pricing` applied to the dataset's rows for it, giving the rows to seed:
 * - its price fields replace the dataset's in every dataset row of the model (so a negotiated rate
 *   also holds after a dated dataset price change); with no dataset row they make the base row,
 *   which then needs at least `inputPerMTok` and `outputPerMTok`;
 * - each window becomes a row from `from` to `until`, the base price then with the window's fields;
 * - `daily` becomes a daily window row, today's base price with its fields.
 */
import { tierDiscounts } from './discounts.ts';
import type { PriceRow, TokenPrices } from './model-price.ts';
import type { PriceFields, PriceOverride } from './price-override-schema.ts';

const TOKEN_FIELDS = ['inputPerMTok', 'outputPerMTok', 'cachedInputPerMTok', 'cacheWritePerMTok'] as const satisfies ReadonlyArray<keyof TokenPrices>;
const PRICE_FIELDS = [...TOKEN_FIELDS, 'batchDiscount', 'flexDiscount'] as const satisfies ReadonlyArray<keyof PriceFields>;

export function applyPriceOverride(target: string, datasetRows: readonly PriceRow[], override: PriceOverride, now: number): PriceRow[] {
  const fields = definedFields(override);
  const rows: PriceRow[] =
    datasetRows.length > 0 ? datasetRows.map((row) => (Object.keys(fields).length > 0 ? withFields(row, fields) : row)) : catalogBaseRow(target, fields);
  if (rows.length === 0) return [];

  const windows = (override.windows ?? []).flatMap((window): PriceRow[] => {
    const from = Date.parse(window.from);
    const base = openEndedAt(rows, from);
    if (!base) return [];
    const row = withFields(base, definedFields(window));
    row.validFrom = from;
    if (window.until !== undefined) row.validUntil = Date.parse(window.until);
    if (window.daily) row.daily = window.daily;
    return [row];
  });

  const daily = override.daily;
  const base = daily ? openEndedAt(rows, now) : undefined;
  const dailyRows = daily && base ? [{ ...withFields(base, definedFields(daily)), validFrom: 0, daily: { from: daily.from, until: daily.until, timezone: daily.timezone } }] : [];
  return [...rows, ...windows, ...dailyRows];
}

/** A model the dataset lacks: priced by the catalog alone, or not at all. */
function catalogBaseRow(target: string, fields: PriceFields): PriceRow[] {
  const { inputPerMTok, outputPerMTok } = fields;
  if (inputPerMTok === undefined || outputPerMTok === undefined) return [];
  return [
    {
      target,
      validFrom: 0,
      source: 'catalog',
      inputPerMTok,
      outputPerMTok,
      // As for the dataset: no cache prices given, cached and cache-writing tokens cost what input does.
      cachedInputPerMTok: fields.cachedInputPerMTok ?? inputPerMTok,
      cacheWritePerMTok: fields.cacheWritePerMTok ?? inputPerMTok,
      ...tierDiscounts(target),
      ...(fields.batchDiscount !== undefined ? { batchDiscount: fields.batchDiscount } : {}),
      ...(fields.flexDiscount !== undefined ? { flexDiscount: fields.flexDiscount } : {}),
    },
  ];
}

/** The row with the given fields, from the catalog; flat prices drop the long-context tiers. */
function withFields(row: PriceRow, fields: PriceFields): PriceRow {
  const { tiers, ...rest } = row;
  const flat = TOKEN_FIELDS.some((field) => fields[field] !== undefined);
  return { ...rest, ...(tiers && !flat ? { tiers } : {}), ...fields, source: 'catalog' };
}

/** The base price at `at`: the latest open-ended row, not a daily one, that has begun by then. */
function openEndedAt(rows: readonly PriceRow[], at: number): PriceRow | undefined {
  return rows
    .filter((row) => row.validUntil === undefined && row.daily === undefined && row.validFrom <= at)
    .reduce<PriceRow | undefined>((latest, row) => (latest === undefined || row.validFrom > latest.validFrom ? row : latest), undefined);
}

function definedFields(source: PriceFields): PriceFields {
  const fields: PriceFields = {};
  for (const field of PRICE_FIELDS) if (source[field] !== undefined) fields[field] = source[field];
  return fields;
}
