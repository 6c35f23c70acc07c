/**
 * Writes samples to the health table: aggregated per target and minute in memory, then one
 * `UpdateItem` per (target, minute) whose atomic `ADD`s add to whatever other writers (other
 * gateway instances, the probe) added to the same item, and whose `SET expiresAt` keeps it a week.
 * Called once per batch (a probe run, later a gateway flush), never once per request.
 *
 * The item's attributes, for the readers to come:
 * - `target`, `minute` (ISO), `expiresAt` (epoch s)
 * - `count_<outcome>` for each of HEALTH_OUTCOMES
 * - `ttfb_<bucket>`, `ttfb_count`, `ttfb_sumMs`: time to first byte, every sample that had one
 * - `total_<bucket>`, `total_count`, `total_sumMs`, `outputTokens`: `ok` samples only
 * where `<bucket>` is one of LATENCY_BUCKETS (`le100` ... `le25600`, `inf`).
 */
import type { UpdateCommandInput } from '../aws/dynamodb/commands.ts';
import type { DocumentClient } from '../aws/dynamodb/document-client.ts';
import { UpdateCommand } from '../aws/dynamodb/commands.ts';
import { aggregateHealthSamples, type HealthAggregate, type LatencyHistogram } from './aggregate-health-samples.ts';
import { healthExpiresAt, healthPartitionKey, healthSortKey, isoMinute } from './health-keys.ts';
import type { HealthSample } from './health-sample.ts';
import { isConditionalCheckFailed } from '../aws/is-conditional-check-failed.ts';

export interface RecordHealthDeps {
  client: DocumentClient;
  tableName: string;
}

export interface RecordHealthResult {
  /** Items updated: one per target and minute. */
  items: number;
}

export class HealthWriteError extends Error {
  override name = 'HealthWriteError';
  /** The keys of the items that were not updated, so that a caller may retry only those. */
  readonly failedKeys: ReadonlyArray<{ pk: string; sk: string }>;
  constructor(message: string, failedKeys: ReadonlyArray<{ pk: string; sk: string }>, options?: ErrorOptions) {
    super(message, options);
    this.failedKeys = failedKeys;
  }
}

/** Updates in flight at once: a batch has one item per target and minute, rarely more than this. */
const CONCURRENCY = 8;

export async function recordHealthSamples(samples: readonly HealthSample[], deps: RecordHealthDeps): Promise<RecordHealthResult> {
  return sendHealthUpdates(
    aggregateHealthSamples(samples).map((aggregate) => healthUpdate(aggregate, deps.tableName)),
    deps,
  );
}

/**
 * Sends updates of the health table, a few at a time, trying every one before reporting the
 * failures. A conditional update that finds a newer item (a last probe or a breaker state written
 * by someone else since) is superseded, not failed.
 */
export async function sendHealthUpdates(updates: readonly UpdateCommandInput[], deps: Pick<RecordHealthDeps, 'client'>): Promise<RecordHealthResult> {
  const failures: Array<{ input: UpdateCommandInput; reason: unknown }> = [];
  for (let start = 0; start < updates.length; start += CONCURRENCY) {
    const batch = updates.slice(start, start + CONCURRENCY);
    const results = await Promise.allSettled(batch.map((input) => deps.client.send(new UpdateCommand(input))));
    results.forEach((result, index) => {
      if (result.status === 'rejected' && !isConditionalCheckFailed(result.reason)) failures.push({ input: batch[index]!, reason: result.reason });
    });
  }
  if (failures.length > 0) {
    const keys = failures.map(({ input }) => input.Key as { pk: string; sk: string });
    throw new HealthWriteError(`${failures.length} of ${updates.length} health items could not be updated`, keys, { cause: failures[0]!.reason });
  }
  return { items: updates.length };
}


/** The one update of a target's minute: ADD every non-zero counter, SET the rest. */
export function healthUpdate(aggregate: HealthAggregate, tableName: string): UpdateCommandInput {
  const all: Array<[string, number]> = [
    ...Object.entries(aggregate.counts).map(([outcome, count]): [string, number] => [`count_${outcome}`, count]),
    ...histogramCounters('ttfb', aggregate.ttfb),
    ...histogramCounters('total', aggregate.total),
    ['outputTokens', aggregate.outputTokens],
  ];
  const counters = all.filter(([, value]) => value !== 0);

  const names: Record<string, string> = { '#target': 'target', '#minute': 'minute', '#expiresAt': 'expiresAt' };
  const values: Record<string, unknown> = {
    ':target': aggregate.target,
    ':minute': isoMinute(aggregate.minute),
    ':expiresAt': healthExpiresAt(aggregate.minute),
  };
  const adds = counters.map(([name, value], index) => {
    names[`#a${index}`] = name;
    values[`:a${index}`] = value;
    return `#a${index} :a${index}`;
  });
  return {
    TableName: tableName,
    Key: { pk: healthPartitionKey(aggregate.target), sk: healthSortKey(aggregate.minute) },
    UpdateExpression: `SET #target = :target, #minute = :minute, #expiresAt = :expiresAt${adds.length > 0 ? ` ADD ${adds.join(', ')}` : ''}`,
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

function histogramCounters(prefix: string, histogram: LatencyHistogram): Array<[string, number]> {
  return [
    ...Object.entries(histogram.buckets).map(([bucket, count]): [string, number] => [`${prefix}_${bucket}`, count]),
    [`${prefix}_count`, histogram.count],
    [`${prefix}_sumMs`, histogram.sumMs],
  ];
}
