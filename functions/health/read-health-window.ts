/**
 * Reads the last minutes of the health table for a list of targets: per target, one Query of its
 * partition from the window's first minute to the `probe` item (sort keys `minute#...` sort
 * between `breaker` and `probe`, so the range holds the window's minutes and the last probe and
 * nothing else), a few targets at a time; and the `breaker` items of all of them in BatchGetItem
 * calls of up to 100 keys (one call for any catalog), beside the Queries. A breaker cannot share
 * its target's Query: the range from `breaker` to the window would hold every older minute too.
 * So N targets cost N Queries and one BatchGetItem, not 2N calls.
 *
 * Why Query and not BatchGetItem of the known keys: a Query is charged by the size of what it
 * returns (rounded up to 4 KB once), a BatchGet by each item (rounded up to 4 KB each), so ten
 * minute items of ~0.5 KB cost 2 read units instead of 10; and minutes nobody wrote cost nothing.
 * The Query is strongly consistent: a matrix drops its local samples once a refresh that started
 * after their write has read them (health-matrix.ts), which an eventually consistent read might not.
 *
 * Expired items are filtered out: DynamoDB deletes them days late, dynalite never.
 */
import { BatchGetCommand, QueryCommand, type BatchGetCommandOutput } from '../aws/dynamodb/commands.ts';
import type { DocumentClient } from '../aws/dynamodb/document-client.ts';
import type { HealthAggregate } from './aggregate-health-samples.ts';
import { BREAKER_SORT_KEY, parseBreakerItem, type BreakerState } from './breaker-item.ts';
import { healthPartitionKey, healthSortKey, minuteStart } from './health-keys.ts';
import { LAST_PROBE_SORT_KEY, parseLastProbeItem, type LastProbe } from './last-probe-item.ts';
import { parseMinuteItem } from './parse-minute-item.ts';

export interface TargetWindow {
  target: string;
  /** The minutes that have items, oldest first. */
  minutes: HealthAggregate[];
  breaker?: BreakerState | undefined;
  lastProbe?: LastProbe | undefined;
}

export interface ReadHealthWindowOptions {
  client: DocumentClient;
  tableName: string;
  /** Epoch ms; the window ends with the minute `now` is in. */
  now: number;
  /** Minutes read, the current one included. */
  windowMinutes: number;
  /** Targets read at once. */
  concurrency?: number;
}

/** The first minute (epoch ms) of a window of `windowMinutes` ending with the minute of `now`. */
export const windowStart = (now: number, windowMinutes: number): number => minuteStart(now) - (windowMinutes - 1) * 60_000;

/** BatchGetItem's limit of keys per call. */
const BATCH_GET_MAX_KEYS = 100;
/** Rounds of retrying the keys DynamoDB left unprocessed (throttling) before giving up on the refresh. */
const MAX_UNPROCESSED_ROUNDS = 5;

type Item = Record<string, unknown>;

export async function readHealthWindow(targets: readonly string[], options: ReadHealthWindowOptions): Promise<Map<string, TargetWindow>> {
  const concurrency = options.concurrency ?? 8;
  const live = (item: Item) => typeof item.expiresAt !== 'number' || item.expiresAt * 1000 > options.now;
  const readWindows = async () => {
    const windows = new Map<string, TargetWindow>();
    for (let start = 0; start < targets.length; start += concurrency) {
      const read = await Promise.all(targets.slice(start, start + concurrency).map((target) => readTarget(target, options, live)));
      for (const window of read) windows.set(window.target, window);
    }
    return windows;
  };
  const [windows, breakers] = await Promise.all([readWindows(), readBreakers(targets, options)]);
  const byPartition = new Map(targets.map((target) => [healthPartitionKey(target), target]));
  for (const item of breakers) {
    const target = typeof item.pk === 'string' ? byPartition.get(item.pk) : undefined;
    const window = target === undefined ? undefined : windows.get(target);
    if (window && live(item)) window.breaker = parseBreakerItem(item);
  }
  return windows;
}

async function readTarget(target: string, { client, tableName, now, windowMinutes }: ReadHealthWindowOptions, live: (item: Item) => boolean): Promise<TargetWindow> {
  const items = await queryAll(client, {
    TableName: tableName,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': healthPartitionKey(target), ':from': healthSortKey(windowStart(now, windowMinutes)), ':to': LAST_PROBE_SORT_KEY },
    ConsistentRead: true,
  });
  const window: TargetWindow = { target, minutes: [] };
  for (const item of items.filter(live)) {
    if (item.sk === LAST_PROBE_SORT_KEY) {
      window.lastProbe = parseLastProbeItem(item);
    } else {
      const minute = parseMinuteItem(item);
      if (minute) window.minutes.push(minute);
    }
  }
  return window;
}

/** The `breaker` items of the targets that have one. */
async function readBreakers(targets: readonly string[], { client, tableName }: ReadHealthWindowOptions): Promise<Item[]> {
  const unique = [...new Set(targets)];
  const chunks: string[][] = [];
  for (let start = 0; start < unique.length; start += BATCH_GET_MAX_KEYS) chunks.push(unique.slice(start, start + BATCH_GET_MAX_KEYS));
  const read = await Promise.all(
    chunks.map(async (chunk) => {
      const items: Item[] = [];
      let keys: Item[] | undefined = chunk.map((target) => ({ pk: healthPartitionKey(target), sk: BREAKER_SORT_KEY }));
      for (let round = 0; keys && keys.length > 0; round++) {
        if (round === MAX_UNPROCESSED_ROUNDS) throw new Error(`health: ${keys.length} breaker items left unprocessed after ${round} rounds`);
        const page: BatchGetCommandOutput = await client.send(new BatchGetCommand({ RequestItems: { [tableName]: { Keys: keys } } }));
        items.push(...(page.Responses?.[tableName] ?? []));
        keys = page.UnprocessedKeys?.[tableName]?.Keys;
      }
      return items;
    }),
  );
  return read.flat();
}

async function queryAll(client: DocumentClient, input: ConstructorParameters<typeof QueryCommand>[0]): Promise<Item[]> {
  const items: Item[] = [];
  let ExclusiveStartKey: Item | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
