/**
 * The optional `pricing` of a catalog model: prices that replace the dataset's (a negotiated rate,
 * a model the dataset lacks), promotion windows, and a daily off-peak window. Every field is
 * optional; what is left out keeps the dataset's value. Setting any token price drops the
 * dataset's long-context tiers for that row: an override states flat prices.
 *
 *   "pricing": {
 *     "inputPerMTok": 0.2, "outputPerMTok": 0.8, "batchDiscount": 0.5,
 *     "windows": [{ "from": "2026-12-01T00:00:00Z", "until": "2027-01-01T00:00:00Z", "outputPerMTok": 0.4 }],
 *     "daily": { "from": "22:00", "until": "06:00", "timezone": "UTC", "inputPerMTok": 0.1 }
 *   }
 */
import * as z from 'zod';
import { isTimeOfDay, isTimeZone } from './daily-window.ts';

const perMTok = z.number().nonnegative().finite();
const fraction = z.number().min(0).max(1);

export const priceFieldsSchema = z.strictObject({
  inputPerMTok: perMTok.optional(),
  outputPerMTok: perMTok.optional(),
  cachedInputPerMTok: perMTok.optional(),
  cacheWritePerMTok: perMTok.optional(),
  batchDiscount: fraction.optional(),
  flexDiscount: fraction.optional(),
});

const timeOfDay = z.string().refine(isTimeOfDay, 'must be a time of day, HH:MM');

/** When a daily window recurs: `from` inclusive, `until` exclusive, past midnight when earlier. */
const dailyFields = {
  from: timeOfDay,
  until: timeOfDay,
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as UTC or Europe/Paris').default('UTC'),
};
const distinctEnds = (window: { from: string; until: string }) => window.from !== window.until;
const distinctEndsIssue = { message: 'from and until must differ', path: ['until'] };

export const dailyWindowSchema = z.strictObject(dailyFields).refine(distinctEnds, distinctEndsIssue);

const instant = z.iso.datetime({ offset: true });

/** A promotion: these prices from `from` until `until` (RFC 3339), optionally only at certain hours. */
export const priceWindowSchema = priceFieldsSchema
  .extend({ from: instant, until: instant.optional(), daily: dailyWindowSchema.optional() })
  .refine((window) => window.until === undefined || Date.parse(window.until) > Date.parse(window.from), {
    message: 'until must be after from',
    path: ['until'],
  });

export const priceOverrideSchema = priceFieldsSchema.extend({
  windows: z.array(priceWindowSchema).optional(),
  /** Off-peak prices every day within this window. */
  daily: priceFieldsSchema.extend(dailyFields).refine(distinctEnds, distinctEndsIssue).optional(),
});

export type PriceFields = z.infer<typeof priceFieldsSchema>;
export type PriceWindow = z.infer<typeof priceWindowSchema>;
export type PriceOverride = z.infer<typeof priceOverrideSchema>;
