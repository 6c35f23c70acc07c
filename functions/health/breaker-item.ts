/**
 * The shared breaker state of a target, one item beside its minutes (pk `target#<provider/model>`,
 * sk `breaker`), so that gateway instances learn of a breaker another instance opened. Every write
 * is conditional on `changedAt`, the time of the transition it records: a state older than the
 * stored one (a slow instance writing `open` after another wrote `closed`) is dropped, never stored.
 */
import { UpdateCommand, type UpdateCommandInput } from '../aws/dynamodb/commands.ts';
import type { DocumentClient } from '../aws/dynamodb/document-client.ts';
import { conditionalSet } from './conditional-set.ts';
import { HEALTH_RETENTION_SECONDS, healthPartitionKey } from './health-keys.ts';
import { isConditionalCheckFailed } from '../aws/is-conditional-check-failed.ts';

export const BREAKER_SORT_KEY = 'breaker';

export const BREAKER_STATES = ['open', 'half_open', 'closed'] as const;
export type BreakerStateName = (typeof BREAKER_STATES)[number];

export interface BreakerState {
  state: BreakerStateName;
  /** When the transition to this state happened, epoch ms: the order in which writes win. */
  changedAt: number;
  /** When the breaker last opened, epoch ms (kept through half_open and closed). */
  openedAt?: number | undefined;
  /** Until when an open breaker stays open, epoch ms. */
  until?: number | undefined;
  reason?: string | undefined;
}

/** The update that stores `state`, unless a state with a later `changedAt` is stored already. */
export function breakerUpdate(tableName: string, target: string, state: BreakerState): UpdateCommandInput {
  const fields: Record<string, unknown> = {
    target,
    state: state.state,
    changedAt: state.changedAt,
    openedAt: state.openedAt,
    until: state.until,
    reason: state.reason,
    // Kept as long as the minutes: a breaker nobody touched for a week says nothing any more.
    expiresAt: Math.floor(state.changedAt / 1000) + HEALTH_RETENTION_SECONDS,
  };
  return conditionalSet(tableName, { pk: healthPartitionKey(target), sk: BREAKER_SORT_KEY }, fields, 'changedAt');
}

/**
 * Stores a target's breaker state. Resolves true when it was stored, false when a newer state was
 * there already (then the stored one stands); rejects on any other failure.
 */
export async function writeBreakerState(client: DocumentClient, tableName: string, target: string, state: BreakerState): Promise<boolean> {
  try {
    await client.send(new UpdateCommand(breakerUpdate(tableName, target, state)));
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}

/** A breaker item as read, or undefined when it is not one (or not a whole one). */
export function parseBreakerItem(item: Record<string, unknown>): BreakerState | undefined {
  const { state, changedAt, openedAt, until, reason } = item;
  if (!BREAKER_STATES.includes(state as BreakerStateName) || typeof changedAt !== 'number') return undefined;
  return {
    state: state as BreakerStateName,
    changedAt,
    ...(typeof openedAt === 'number' ? { openedAt } : {}),
    ...(typeof until === 'number' ? { until } : {}),
    ...(typeof reason === 'string' ? { reason } : {}),
  };
}
