/**
 * The stack's DynamoDB tables, SQS queues and S3 buckets on loopback, for `npm start` and the
 * tests: dynalite (DynamoDB's API on LevelDB) and fauxqs (SQS's and S3's APIs on one endpoint,
 * state written through to SQLite), with the tables, queues and buckets created from
 * resource-definitions.ts. The application reaches them through
 * its ordinary AWS SDK clients, pointed here by the variables in `env`.
 *
 * Both servers are devDependencies, imported only when this starts, so no Lambda bundle holds them.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Environment } from '../config/load-config.ts';
import { LOCAL_DEFAULT_REGION } from '../aws/aws-client-config.ts';
import { DYNAMODB_ENDPOINT_VARIABLE } from '../aws/dynamodb/document-client.ts';
import { createDynamoDbClient } from './local-dynamodb-client.ts';
import type { QueueKey, TableKey } from '../aws/resource-names.ts';
import { createS3Client, S3_ENDPOINT_VARIABLE } from '../aws/s3/s3-client.ts';
import { createSqsClient, SQS_ENDPOINT_VARIABLE } from '../aws/sqs-client.ts';
import { BUCKETS, QUEUES, TABLES } from '../infrastructure/resource-definitions.ts';
import { ensureBucket } from './create-local-buckets.ts';
import { ensureQueue, type LocalQueue, type QueueOverrides } from './create-local-queues.ts';
import { ensureTable, type TableStatus } from './create-local-tables.ts';
import { portError } from './bind-port.ts';
import { lockDataDir } from './data-dir-lock.ts';
import { shutdownSteps } from './shutdown-steps.ts';

export interface EmbeddedAwsOptions {
  /** Folder the data is kept in across restarts; in memory when unset. */
  dataDir?: string;
  /** 0 (the default) lets the system pick a free port. */
  dynamoDbPort?: number;
  sqsPort?: number;
  /** The environment the endpoints are for: its region and credentials are kept when set. */
  env?: Environment;
  queueOverrides?: QueueOverrides;
}

export interface EmbeddedAws {
  dynamoDbEndpoint: string;
  sqsEndpoint: string;
  /** fauxqs's endpoint too: it serves S3 beside SQS. */
  s3Endpoint: string;
  dataDir: string | undefined;
  tables: Record<TableKey, { name: string; status: TableStatus }>;
  queues: Record<QueueKey, LocalQueue>;
  buckets: Record<keyof typeof BUCKETS, { name: string }>;
  /** The variables that point the application's AWS clients at these endpoints and resources. */
  env: Record<string, string>;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
/** Local endpoints accept any signature; the SDK still needs some keys to sign with. */
const LOCAL_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local' };

export async function startEmbeddedAws(options: EmbeddedAwsOptions = {}): Promise<EmbeddedAws> {
  const { dataDir } = options;
  const cleanup = shutdownSteps();
  const close = cleanup.run;
  try {
    if (dataDir) cleanup.add((await lockDataDir(dataDir)).release);
    const servers = await Promise.allSettled([
      startDynalite(dataDir && join(dataDir, 'dynamodb'), options.dynamoDbPort ?? 0),
      startFauxqsServer(dataDir && join(dataDir, 'sqs'), options.sqsPort ?? 0),
    ]);
    for (const server of servers) if (server.status === 'fulfilled') cleanup.add(server.value.close);
    const [dynamoDb, sqs] = servers.map((server) => {
      if (server.status === 'rejected') throw server.reason;
      return server.value;
    }) as [LocalServer, LocalServer];

    const outer = options.env ?? {};
    const env: Record<string, string> = {
      [DYNAMODB_ENDPOINT_VARIABLE]: dynamoDb.endpoint,
      [SQS_ENDPOINT_VARIABLE]: sqs.endpoint,
      [S3_ENDPOINT_VARIABLE]: sqs.endpoint,
      ...(outer.AWS_REGION || outer.AWS_DEFAULT_REGION ? {} : { AWS_REGION: LOCAL_DEFAULT_REGION }),
      ...(outer.AWS_ACCESS_KEY_ID && outer.AWS_SECRET_ACCESS_KEY ? {} : LOCAL_CREDENTIALS),
    };
    const clientEnv = { ...outer, ...env };
    const dynamoDbClient = createDynamoDbClient(clientEnv);
    const sqsClient = createSqsClient(clientEnv);
    const s3Client = createS3Client(clientEnv);
    try {
      const tables = await createTables(dynamoDbClient);
      const queues = withPort(await createQueues(sqsClient, options.queueOverrides), sqs.endpoint);
      for (const [key, table] of Object.entries(tables)) env[TABLES[key as TableKey].envVar] = table.name;
      for (const [key, queue] of Object.entries(queues)) {
        const definition = QUEUES[key as QueueKey];
        env[definition.envVar] = queue.url;
        env[definition.deadLetterQueue.envVar] = queue.deadLetterQueue.url;
      }
      const buckets = await createBuckets(s3Client);
      for (const [key, bucket] of Object.entries(buckets)) env[BUCKETS[key as keyof typeof BUCKETS].envVar] = bucket.name;
      return { dynamoDbEndpoint: dynamoDb.endpoint, sqsEndpoint: sqs.endpoint, s3Endpoint: sqs.endpoint, dataDir, tables, queues, buckets, env, close };
    } finally {
      dynamoDbClient.destroy();
      sqsClient.destroy();
      s3Client.destroy();
    }
  } catch (error) {
    await close();
    throw error;
  }
}

async function createTables(client: ReturnType<typeof createDynamoDbClient>): Promise<EmbeddedAws['tables']> {
  const entries = await Promise.all(
    Object.entries(TABLES).map(async ([key, definition]) => [key, { name: definition.name, status: await ensureTable(client, definition) }] as const),
  );
  return Object.fromEntries(entries) as EmbeddedAws['tables'];
}

async function createQueues(client: ReturnType<typeof createSqsClient>, overrides: QueueOverrides | undefined): Promise<EmbeddedAws['queues']> {
  const entries = await Promise.all(
    Object.entries(QUEUES).map(async ([key, definition]) => [key, await ensureQueue(client, definition, overrides)] as const),
  );
  return Object.fromEntries(entries) as EmbeddedAws['queues'];
}

async function createBuckets(client: ReturnType<typeof createS3Client>): Promise<EmbeddedAws['buckets']> {
  const entries = await Promise.all(Object.entries(BUCKETS).map(async ([key, definition]) => [key, await ensureBucket(client, definition)] as const));
  return Object.fromEntries(entries) as EmbeddedAws['buckets'];
}

/**
 * fauxqs keeps the URL a queue was first created with, port included; with a new port each run,
 * show the current one. (The SDK sends to SQS_ENDPOINT whatever the URL's host, and fauxqs finds
 * a queue by the region and name in its URL.)
 */
function withPort(queues: EmbeddedAws['queues'], endpoint: string): EmbeddedAws['queues'] {
  const { port } = new URL(endpoint);
  const fix = (url: string) => Object.assign(new URL(url), { port }).href;
  return Object.fromEntries(
    Object.entries(queues).map(([key, queue]) => [
      key,
      { ...queue, url: fix(queue.url), deadLetterQueue: { ...queue.deadLetterQueue, url: fix(queue.deadLetterQueue.url) } },
    ]),
  ) as EmbeddedAws['queues'];
}

interface LocalServer {
  endpoint: string;
  close(): Promise<void>;
}

async function startDynalite(path: string | undefined, port: number): Promise<LocalServer> {
  const { default: dynalite } = await import('dynalite');
  // Tables are ACTIVE at once instead of after dynalite's default 500 ms.
  const server: Server = dynalite({ ...(path ? { path } : {}), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException) => reject(portError(error, port, HOST, 'SWITCHYARD_DYNAMODB_PORT'));
    server.once('error', refuse);
    server.listen(port, HOST, () => {
      server.off('error', refuse);
      resolve();
    });
  });
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    endpoint: `http://${HOST}:${actualPort}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // dynalite's close waits for open connections, then closes the LevelDB store.
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

async function startFauxqsServer(dataDir: string | undefined, port: number): Promise<LocalServer> {
  const { startFauxqs } = await import('fauxqs');
  // fauxqs listens on all interfaces (its listen host is not configurable); clients use loopback.
  const server = await startFauxqs({ port, logger: false, ...(dataDir ? { dataDir } : {}) }).catch((error: NodeJS.ErrnoException) => {
    // It listens on every interface: that is where the port is taken.
    throw portError(error, port, '0.0.0.0', 'SWITCHYARD_SQS_PORT');
  });
  return { endpoint: `http://${HOST}:${server.port}`, close: () => server.stop() };
}
