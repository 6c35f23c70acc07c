/**
 * Reads the last minutes of the health table for a list of targets: per target, one Query of its
 * partition from the window's first minute to the `probe` item (sort keys `minute#...` sort
 * between `breaker` and `probe`, so the range holds the window's minutes and the last probe and
 * nothing else), and one GetItem of its `breaker` item; a few targets at a time.
 *
 * Why Query and not BatchGetItem of the known keys: a Query is charged by the size of what it
 * returns (rounded up to 4 KB once), a BatchGet by each item (rounded up to 4 KB each), so ten
 * minute items of ~0.5 KB cost 2 read units instead of 10; and minutes nobody wrote cost nothing.
 * The Query is strongly consistent: a matrix drops its local samples once a refresh that started
 * after their write has read them (health-matrix.ts), which an eventually consistent read might not.
 *
 * Expired items are filtered out: DynamoDB deletes them days late, dynalite never.
 */
import { GetCommand, QueryCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
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
  client: DynamoDBDocumentClient;
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

export async function readHealthWindow(targets: readonly string[], options: ReadHealthWindowOptions): Promise<Map<string, TargetWindow>> {
  const concurrency = options.concurrency ?? 8;
  const windows = new Map<string, TargetWindow>();
  for (let start = 0; start < targets.length; start += concurrency) {
    const read = await Promise.all(targets.slice(start, start + concurrency).map((target) => readTarget(target, options)));
    for (const window of read) windows.set(window.target, window);
  }
  return windows;
}

async function readTarget(target: string, { client, tableName, now, windowMinutes }: ReadHealthWindowOptions): Promise<TargetWindow> {
  const pk = healthPartitionKey(target);
  const live = (item: Record<string, unknown>) => typeof item.expiresAt !== 'number' || item.expiresAt * 1000 > now;
  const [items, breakerItem] = await Promise.all([
    queryAll(client, {
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': pk, ':from': healthSortKey(windowStart(now, windowMinutes)), ':to': LAST_PROBE_SORT_KEY },
      ConsistentRead: true,
    }),
    client.send(new GetCommand({ TableName: tableName, Key: { pk, sk: BREAKER_SORT_KEY } })).then(({ Item }) => Item),
  ]);
  const window: TargetWindow = { target, minutes: [] };
  for (const item of items.filter(live)) {
    if (item.sk === LAST_PROBE_SORT_KEY) {
      window.lastProbe = parseLastProbeItem(item);
    } else {
      const minute = parseMinuteItem(item);
      if (minute) window.minutes.push(minute);
    }
  }
  if (breakerItem && live(breakerItem)) window.breaker = parseBreakerItem(breakerItem);
  return window;
}

async function queryAll(client: DynamoDBDocumentClient, input: ConstructorParameters<typeof QueryCommand>[0]): Promise<Array<Record<string, unknown>>> {
  const items: Array<Record<string, unknown>> = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new QueryCommand({ ...input, ...(ExclusiveStartKey ? { ExclusiveStartKey } : {}) }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}
