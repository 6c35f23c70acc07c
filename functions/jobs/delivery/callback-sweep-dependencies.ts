/**
 * deliverDueCallbacks' dependencies from the environment, for the poller (Lambda) and `npm start`:
 * the jobs table, the S3 client for large results, the secret, and whether http receivers are
 * allowed. The clients are the caller's to destroy when it stops (`close`).
 */
import { createDynamoDbDocumentClient } from '../../aws/dynamodb-client.ts';
import { tableName } from '../../aws/resource-names.ts';
import { createS3Client } from '../../aws/s3-client.ts';
import type { Environment } from '../../config/load-config.ts';
import type { GatewayLogger } from '../../observability/logger.ts';
import { allowsInsecureCallbacks, readCallbackSecret } from './callback-settings.ts';
import type { CallbackSweepDeps } from './callback-sweep.ts';

export function callbackSweepDependencies(env: Environment, logger: GatewayLogger): CallbackSweepDeps & { close(): void } {
  const client = createDynamoDbDocumentClient(env);
  const s3 = createS3Client(env);
  return {
    client,
    tableName: tableName(env, 'jobs'),
    s3,
    secret: readCallbackSecret(env),
    logger,
    allowInsecure: allowsInsecureCallbacks(env),
    close() {
      client.destroy();
      s3.destroy();
    },
  };
}
