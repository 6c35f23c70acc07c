/**
 * The keys of the health table's items (resource-definitions.ts, TABLES.health): one item per
 * target and minute, pk `target#<provider>/<model>`, sk `minute#<ISO minute>` (e.g.
 * `minute#2026-03-01T12:34Z`, which sorts by time), expiring a week after its minute.
 */

/** How long a minute's counters are kept (DynamoDB TTL; readers also filter, as expiry lags). */
export const HEALTH_RETENTION_SECONDS = 7 * 24 * 3600;

const MINUTE_MS = 60_000;

/** The start of the minute `at` (epoch ms) falls in, epoch ms. */
export const minuteStart = (at: number): number => Math.floor(at / MINUTE_MS) * MINUTE_MS;

/** `2026-03-01T12:34Z` for any time within that minute. */
export const isoMinute = (at: number): string => `${new Date(minuteStart(at)).toISOString().slice(0, 16)}Z`;

export const healthPartitionKey = (target: string): string => `target#${target}`;
export const healthSortKey = (at: number): string => `minute#${isoMinute(at)}`;

/** Epoch seconds at which the item for the minute of `at` expires. */
export const healthExpiresAt = (at: number): number => minuteStart(at) / 1000 + HEALTH_RETENTION_SECONDS;
