/**
 * Jobs whose message never came: a job put (back) in `queued` for a worker is written first and
 * its message sent second, and a process that dies between the two leaves a job no message will
 * bring to a worker. Each poller run reads the `awaitingWorker` index for jobs whose message was
 * due more than `graceMs` ago and still unclaimed, moves each one's due time to now (a conditional
 * write: two sweeps cannot both take it), and sends its message again. A duplicate, should the
 * first message only have been slow, is harmless: the claim lets one delivery through.
 */
import { QueryCommand, UpdateCommand } from '../../aws/dynamodb/commands.ts';
import type { DocumentClient } from '../../aws/dynamodb/document-client.ts';
import type { GatewayLogger } from '../../observability/logger.ts';
import { AWAITING_WORKER_INDEX, DISPATCH_PARTITION, dispatchKeys } from '../dispatch-keys.ts';
import { jobKey } from '../job-keys.ts';
import { conditional } from '../job-store.ts';
import type { JobMessageSender } from '../send-job-message.ts';

/** Longer than a busy queue keeps a message waiting: a job is re-sent only when its message is surely lost. */
export const REDISPATCH_GRACE_MS = 15 * 60_000;

export interface RedispatchDeps {
  client: DocumentClient;
  tableName: string;
  sendJobMessage: JobMessageSender;
  logger: GatewayLogger;
  now?: () => number;
  graceMs?: number;
  /** Jobs per run at most; the rest wait for the next run. */
  limit?: number;
}

export async function redispatchStaleJobs(deps: RedispatchDeps): Promise<{ redispatched: number; cleared: number }> {
  const now = (deps.now ?? Date.now)();
  const before = new Date(now - (deps.graceMs ?? REDISPATCH_GRACE_MS)).toISOString();
  const { Items = [] } = await deps.client.send(
    new QueryCommand({
      TableName: deps.tableName,
      IndexName: AWAITING_WORKER_INDEX,
      KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk < :before',
      ExpressionAttributeValues: { ':pk': DISPATCH_PARTITION, ':before': before },
      Limit: deps.limit ?? 100,
    }),
  );
  let redispatched = 0;
  let cleared = 0;
  for (const item of Items) {
    const id = String(item.id);
    const staleKey = String(item.gsi3sk);
    if (item.status !== 'queued' || item.path === 'batch') {
      // Not a worker's any more (ended, or waiting for a batch): the keys were left behind.
      const removed = await conditional(() =>
        deps.client.send(
          new UpdateCommand({ TableName: deps.tableName, Key: jobKey(id), UpdateExpression: 'REMOVE gsi3pk, gsi3sk', ConditionExpression: 'gsi3sk = :stale', ExpressionAttributeValues: { ':stale': staleKey } }),
        ),
      );
      if (removed) cleared += 1;
      continue;
    }
    const taken = await conditional(() =>
      deps.client.send(
        new UpdateCommand({
          TableName: deps.tableName,
          Key: jobKey(id),
          UpdateExpression: 'SET gsi3sk = :due',
          ConditionExpression: 'gsi3sk = :stale AND #status = :queued',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':due': dispatchKeys(id, now).gsi3sk, ':stale': staleKey, ':queued': 'queued' },
        }),
      ),
    );
    if (!taken) continue;
    await deps.sendJobMessage(id);
    redispatched += 1;
    deps.logger.warn('job queued with no message: sent again', { jobId: id, dueSince: staleKey.slice(0, staleKey.indexOf('#')) });
  }
  return { redispatched, cleared };
}
