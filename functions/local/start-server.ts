/**
 * The gateway on a Node http server: what `npm start` runs, and what end-to-end tests start.
 * The same createGateway() the Lambda runs, behind the Node adapter instead of the Function URL.
 */
import { loadConfig, type Environment, type GatewayConfig } from '../config/load-config.ts';
import { createContinueListener, createNodeListener } from '../http/adapters/node-http.ts';
import { createDynamoDbDocumentClient } from '../aws/dynamodb/document-client.ts';
import { MissingResourceVariableError, tableName } from '../aws/resource-names.ts';
import { createModelResolver } from '../catalog/resolve-model.ts';
import { createGateway } from '../http/create-gateway.ts';
import { createJobsBackend } from '../jobs/api/jobs-backend.ts';
import { allowsLoopbackCallbacks } from '../jobs/delivery/callback-settings.ts';
import type { JobsBackend } from '../jobs/api/submit-jobs.ts';
import { createTableEngine } from '../routing/create-table-engine.ts';
import type { EngineOptions, RoutingEngine } from '../routing/routing-engine.ts';
import { loadExactTokenCounterIfWanted } from '../routing/exact-token-counter.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import { responseStoreFromEnv } from '../responses/response-store-from-env.ts';
import type { ResponseStore } from '../responses/response-store.ts';
import type { BoundPort } from './bind-port.ts';

export interface StartServerOptions {
  env: Environment;
  /** Where to serve: bound before anything else starts (bindPort), and closed with the server. */
  port: BoundPort;
  logger: GatewayLogger;
  /**
   * `dynamodb` (what `npm start` runs): the health, pricing, jobs and responses tables, the jobs
   * queue and the results bucket behind the clients the environment points to; `none`: the gateway
   * alone, routing on its own samples and the bundled prices, its jobs and stored-response routes
   * answering 503.
   */
  state?: 'dynamodb' | 'none';
  /**
   * When the health samples are written (with `dynamodb`): every second (`interval`, the default),
   * or after responses as the Lambda handler does (`after-response`, what the benchmark runs: when due, health-recorder.ts).
   */
  flushSamples?: 'interval' | 'after-response';
}

export interface RunningServer {
  url: string;
  config: GatewayConfig;
  close(): Promise<void>;
}

/**
 * The health and pricing tables behind the clients the environment points to; none when told so,
 * or (with a warning) when the environment names no tables: the gateway still routes, on its own
 * samples and the bundled prices.
 */
function engineStore(options: StartServerOptions): Pick<EngineOptions, 'store' | 'flushIntervalMs'> {
  if (options.state === 'none') return {};
  let tables: { healthTable: string; pricingTable: string };
  try {
    tables = { healthTable: tableName(options.env, 'health'), pricingTable: tableName(options.env, 'pricing') };
  } catch (error) {
    if (!(error instanceof MissingResourceVariableError)) throw error;
    options.logger.warn(`routing without the health and pricing tables: ${error.message}`);
    return {};
  }
  const store = { client: createDynamoDbDocumentClient(options.env), ...tables };
  return options.flushSamples === 'after-response' ? { store } : { store, flushIntervalMs: 1_000 };
}

/** The jobs table and queue for /v1/jobs; none when told so, or (with a warning) when the environment names none. */
function jobsBackend(options: StartServerOptions): JobsBackend | undefined {
  if (options.state === 'none') return undefined;
  try {
    return createJobsBackend(options.env, options.logger);
  } catch (error) {
    if (!(error instanceof MissingResourceVariableError)) throw error;
    options.logger.warn(`/v1/jobs answers 503: ${error.message}`);
    return undefined;
  }
}

/** The responses table and results bucket for stored responses; none when told so, or (with a warning) when the environment names none. */
function responseStore(options: StartServerOptions): ResponseStore | undefined {
  if (options.state === 'none') return undefined;
  try {
    return responseStoreFromEnv(options.env);
  } catch (error) {
    if (!(error instanceof MissingResourceVariableError)) throw error;
    options.logger.warn(`stored responses answer 503: ${error.message}`);
    return undefined;
  }
}

/**
 * With the tables, the engine a Lambda function runs (prices from the pricing table); without
 * them, the one that prices from the bundled dataset, loaded only then: the dataset is megabytes
 * a gateway with a store never reads.
 */
async function createServerEngine(options: EngineOptions): Promise<RoutingEngine> {
  const { store } = options;
  if (store) return createTableEngine({ ...options, store });
  return (await import('../routing/create-engine.ts')).createEngine(options);
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const config = loadConfig(options.env);
  const { logger } = options;
  if (config.gatewayKeys === 'open') {
    logger.warn(
      `The gateway is open: SWITCHYARD_API_KEYS is unset and NODE_ENV is '${options.env.NODE_ENV}', so requests need no key. Set SWITCHYARD_API_KEYS to require one.`,
    );
  }
  for (const provider of config.providers.values()) {
    if (provider.configured) logger.info(`provider ${provider.definition.id}: configured`, { baseUrl: provider.baseUrl });
    else logger.info(`provider ${provider.definition.id}: unconfigured (set ${provider.apiKeyVariable})`);
  }

  const engine = await createServerEngine({ config, resolver: createModelResolver(config.catalog), logger, ...engineStore(options) });
  engine.start();
  await engine.ready();

  const flush = options.flushSamples === 'after-response' ? () => engine.flushIfDue() : async () => {};
  const adapter = {
    maxRequestBytes: config.maxRequestBytes,
    drainTimeoutMs: config.streamIdleTimeoutMs,
    // As in a Lambda (gateway.ts): the exact token counter once a prompt has needed it, after that response.
    afterResponse: async () => {
      await Promise.all([flush(), loadExactTokenCounterIfWanted(logger)]);
    },
  };
  const responses = responseStore(options);
  const listener = createNodeListener(createGateway(config, { logger, engine, ...jobsOptions(options), ...(responses ? { responses } : {}) }), adapter);
  options.port.serve(listener, createContinueListener(listener, adapter));
  return {
    url: options.port.url,
    config,
    close: async () => {
      await options.port.close();
      await engine.stop();
    },
  };
}

function jobsOptions(options: StartServerOptions): { jobs?: JobsBackend; allowLoopbackCallbacks: boolean } {
  const jobs = jobsBackend(options);
  return { ...(jobs ? { jobs } : {}), allowLoopbackCallbacks: allowsLoopbackCallbacks(options.env) };
}
