/**
 * What the worker needs, built once from the environment (per cold start in Lambda, per process
 * in `npm start`): the provider configuration (no gateway keys: the worker serves no clients), the
 * chat service, the jobs table's store, and the lease that must end before a message can return.
 */
import { createDynamoDbDocumentClient } from '../aws/dynamodb-client.ts';
import { tableName } from '../aws/resource-names.ts';
import { createModelResolver } from '../catalog/resolve-model.ts';
import { createChatService } from '../chat/chat-service.ts';
import { loadConfig, type Environment } from '../config/load-config.ts';
import { redactSecrets } from '../http/redact-secrets.ts';
import { QUEUES, WORKER_TIMEOUT_SECONDS } from '../infrastructure/resource-definitions.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import type { WorkerDeps } from './create-worker-handler.ts';
import { createJobStore } from './job-store.ts';

/**
 * A claim lasts as long as the function may run: a worker still holding a job after that is gone,
 * and the queue's visibility timeout (six times as long) brings the message back only after.
 */
export const WORKER_LEASE_MS = WORKER_TIMEOUT_SECONDS * 1000;

export function workerDependencies(env: Environment, logger: GatewayLogger): WorkerDeps {
  const config = loadConfig(env, { requireGatewayKeys: false });
  const providerKeys = [...config.providers.values()].flatMap((provider) => (provider.apiKey ? [provider.apiKey] : []));
  return {
    store: createJobStore({ client: createDynamoDbDocumentClient(env), tableName: tableName(env, 'jobs') }),
    chats: createChatService({ config, resolver: createModelResolver(config.catalog), logger }),
    logger,
    leaseMs: WORKER_LEASE_MS,
    maxReceiveCount: QUEUES.jobs.maxReceiveCount,
    redact: (text) => redactSecrets(text, providerKeys),
  };
}
