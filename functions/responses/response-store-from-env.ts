/**
 * The stored responses' AWS side from the environment: the responses table and the results bucket
 * (for bodies too large for an item), as the stack binds them to the gateway and `npm start` sets
 * them for its embedded endpoints.
 */
import { createDynamoDbDocumentClient } from '../aws/dynamodb/document-client.ts';
import { MissingResourceVariableError, tableName } from '../aws/resource-names.ts';
import { createS3Client } from '../aws/s3/s3-client.ts';
import type { Environment } from '../config/load-config.ts';
import { BUCKETS } from '../infrastructure/resource-definitions.ts';
import { createResponseStore } from './dynamodb-response-store.ts';
import type { ResponseStore } from './response-store.ts';

/** Throws MissingResourceVariableError when the environment names no responses table or results bucket. */
export function responseStoreFromEnv(env: Environment): ResponseStore {
  const table = tableName(env, 'responses');
  const bucket = env[BUCKETS.results.envVar]?.trim();
  if (!bucket) throw new MissingResourceVariableError(BUCKETS.results.envVar, 'results bucket (stored responses too large for an item)');
  return createResponseStore({ client: createDynamoDbDocumentClient(env), tableName: table, objects: { s3: createS3Client(env), bucket } });
}
