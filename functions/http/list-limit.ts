import { invalidRequest } from '../core/call-error.ts';

/** A list's page size when the query names none, as OpenAI's lists have it. */
export const DEFAULT_LIST_LIMIT = 20;

/** A list route's `limit` query parameter: DEFAULT_LIST_LIMIT when absent, a whole number from 1 to `max`, or a 400 naming it. */
export function parseListLimit(raw: string | null, max: number): number {
  if (raw === null) return DEFAULT_LIST_LIMIT;
  const limit = /^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(limit >= 1 && limit <= max)) throw invalidRequest(`Invalid value for 'limit': a whole number from 1 to ${max}, not ${JSON.stringify(raw)}.`, 'limit', 'invalid_value');
  return limit;
}
