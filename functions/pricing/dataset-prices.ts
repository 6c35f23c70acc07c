/**
 * Prices from the maintained `@pydantic/genai-prices` dataset, turned into price rows. The model is
 * found by the library's own matching (`calcPrice`: its provider lookup, match rules, date-suffix
 * normalisation), never by ours, so a name the dataset knows under an alias is still found.
 *
 * - An unconditional price is the base row, from the epoch.
 * - A `start_date` price is a row from that date (a later row replaces an earlier one then).
 * - A `time_of_date` price (DeepSeek's peak hours) is a daily window row, in UTC.
 * - Tiered prices (Gemini 2.5 Pro, Claude Sonnet 4.5 above 200k input tokens) become `tiers`.
 */
import { calcPrice, type ModelPrice as DatasetPrice, type TieredPrices } from '@pydantic/genai-prices';
import { DATASET_SOURCE } from './dataset-version.ts';
import { tierDiscounts } from './discounts.ts';
import type { DailyWindow, PriceRow, PriceTier, TokenPrices } from './model-price.ts';

/** Our provider ids where the dataset names the provider differently; the others are the same. */
const DATASET_PROVIDER: Readonly<Record<string, string>> = { gemini: 'google', bedrock: 'aws', xai: 'x-ai' };

type DatasetValue = number | TieredPrices;

/**
 * The dataset's rows for `provider/model`, or undefined when the dataset has no token price for it
 * (an unknown provider or model is never guessed at: the library is asked for that provider only).
 */
export function datasetPriceRows(target: string): PriceRow[] | undefined {
  const slash = target.indexOf('/');
  if (slash <= 0 || slash === target.length - 1) return undefined;
  const provider = target.slice(0, slash);
  let match: ReturnType<typeof calcPrice>;
  try {
    match = calcPrice({ input_tokens: 0, output_tokens: 0 }, target.slice(slash + 1), { providerId: DATASET_PROVIDER[provider] ?? provider });
  } catch {
    return undefined;
  }
  if (!match) return undefined;

  const entries = Array.isArray(match.model.prices) ? match.model.prices : [{ prices: match.model.prices }];
  const rows: PriceRow[] = [];
  entries.forEach((entry, index) => {
    const prices = tokenPrices(entry.prices);
    if (!prices) return;
    const row: PriceRow = { target, validFrom: 0, source: DATASET_SOURCE, ...prices, ...tierDiscounts(target) };
    const constraint = 'constraint' in entry ? entry.constraint : undefined;
    // The first entry applies before any constraint does (the library falls back to it too).
    if (constraint?.type === 'start_date' && index > 0) row.validFrom = Date.parse(`${constraint.start_date}T00:00:00Z`);
    if (constraint?.type === 'time_of_date') row.daily = utcDaily(constraint.start_time, constraint.end_time);
    rows.push(row);
  });
  return rows.length > 0 ? rows : undefined;
}

/** The four token prices (and tiers), or undefined without both an input and an output price. */
function tokenPrices(price: DatasetPrice): (TokenPrices & { tiers?: PriceTier[] }) | undefined {
  const input = value(price, 'input_mtok');
  const output = value(price, 'output_mtok');
  if (input === undefined || output === undefined) return undefined;
  // Without a cache-read price in the dataset the provider gives no cache discount (Groq, Mistral,
  // Together): cached tokens cost what input does. Without a cache-write price writing is not
  // billed apart (OpenAI, Gemini's implicit cache, DeepSeek's cache misses): input price too.
  const fields: Record<keyof TokenPrices, DatasetValue> = {
    inputPerMTok: input,
    outputPerMTok: output,
    cachedInputPerMTok: value(price, 'cache_read_mtok') ?? input,
    cacheWritePerMTok: value(price, 'cache_write_mtok') ?? input,
  };
  const base = mapFields(fields, (field) => (typeof field === 'number' ? field : field.base));
  const starts = [...new Set(Object.values(fields).flatMap((field) => (typeof field === 'number' ? [] : field.tiers.map((tier) => tier.start))))].sort((a, b) => a - b);
  if (starts.length === 0) return base;
  const tiers = starts.map((start) => ({ aboveInputTokens: start, ...mapFields(fields, (field) => priceAbove(field, start)) }));
  return { ...base, tiers };
}

/** The library's rule: a tier's price applies once the input is larger than the tier's start. */
function priceAbove(field: DatasetValue, start: number): number {
  if (typeof field === 'number') return field;
  let price = field.base;
  for (const tier of field.tiers) if (tier.start <= start) price = tier.price;
  return price;
}

function value(price: DatasetPrice, key: string): DatasetValue | undefined {
  const field = price[key];
  return typeof field === 'number' || (typeof field === 'object' && field !== null) ? field : undefined;
}

function mapFields(fields: Record<keyof TokenPrices, DatasetValue>, map: (field: DatasetValue) => number): TokenPrices {
  return {
    inputPerMTok: map(fields.inputPerMTok),
    outputPerMTok: map(fields.outputPerMTok),
    cachedInputPerMTok: map(fields.cachedInputPerMTok),
    cacheWritePerMTok: map(fields.cacheWritePerMTok),
  };
}

/** The dataset writes times of day as `HH:MM:SS` with `Z` or an offset; ours are UTC `HH:MM[:SS]`. */
function utcDaily(start: string, end: string): DailyWindow {
  return { from: utcTimeOfDay(start), until: utcTimeOfDay(end), timezone: 'UTC' };
}

function utcTimeOfDay(time: string): string {
  const match = /^(\d{2}):(\d{2})(?::(\d{2}))?(Z|([+-])(\d{2}):?(\d{2}))?$/.exec(time);
  if (!match) throw new RangeError(`genai-prices: unexpected time of day '${time}'`);
  const offset = match[5] ? (match[5] === '-' ? -1 : 1) * (Number(match[6]) * 3600 + Number(match[7]) * 60) : 0;
  const seconds = (((Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] ?? 0) - offset) % 86_400) + 86_400) % 86_400;
  const pad = (n: number) => String(n).padStart(2, '0');
  const hhmm = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor((seconds % 3600) / 60))}`;
  return seconds % 60 === 0 ? hhmm : `${hhmm}:${pad(seconds % 60)}`;
}
