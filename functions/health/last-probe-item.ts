/**
 * The last probe result of a target, one item beside its minutes (pk `target#<provider/model>`,
 * sk `probe`): what `GET /v1/health` shows and the router may use before any client has called
 * the target. Written by the probe in the same batch as its samples; conditional on `at`, so
 * that a slow run never overwrites a later one.
 */
import type { UpdateCommandInput } from '../aws/dynamodb/commands.ts';
import type { DocumentClient } from '../aws/dynamodb/document-client.ts';
import { conditionalSet } from './conditional-set.ts';
import { HEALTH_OUTCOMES, type HealthOutcome } from './health-sample.ts';
import { HEALTH_RETENTION_SECONDS, healthPartitionKey } from './health-keys.ts';
import { sendHealthUpdates } from './record-health-samples.ts';

export const LAST_PROBE_SORT_KEY = 'probe';

export interface LastProbe {
  target: string;
  outcome: HealthOutcome;
  /** When the probe started, epoch ms. */
  at: number;
  ttfbMs?: number | undefined;
  totalMs: number;
  /** The HTTP status of a failure (as the gateway would have answered). */
  status?: number | undefined;
  /** The error code of a failure, e.g. `upstream_timeout`. */
  code?: string | undefined;
}

export function lastProbeUpdate(tableName: string, probe: LastProbe): UpdateCommandInput {
  const fields: Record<string, unknown> = {
    target: probe.target,
    outcome: probe.outcome,
    at: probe.at,
    ttfbMs: probe.ttfbMs === undefined ? undefined : Math.round(probe.ttfbMs),
    totalMs: Math.round(probe.totalMs),
    status: probe.status,
    code: probe.code,
    expiresAt: Math.floor(probe.at / 1000) + HEALTH_RETENTION_SECONDS,
  };
  return conditionalSet(tableName, { pk: healthPartitionKey(probe.target), sk: LAST_PROBE_SORT_KEY }, fields, 'at');
}

/** Stores last probe results (a later one already stored wins); rejects with HealthWriteError. */
export async function writeLastProbe(client: DocumentClient, tableName: string, probes: readonly LastProbe[]): Promise<void> {
  await sendHealthUpdates(
    probes.map((probe) => lastProbeUpdate(tableName, probe)),
    { client },
  );
}

export function parseLastProbeItem(item: Record<string, unknown>): LastProbe | undefined {
  const { target, outcome, at, ttfbMs, totalMs, status, code } = item;
  if (typeof target !== 'string' || !HEALTH_OUTCOMES.includes(outcome as HealthOutcome) || typeof at !== 'number' || typeof totalMs !== 'number') {
    return undefined;
  }
  return {
    target,
    outcome: outcome as HealthOutcome,
    at,
    totalMs,
    ...(typeof ttfbMs === 'number' ? { ttfbMs } : {}),
    ...(typeof status === 'number' ? { status } : {}),
    ...(typeof code === 'string' ? { code } : {}),
  };
}
