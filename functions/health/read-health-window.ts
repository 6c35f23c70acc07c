/**
 * Reads the last minutes of the health table for a list of targets, in one of two ways.
 *
 * By Query (refreshes): per target, one Query of its partition from the window's first minute to
 * the `probe` item (sort keys `minute#...` sort between `breaker` and `probe`, so the range holds
 * the window's minutes and the last probe and nothing else), a few targets at a time; and the
 * `breaker` items of all of them in BatchGetItem calls of up to 100 keys, beside the Queries. A
 * breaker cannot share its target's Query: the range from `breaker` to the window would hold every
 * older minute too. So N targets cost N Queries and one BatchGetItem, not 2N calls. A Query is
 * charged by the size of what it returns (rounded up to 4 KB once), a BatchGet by each key (rounded
 * up to 4 KB each, a key without an item included), so ten minute items of ~0.5 KB cost 2 read
 * units instead of 10, and minutes nobody wrote cost nothing.
 *
 * By keys (`byKeys`, a new instance's first read): every key the window can hold (each target's
 * minutes, breaker and last probe: 12 for a 10-minute window) in BatchGetItem calls of 100, so
 * eight targets take one call instead of nine. It costs more read units, once per instance; in
 * return a new instance makes fewer calls at the end of its first invocation, which waits for
 * them (health/read-health-after-first-response.ts), each of them signed and, on a new
 * connection, a TLS handshake, and spends less CPU on them.
 *
 * The minutes are read strongly consistent either way: a matrix drops its local samples once a
 * refresh that started after their write has read them (health-matrix.ts), which an eventually
 * consistent read might not.
 *
 * Expired items are filtered out: DynamoDB deletes them days late, dynalite never.
 */
import { batchGetAll } from '../aws/dynamodb/batch-get-all.ts';
import { QueryCommand, type Item } from '../aws/dynamodb/commands.ts';
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
  /** Calls in flight at once. */
  concurrency?: number;
  /** Every key of the window in BatchGetItem calls rather than a Query per target (see above). */
  byKeys?: boolean;
}

/** The first minute (epoch ms) of a window of `windowMinutes` ending with the minute of `now`. */
export const windowStart = (now: number, windowMinutes: number): number => minuteStart(now) - (windowMinutes - 1) * 60_000;

export async function readHealthWindow(targets: readonly string[], options: ReadHealthWindowOptions): Promise<Map<string, TargetWindow>> {
  const unique = [...new Set(targets)];
  const live = (item: Item) => typeof item.expiresAt !== 'number' || item.expiresAt * 1000 > options.now;
  const items = options.byKeys ? await readByKeys(unique, options) : await readByQuery(unique, options);
  const windows = new Map<string, TargetWindow>(unique.map((target) => [target, { target, minutes: [] }]));
  const byPartition = new Map(unique.map((target) => [healthPartitionKey(target), target]));
  for (const item of items) {
    const target = typeof item.pk === 'string' ? byPartition.get(item.pk) : undefined;
    const window = target === undefined ? undefined : windows.get(target);
    if (!window || !live(item)) continue;
    if (item.sk === BREAKER_SORT_KEY) {
      window.breaker = parseBreakerItem(item);
    } else if (item.sk === LAST_PROBE_SORT_KEY) {
      window.lastProbe = parseLastProbeItem(item);
    } else {
      const minute = parseMinuteItem(item);
      if (minute) window.minutes.push(minute);
    }
  }
  // A BatchGet answers in no particular order.
  for (const window of windows.values()) window.minutes.sort((a, b) => a.minute - b.minute);
  return windows;
}

/** Each target's window and last probe by Query, its breaker by BatchGetItem, all of them as items. */
async function readByQuery(targets: readonly string[], options: ReadHealthWindowOptions): Promise<Item[]> {
  const { client, tableName, now, windowMinutes } = options;
  const concurrency = options.concurrency ?? 8;
  const readWindows = async () => {
    const items: Item[] = [];
    for (let start = 0; start < targets.length; start += concurrency) {
      const read = await Promise.all(
        targets.slice(start, start + concurrency).map((target) =>
          queryAll(client, {
            TableName: tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
            ExpressionAttributeValues: { ':pk': healthPartitionKey(target), ':from': healthSortKey(windowStart(now, windowMinutes)), ':to': LAST_PROBE_SORT_KEY },
            ConsistentRead: true,
          }),
        ),
      );
      items.push(...read.flat());
    }
    return items;
  };
  const breakerKeys = targets.map((target) => ({ pk: healthPartitionKey(target), sk: BREAKER_SORT_KEY }));
  // Breakers need no consistent read: nothing is dropped on the strength of reading one.
  const [windows, breakers] = await Promise.all([readWindows(), batchGetAll(client, { tableName, keys: breakerKeys, concurrency })]);
  return [...windows, ...breakers];
}

/** Every key the targets' windows can hold, by BatchGetItem. */
function readByKeys(targets: readonly string[], options: ReadHealthWindowOptions): Promise<Item[]> {
  const first = windowStart(options.now, options.windowMinutes);
  const keys: Item[] = [];
  for (const target of targets) {
    const pk = healthPartitionKey(target);
    keys.push({ pk, sk: BREAKER_SORT_KEY }, { pk, sk: LAST_PROBE_SORT_KEY });
    for (let minute = 0; minute < options.windowMinutes; minute++) keys.push({ pk, sk: healthSortKey(first + minute * 60_000) });
  }
  return batchGetAll(options.client, { tableName: options.tableName, keys, consistentRead: true, ...(options.concurrency ? { concurrency: options.concurrency } : {}) });
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
