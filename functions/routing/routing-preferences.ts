/**
 * What a caller asks of the route, from request headers (`x-switchyard-*`, easy to set once as an
 * SDK's default headers) or the body's `switchyard` extension field (per request; it wins where
 * both say something). Invalid values are a 400 naming the header or field, never ignored: a
 * caller who sets an SLA must be able to rely on it being read.
 */
import * as z from 'zod';
import { invalidRequest } from '../core/call-error.ts';

export const CRITICALITIES = ['critical', 'standard', 'background'] as const;
export type Criticality = (typeof CRITICALITIES)[number];

export interface RoutingPreferences {
  /** The whole answer within this many milliseconds. */
  maxLatencyMs?: number;
  /** The first token within this many milliseconds. */
  maxFirstTokenMs?: number;
  criticality: Criticality;
  /** The most the request may cost, in USD, by the estimate made before sending it. */
  maxCostUsd?: number;
  /** Regions the request may be processed in: `eu` is met by `eu` and `eu-*`. */
  residency?: readonly string[];
  /** Non-streaming only: the cheap model first, the strong one when its confidence is low. */
  cascade: boolean;
}

/** A number, or a string of one (headers are strings); never a boolean, array or null read as one. */
const numeric = (schema: z.ZodNumber) => z.preprocess((value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value), schema);
const positiveInt = numeric(z.number().int().positive().max(3_600_000));
const region = z.string().regex(/^[a-z]{2,6}(-[a-z0-9]+)*$/);

/** One field of the preferences: its header, its body field, and how to read it. */
const FIELDS = {
  maxLatencyMs: { header: 'x-switchyard-max-latency-ms', body: 'max_latency_ms', schema: positiveInt, expected: 'a positive integer (milliseconds)' },
  maxFirstTokenMs: { header: 'x-switchyard-max-first-token-ms', body: 'max_first_token_ms', schema: positiveInt, expected: 'a positive integer (milliseconds)' },
  criticality: { header: 'x-switchyard-criticality', body: 'criticality', schema: z.enum(CRITICALITIES), expected: `one of ${CRITICALITIES.join(', ')}` },
  maxCostUsd: { header: 'x-switchyard-max-cost-usd', body: 'max_cost_usd', schema: numeric(z.number().positive().finite()), expected: 'a positive number (USD)' },
  residency: {
    header: 'x-switchyard-residency',
    body: 'residency',
    schema: z.preprocess(
      (value) => (typeof value === 'string' ? value.split(',') : value),
      z.array(z.string().transform((item) => item.trim().toLowerCase()).pipe(region)).min(1),
    ),
    expected: 'a region or a comma-separated list of regions, such as eu or eu,us',
  },
  cascade: {
    header: 'x-switchyard-cascade',
    body: 'cascade',
    schema: z.preprocess((value) => (value === 'true' ? true : value === 'false' ? false : value), z.boolean()),
    expected: 'true or false',
  },
} as const;

type Field = keyof typeof FIELDS;

export const ROUTING_EXTENSION_FIELD = 'switchyard';

/** What a caller who says nothing asks of the route. */
export const DEFAULT_ROUTING_PREFERENCES: Readonly<RoutingPreferences> = { criticality: 'standard', cascade: false };

/**
 * Reads the preferences; `extension` is the body's `switchyard` field (already removed from what
 * goes upstream by the caller).
 */
export function readRoutingPreferences(headers: Readonly<Record<string, string | undefined>>, extension: unknown): RoutingPreferences {
  if (extension !== undefined && (typeof extension !== 'object' || extension === null || Array.isArray(extension))) {
    throw invalidRequest(`Invalid type for '${ROUTING_EXTENSION_FIELD}': expected an object.`, ROUTING_EXTENSION_FIELD, 'invalid_type');
  }
  const body = (extension ?? {}) as Record<string, unknown>;
  const known = new Set<string>(Object.values(FIELDS).map((field) => field.body));
  for (const key of Object.keys(body)) {
    if (!known.has(key)) {
      throw invalidRequest(
        `Unknown parameter: '${ROUTING_EXTENSION_FIELD}.${key}'. Known: ${[...known].join(', ')}.`,
        `${ROUTING_EXTENSION_FIELD}.${key}`,
        'unknown_parameter',
      );
    }
  }

  const read = <F extends Field>(name: F): z.infer<(typeof FIELDS)[F]['schema']> | undefined => {
    const field = FIELDS[name];
    const fromBody = body[field.body];
    const [raw, param] = fromBody !== undefined ? [fromBody, `${ROUTING_EXTENSION_FIELD}.${field.body}`] : [headers[field.header], field.header];
    if (raw === undefined || raw === '') return undefined;
    const parsed = field.schema.safeParse(raw);
    if (!parsed.success) {
      throw invalidRequest(`Invalid value for '${param}': expected ${field.expected}, got ${JSON.stringify(raw)}.`, param, 'invalid_value');
    }
    return parsed.data as z.infer<(typeof FIELDS)[F]['schema']>;
  };

  const preferences: RoutingPreferences = {
    criticality: read('criticality') ?? DEFAULT_ROUTING_PREFERENCES.criticality,
    cascade: read('cascade') ?? DEFAULT_ROUTING_PREFERENCES.cascade,
  };
  const maxLatencyMs = read('maxLatencyMs');
  const maxFirstTokenMs = read('maxFirstTokenMs');
  const maxCostUsd = read('maxCostUsd');
  const residency = read('residency');
  if (maxLatencyMs !== undefined) preferences.maxLatencyMs = maxLatencyMs;
  if (maxFirstTokenMs !== undefined) preferences.maxFirstTokenMs = maxFirstTokenMs;
  if (maxCostUsd !== undefined) preferences.maxCostUsd = maxCostUsd;
  if (residency !== undefined) preferences.residency = [...new Set(residency)];
  return preferences;
}

/** Whether a target's region meets a residency constraint. */
export const regionAllowed = (region: string, allowed: readonly string[] | undefined): boolean =>
  allowed === undefined || allowed.some((prefix) => region === prefix || region.startsWith(`${prefix}-`));
