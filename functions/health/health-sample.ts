/**
 * One observation of one upstream call, the unit the health loop counts: the gateway will record
 * one per request, the probe one per target each minute. Samples are aggregated per target and
 * minute before anything is written (record-health-samples.ts), never written one by one.
 */

/** How a call ended, in the classes routing and breakers will reason about. */
export const HEALTH_OUTCOMES = ['ok', '4xx', '429', '5xx', 'timeout', 'connection', 'cut'] as const;
export type HealthOutcome = (typeof HEALTH_OUTCOMES)[number];

export interface HealthSample {
  /** `provider/model`, the provider's own model name (what served the call, not the alias asked for). */
  target: string;
  outcome: HealthOutcome;
  /** From sending the request to the first bytes of the answer's body; absent when none came. */
  ttfbMs?: number | undefined;
  /** From sending the request to the end of the answer, or to the failure. */
  totalMs: number;
  /** Output tokens the provider reported (0 when it reported none). */
  outputTokens: number;
  /** When the call started, epoch milliseconds: it decides the minute the sample counts in. */
  at: number;
}
