/**
 * Turnaround samples in the jobs table, one item each so that pollers and workers record without
 * reading first: pk `turnaround#<key>`, sk `<epoch ms, zero-padded>#<random>`, kept a week (TTL).
 * The most recent are read back newest first with one Query.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { JOBS_PARTITIONS } from '../jobs-table-partitions.ts';
import { RECENT_SAMPLES, type TurnaroundSample } from './turnaround-sample.ts';

const KEEP_SECONDS = 7 * 24 * 3600;

export interface TurnaroundStore {
  record(key: string, sample: TurnaroundSample, at: number): Promise<void>;
  /** The most recent samples, oldest first. */
  recent(key: string): Promise<TurnaroundSample[]>;
}

export function createTurnaroundStore({ client, tableName }: { client: DynamoDBDocumentClient; tableName: string }): TurnaroundStore {
  return {
    async record(key, sample, at) {
      await client.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            pk: `${JOBS_PARTITIONS.turnaround}${key}`,
            sk: `${String(at).padStart(15, '0')}#${randomUUID()}`,
            ms: Math.round(sample.ms),
            ...(sample.missed ? { missed: true } : {}),
            ...(sample.refusedAt === undefined ? {} : { refusedAt: sample.refusedAt }),
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
        ...(typeof item.refusedAt === 'number' ? { refusedAt: item.refusedAt } : {}),
      }));
    },
  };
}
