/**
 * Turnaround samples in the jobs table, one item each so that pollers and workers record without
 * reading first: pk `turnaround#<key>`, sk `<epoch ms, zero-padded>#<random>`, kept a week (TTL).
 * The most recent are read back newest first with one Query. A path's refusals (path-refusal.ts)
 * are kept apart, under pk `turnaround#refused#<key>` with the same sort keys, for as long as they
 * count, and read back by time: every one within REFUSAL_MEMORY_MS, however many samples followed.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand } from '../../aws/dynamodb/commands.ts';
import type { DocumentClient } from '../../aws/dynamodb/document-client.ts';
import { JOBS_PARTITIONS } from '../jobs-table-partitions.ts';
import { REFUSAL_MEMORY_MS, type PathRefusal } from './path-refusal.ts';
import { RECENT_SAMPLES, type TurnaroundSample } from './turnaround-sample.ts';

const KEEP_SECONDS = 7 * 24 * 3600;

export interface TurnaroundStore {
  record(key: string, sample: TurnaroundSample, at: number): Promise<void>;
  /** The most recent samples, oldest first. */
  recent(key: string): Promise<TurnaroundSample[]>;
  refuse(key: string, refusal: PathRefusal): Promise<void>;
  /** The refusals of the path younger than REFUSAL_MEMORY_MS at `now`. */
  refusals(key: string, now: number): Promise<PathRefusal[]>;
}

/** Sort keys in time order: the epoch ms zero-padded, then a random part so that two at one ms both stay. */
const sortKey = (at: number) => `${String(at).padStart(15, '0')}#${randomUUID()}`;
const refusalPartition = (key: string) => `${JOBS_PARTITIONS.turnaround}refused#${key}`;

export function createTurnaroundStore({ client, tableName }: { client: DocumentClient; tableName: string }): TurnaroundStore {
  return {
    async record(key, sample, at) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            pk: `${JOBS_PARTITIONS.turnaround}${key}`,
            sk: sortKey(at),
            ms: Math.round(sample.ms),
            ...(sample.missed ? { missed: true } : {}),
            expiresAt: Math.floor(at / 1000) + KEEP_SECONDS,
          },
        }),
      );
    },
    async recent(key) {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `${JOBS_PARTITIONS.turnaround}${key}` },
          ScanIndexForward: false,
          Limit: RECENT_SAMPLES,
        }),
      );
      return (page.Items ?? []).reverse().map((item) => ({
        ms: Number(item.ms),
        ...(item.missed === true ? { missed: true } : {}),
      }));
    },
    async refuse(key, { at, targetId }) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            pk: refusalPartition(key),
            sk: sortKey(at),
            at,
            ...(targetId === undefined ? {} : { targetId }),
            // Deleted some time after it stops counting; read by time, so never counted after that.
            expiresAt: Math.ceil((at + REFUSAL_MEMORY_MS) / 1000),
          },
        }),
      );
    },
    async refusals(key, now) {
      // A refusal is recorded at most once per poller run and scope, then rules the path out: few within the memory.
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk > :since',
          ExpressionAttributeValues: { ':pk': refusalPartition(key), ':since': String(now - REFUSAL_MEMORY_MS).padStart(15, '0') },
        }),
      );
      return (page.Items ?? []).map((item) => ({ at: Number(item.at), ...(typeof item.targetId === 'string' ? { targetId: item.targetId } : {}) }));
    },
  };
}
