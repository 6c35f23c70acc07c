/**
 * Everything `npm start` runs: the stack's DynamoDB tables and SQS queues on embedded loopback
 * endpoints in a child process (unless the environment points elsewhere), the variables that lead
 * the application's AWS clients to them, the worker fed by the jobs queue as Lambda's SQS event
 * source would feed it (once there is a worker), and the gateway's server, whose port is bound
 * before any of them starts.
 *
 * - `DYNAMODB_ENDPOINT` or `SQS_ENDPOINT` set: nothing is embedded, those endpoints are used.
 * - `SWITCHYARD_EMBEDDED_AWS=0`: nothing is embedded; the clients reach real AWS with the default
 *   credential chain and the table/queue variables you set (from the deployed stack).
 * - Otherwise they are embedded, their data kept across restarts in `.data/` (git-ignored) or
 *   `SWITCHYARD_DATA_DIR`, or in memory (see localDataDir).
 */
import { fileURLToPath } from 'node:url';
import { resourceNames } from '../aws/resource-names.ts';
import { QUEUES } from '../infrastructure/resource-definitions.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import { bindPort } from './bind-port.ts';
import type { EmbeddedAws } from './embedded-aws.ts';
import type { SqsBatchHandler, SqsEventSource } from './sqs-event-source.ts';
import { shutdownSteps } from './shutdown-steps.ts';
import { startServer, type RunningServer } from './start-server.ts';

export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../../.data', import.meta.url));

export interface LocalTopologyOptions {
  /** Read for the settings above, and given the embedded endpoints' variables (process.env in `npm start`). */
  env: Record<string, string | undefined>;
  port: number;
  logger: GatewayLogger;
  /** The worker's handler: polled from the jobs queue when given. */
  worker?: SqsBatchHandler;
  /** The dead-letter consumer's handler (local-dead-letters.ts): polled from the jobs DLQ when given, as the stack's mapping does. */
  deadLetters?: SqsBatchHandler;
  /** Starts the probe's timer once the tables are there (given their variables); undefined when it has nothing to probe. */
  probe?: (env: LocalTopologyOptions['env']) => Promise<{ stop(): Promise<void> } | undefined>;
  /** Starts the batch poller's timer once the tables and queues are there. */
  poller?: (env: LocalTopologyOptions['env']) => Promise<{ stop(): Promise<void> } | undefined>;
}

export interface LocalTopology {
  server: RunningServer;
  /** The embedded endpoints, when started. */
  aws: EmbeddedAws | undefined;
  close(): Promise<void>;
}

export async function startLocalTopology(options: LocalTopologyOptions): Promise<LocalTopology> {
  const { env, logger } = options;
  const closers = shutdownSteps((error) => logger.error('shutdown step failed', { error: error as Error }));
  const close = closers.run;
  try {
    // First, so that a busy port is told before anything has started.
    const port = await bindPort(options.port);
    closers.add(port.close);
    const aws = await startAwsEndpoints(env, logger);
    if (aws) closers.add(aws.close);
    // The embedded pricing table starts empty: prices from the dataset and the catalog's overrides.
    if (aws) await (await import('./seed-local-prices-process.ts')).seedLocalPricesInChild(env, logger);

    if (options.worker) {
      const eventSource = await startWorkerEventSource(env, options.worker, logger);
      closers.add(eventSource.stop);
    }
    if (options.deadLetters) {
      const eventSource = await startWorkerEventSource(env, options.deadLetters, logger, { variable: QUEUES.jobs.deadLetterQueue.envVar, name: 'dead-letter consumer' });
      closers.add(eventSource.stop);
    }

    const probe = await options.probe?.(env);
    if (probe) closers.add(probe.stop);

    const poller = await options.poller?.(env);
    if (poller) closers.add(poller.stop);

    const server = await startServer({ env, port, logger });
    closers.add(server.close);
    return { server, aws, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function startAwsEndpoints(env: LocalTopologyOptions['env'], logger: GatewayLogger): Promise<EmbeddedAws | undefined> {
  if (env.DYNAMODB_ENDPOINT || env.SQS_ENDPOINT || env.S3_ENDPOINT || env.SWITCHYARD_EMBEDDED_AWS === '0') {
    logger.info('AWS: using the configured services, nothing embedded', {
      dynamoDb: env.DYNAMODB_ENDPOINT || `DynamoDB in ${env.AWS_REGION ?? 'the default region'}`,
      sqs: env.SQS_ENDPOINT || `SQS in ${env.AWS_REGION ?? 'the default region'}`,
    });
    try {
      resourceNames(env);
    } catch (error) {
      logger.warn((error as Error).message);
    }
    return undefined;
  }

  const dataDir = localDataDir(env);
  const { startEmbeddedAwsProcess } = await import('./embedded-aws-process.ts');
  const aws = await startEmbeddedAwsProcess({
    ...(dataDir ? { dataDir } : {}),
    dynamoDbPort: port(env, 'SWITCHYARD_DYNAMODB_PORT'),
    sqsPort: port(env, 'SWITCHYARD_SQS_PORT'),
    env: awsVariables(env),
    onUnexpectedExit: (code, signal) =>
      logger.error(`the embedded DynamoDB, SQS and S3 stopped (${signal ?? `status ${code}`}): calls to them fail until Switchyard is restarted`),
  });
  Object.assign(env, aws.env);
  logger.warn('the embedded SQS (fauxqs) listens on all interfaces and serves SQS, SNS and S3 without authentication: keep this machine off shared networks, or set SQS_ENDPOINT');
  logger.info(`local DynamoDB on ${aws.dynamoDbEndpoint}, SQS on ${aws.sqsEndpoint}`, {
    data: dataDir ?? 'in memory',
    tables: Object.values(aws.tables).map((table) => `${table.name} (${table.status})`),
    queues: Object.values(aws.queues).flatMap((queue) => [queue.url, queue.deadLetterQueue.url]),
  });
  return aws;
}

async function startWorkerEventSource(
  env: LocalTopologyOptions['env'],
  handler: SqsBatchHandler,
  logger: GatewayLogger,
  { variable, name }: { variable: string; name: string } = { variable: QUEUES.jobs.envVar, name: 'worker' },
): Promise<SqsEventSource> {
  const [{ createSqsClient }, { startSqsEventSource }] = await Promise.all([import('../aws/sqs-client.ts'), import('./sqs-event-source.ts')]);
  const queueUrl = env[variable];
  if (!queueUrl) {
    logger.warn(`${name}: not started, ${variable} is not set (the deployed stack's ${variable === QUEUES.jobs.envVar ? 'JobsQueueUrl' : 'JobsDeadLetterQueueUrl'} output)`);
    return { stop: async () => {} };
  }
  const sqs = createSqsClient(env);
  const eventSource = await startSqsEventSource({
    sqs,
    queueUrl,
    handler,
    onError: (error, context) => logger.error(`${name} event source: ${context} failed`, { error }),
  });
  logger.info(`${name} polling ${queueUrl}`);
  return {
    stop: async () => {
      await eventSource.stop();
      sqs.destroy();
    },
  };
}

/**
 * Where the embedded services keep their data: `SWITCHYARD_DATA_DIR`, else `.data/` for a
 * development run (`npm start`'s default); in memory with `SWITCHYARD_IN_MEMORY=1`, and for any
 * other NODE_ENV without a data folder named (tests run many gateways at once, each its own).
 */
export function localDataDir(env: LocalTopologyOptions['env']): string | undefined {
  if (env.SWITCHYARD_IN_MEMORY === '1') return undefined;
  if (env.SWITCHYARD_DATA_DIR) return env.SWITCHYARD_DATA_DIR;
  return env.NODE_ENV === 'development' ? DEFAULT_DATA_DIR : undefined;
}

/** What the embedded services read of the environment (its region and credentials), and no more: no keys cross to the child. */
function awsVariables(env: LocalTopologyOptions['env']): Record<string, string> {
  const names = ['AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] as const;
  return Object.fromEntries(names.flatMap((name) => (env[name] ? [[name, env[name]]] : [])));
}

function port(env: LocalTopologyOptions['env'], name: string): number {
  const raw = env[name]?.trim();
  if (!raw) return 0;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) throw new Error(`${name} must be a port number, not '${raw}'`);
  return value;
}
