/**
 * The items of a list of keys in one table: BatchGetItem calls of up to 100 keys, a few at a
 * time. Keys DynamoDB leaves unprocessed (a throttled partition, its 16 MB limit per answer) are
 * asked for again after a full-jitter backoff, as AWS advises for them, for a few rounds; then it
 * rejects, since a partial answer would pass for missing items. Keys without an item are simply
 * absent from the result. The keys must be distinct: DynamoDB refuses a call that repeats one.
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import { BatchGetCommand, type BatchGetCommandOutput, type Item } from './commands.ts';
import type { DocumentClient } from './document-client.ts';

/** BatchGetItem's limit of keys per call. */
export const BATCH_GET_MAX_KEYS = 100;
/** Rounds of asking again for unprocessed keys before giving up. */
const MAX_UNPROCESSED_ROUNDS = 5;
const BACKOFF_BASE_MS = 50;

export interface BatchGetAllOptions {
  tableName: string;
  keys: readonly Item[];
  consistentRead?: boolean;
  /** Calls in flight at once (8 unless given). */
  concurrency?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export async function batchGetAll(client: DocumentClient, options: BatchGetAllOptions): Promise<Item[]> {
  const { tableName, consistentRead } = options;
  const sleep = options.sleep ?? ((ms: number) => sleepFor(ms));
  const random = options.random ?? Math.random;
  const chunks: Item[][] = [];
  for (let start = 0; start < options.keys.length; start += BATCH_GET_MAX_KEYS) chunks.push(options.keys.slice(start, start + BATCH_GET_MAX_KEYS));

  const readChunk = async (chunk: Item[]): Promise<Item[]> => {
    const items: Item[] = [];
    let keys: Item[] | undefined = chunk;
    for (let round = 0; keys && keys.length > 0; round++) {
      if (round === MAX_UNPROCESSED_ROUNDS) throw new Error(`DynamoDB left ${keys.length} keys of ${tableName} unprocessed after ${round} rounds`);
      if (round > 0) await sleep(Math.floor(random() * BACKOFF_BASE_MS * 2 ** (round - 1)));
      const request = { Keys: keys, ...(consistentRead ? { ConsistentRead: true } : {}) };
      const page: BatchGetCommandOutput = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: request } }));
      items.push(...(page.Responses?.[tableName] ?? []));
      keys = page.UnprocessedKeys?.[tableName]?.Keys;
    }
    return items;
  };

  const read: Item[][] = [];
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const index = next++;
      read[index] = await readChunk(chunks[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, chunks.length) }, worker));
  return read.flat();
}
