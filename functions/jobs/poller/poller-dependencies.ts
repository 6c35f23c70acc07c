/**
 * What the batch poller needs, built once from the environment (per cold start in Lambda, per
 * process in `npm start`): the jobs table's stores, the provider batch clients, the price book
 * (a batch's cost at its discount), the queue to send jobs back to the standard path, and where
 * batch turnarounds are recorded.
 */
import { createDynamoDbDocumentClient } from '../../aws/dynamodb/document-client.ts';
import { queueUrl, tableName } from '../../aws/resource-names.ts';
import { createSqsSender } from '../../aws/sqs/sqs-sender.ts';
import { batchClientFor, type BatchClient } from '../../batches/batch-client.ts';
import { createModelResolver } from '../../catalog/resolve-model.ts';
import { loadConfig, type Environment } from '../../config/load-config.ts';
import type { GatewayLogger } from '../../observability/logger.ts';
import { costOfUsage } from '../../pricing/cost.ts';
import { createPricingSnapshot } from '../../pricing/pricing-snapshot.ts';
import { targetOf } from '../../routing/route-target.ts';
import { readBatchSettings } from '../batch-settings.ts';
import { deliverDueCallbacks } from '../delivery/callback-sweep.ts';
import { callbackSweepDependencies } from '../delivery/callback-sweep-dependencies.ts';
import { resultStorageFromEnv } from '../delivery/result-storage-from-env.ts';
import { createJobPathStore } from '../job-path-store.ts';
import { createJobStore } from '../job-store.ts';
import { createJobMessageSender } from '../send-job-message.ts';
import { createTurnaroundBook } from '../turnaround/turnaround-book.ts';
import { createTurnaroundStore } from '../turnaround/turnaround-store.ts';
import { redispatchStaleJobs } from './redispatch-stale-jobs.ts';
import type { PollerDeps } from './run-poller.ts';

export interface PollerDependencies {
  deps: PollerDeps;
  /** Settles once the prices are loaded (the first run waits for it). */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function pollerDependencies(env: Environment, logger: GatewayLogger): PollerDependencies {
  const config = loadConfig(env, { requireGatewayKeys: false });
  const resolver = createModelResolver(config.catalog);
  const client = createDynamoDbDocumentClient(env);
  const jobsTable = tableName(env, 'jobs');
  const pricing = createPricingSnapshot({ client, tableName: tableName(env, 'pricing'), logger });
  pricing.start();
  const settings = readBatchSettings(env, config);
  const clients = new Map<string, BatchClient | undefined>();
  const results = resultStorageFromEnv(env);
  const callbacks = callbackSweepDependencies(env, logger);
  const sendJobMessage = createJobMessageSender(createSqsSender(env), queueUrl(env, 'jobs'));
  return {
    deps: {
      store: createJobStore({ client, tableName: jobsTable }),
      paths: createJobPathStore({ client, tableName: jobsTable }),
      sendJobMessage,
      batchClient: (provider) => {
        if (!clients.has(provider)) clients.set(provider, batchClientFor(provider, config.providers.get(provider)));
        return clients.get(provider);
      },
      target: (targetId) => targetOf(resolver.resolve(targetId), config),
      costOf: (target, usage, tier) => {
        const price = pricing.book().priceAt(target);
        return price ? costOfUsage(usage, price, tier) : undefined;
      },
      turnarounds: createTurnaroundBook({ store: createTurnaroundStore({ client, tableName: jobsTable }), logger }),
      logger,
      accumulationMs: settings.accumulationMs,
      ...(results ? { results } : {}),
      sweeps: [
        { name: 'callbacks', run: () => deliverDueCallbacks(callbacks) },
        { name: 'queued jobs with no message', run: () => redispatchStaleJobs({ client, tableName: jobsTable, sendJobMessage, logger }) },
      ],
    },
    ready: pricing.ready.catch(() => {}),
    async stop() {
      await pricing.stop();
      await callbacks.close();
    },
  };
}
