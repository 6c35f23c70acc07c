/**
 * What the worker needs, built once from the environment (per cold start in Lambda, per process
 * in `npm start`): the provider configuration (no gateway keys: the worker serves no clients; but
 * their model policies, which hold for the jobs their keys submitted), the chat service, the
 * decision engine (its router, the price book, and the health it records), the jobs table's stores (jobs, paths, turnarounds), the queue to send deferred jobs back to, and the
 * lease that must end before a message can return.
 */
import { createDynamoDbDocumentClient } from '../aws/dynamodb/document-client.ts';
import { queueUrl, tableName } from '../aws/resource-names.ts';
import { createSqsSender } from '../aws/sqs/sqs-sender.ts';
import { createModelResolver } from '../catalog/resolve-model.ts';
import { createChatService } from '../serve/chat-service.ts';
import { createServeCall, engineServeDeps } from '../serve/serve-call.ts';
import { loadConfig, providerKeys, type Environment } from '../config/load-config.ts';
import { createRedactor } from '../http/redact-secrets.ts';
import { QUEUES, WORKER_TIMEOUT_SECONDS } from '../infrastructure/resource-definitions.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import { costOfUsage } from '../pricing/cost.ts';
import type { EarlyStart } from '../pricing/read-prices-early.ts';
import { callerOf, OPEN_GATEWAY_OWNER } from '../routing/caller.ts';
import { createTableEngine } from '../routing/create-table-engine.ts';
import { targetOf } from '../routing/route-target.ts';
import { readBatchSettings } from './batch-settings.ts';
import { resultStorageFromEnv } from './delivery/result-storage-from-env.ts';
import type { WorkerDeps } from './create-worker-handler.ts';
import { createJobPathStore } from './job-path-store.ts';
import { createJobStore } from './job-store.ts';
import { DEFAULT_JOB_PATH_SETTINGS, type JobPathSettings } from './choose-job-path.ts';
import { createJobPathPlanner } from './plan-job-path.ts';
import { createJobMessageSender } from './send-job-message.ts';
import { createTurnaroundBook } from './turnaround/turnaround-book.ts';
import { createTurnaroundStore } from './turnaround/turnaround-store.ts';
import type { Sleep } from './abort-after.ts';

/**
 * A claim lasts as long as the function may run: a worker still holding a job after that is gone,
 * and the queue's visibility timeout (six times as long) brings the message back only after.
 */
export const WORKER_LEASE_MS = WORKER_TIMEOUT_SECONDS * 1000;

/**
 * The clock, for the jobs benchmark (a virtual one) and tests (one they move): `now` is what the
 * worker, its stores and its prices read; `sleep` times the lease's end and flex's longest wait.
 */
export interface WorkerClock {
  now?: () => number;
  sleep?: Sleep;
}

export function workerDependencies(env: Environment, logger: GatewayLogger, { now, sleep }: WorkerClock = {}, early?: EarlyStart): WorkerDeps {
  const config = loadConfig(env, { requireGatewayKeys: false });
  const client = early?.client ?? createDynamoDbDocumentClient(env);
  const resolver = createModelResolver(config.catalog);
  const engine = createTableEngine({
    config,
    resolver,
    logger,
    store: { client, healthTable: tableName(env, 'health'), pricingTable: tableName(env, 'pricing') },
    ...(early && { pricing: early.pricing }),
  });
  engine.start();
  const ready = engine.ready();
  const jobsTable = tableName(env, 'jobs');
  const results = resultStorageFromEnv(env);
  const batches = readBatchSettings(env, config);
  const pathSettings: JobPathSettings = { ...DEFAULT_JOB_PATH_SETTINGS, batchAccumulationMs: batches.accumulationMs };
  const chats = createChatService({ config, resolver, logger });
  const redact = createRedactor(providerKeys(config.providers));
  const callerOfOwner = (owner: string) => callerOf(owner === OPEN_GATEWAY_OWNER ? undefined : owner, config.keyPolicies);
  const turnarounds = createTurnaroundBook({ store: createTurnaroundStore({ client, tableName: jobsTable }), logger, ...(now ? { now } : {}) });
  return {
    store: createJobStore({ client, tableName: jobsTable, ...(now ? { now } : {}) }),
    paths: createJobPathStore({ client, tableName: jobsTable, ...(now ? { now } : {}) }),
    // On the real clock, as the gateway's: the worker's own clock times leases and flex, not attempts.
    serve: createServeCall({
      config,
      chats,
      logger,
      redact,
      ...engineServeDeps(engine),
    }),
    chats,
    callerOf: callerOfOwner,
    planner: createJobPathPlanner({
      router: engine.router,
      callerOf: callerOfOwner,
      prices: engine.prices,
      batchProviders: batches.providers,
      turnarounds,
      settings: pathSettings,
      ...(now ? { now } : {}),
    }),
    turnarounds,
    pathSettings,
    target: (targetId) => targetOf(resolver.resolve(targetId), config),
    sendJobMessage: createJobMessageSender(createSqsSender(env), queueUrl(env, 'jobs')),
    costOf: (target, usage, tier) => {
      const price = engine.prices().priceAt(target, now?.());
      return price ? costOfUsage(usage, price, tier) : undefined;
    },
    ...(results ? { results } : {}),
    flushHealth: () => engine.flush(),
    ready: () => ready,
    logger,
    leaseMs: WORKER_LEASE_MS,
    maxReceiveCount: QUEUES.jobs.maxReceiveCount,
    ...(now ? { now } : {}),
    ...(sleep ? { sleep } : {}),
    redact,
  };
}
