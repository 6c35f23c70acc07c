/**
 * deliverDueCallbacks' dependencies from the environment, for the poller (Lambda) and `npm start`:
 * the jobs table, the S3 client for large results, the secret, whether receivers on loopback are
 * allowed, and the public-only agents callbacks are sent through. The clients are the
 * caller's to close when it stops (`close`).
 */
import { createDynamoDbDocumentClient } from '../../aws/dynamodb/document-client.ts';
import { tableName } from '../../aws/resource-names.ts';
import { createS3Client } from '../../aws/s3/s3-client.ts';
import type { Environment } from '../../config/load-config.ts';
import { createPublicOnlyAgents } from '../../net/public-only-agents.ts';
import type { GatewayLogger } from '../../observability/logger.ts';
import { allowsLoopbackCallbacks, readCallbackSecret } from './callback-settings.ts';
import type { CallbackSweepDeps } from './callback-sweep.ts';

export function callbackSweepDependencies(env: Environment, logger: GatewayLogger): CallbackSweepDeps & { close(): Promise<void> } {
  const client = createDynamoDbDocumentClient(env);
  const s3 = createS3Client(env);
  const allowLoopback = allowsLoopbackCallbacks(env);
  const agents = createPublicOnlyAgents({ allowLoopback });
  return {
    client,
    tableName: tableName(env, 'jobs'),
    s3,
    secret: readCallbackSecret(env),
    logger,
    allowLoopback,
    agents,
    async close() {
      client.destroy();
      s3.destroy();
      agents.destroy();
    },
  };
}
