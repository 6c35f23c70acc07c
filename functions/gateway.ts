/**
 * Lambda entry for the gateway behind a streaming Function URL. Configuration is read once per
 * cold start, provider and gateway keys from the deployment's secret (`SWITCHYARD_SECRET_ARN`)
 * over the environment; the handler itself is the shared HTTP layer behind a thin middy adapter.
 */
import { tableName } from './aws/resource-names.ts';
import { createModelResolver } from './catalog/resolve-model.ts';
import { loadConfig } from './config/load-config.ts';
import { loadSecretEnvironment } from './config/load-secret-environment.ts';
import { createFunctionUrlHandler } from './http/adapters/lambda-function-url.ts';
import { createGateway } from './http/create-gateway.ts';
import { createJobsBackend } from './jobs/api/jobs-backend.ts';
import { readHealthAfterFirstResponse } from './health/read-health-after-first-response.ts';
import { preconnectProviders } from './providers/preconnect-providers.ts';
import { createLogger } from './observability/logger.ts';
import { readPricesEarly } from './pricing/read-prices-early.ts';
import { responseStoreFromEnv } from './responses/response-store-from-env.ts';
import { createTableEngine } from './routing/create-table-engine.ts';
import { loadExactTokenCounterIfWanted } from './routing/exact-token-counter.ts';
import { rehearseFirstRequest } from './warm-up/rehearse-first-request.ts';

const logger = createLogger();

const { client, pricing } = readPricesEarly(process.env, logger);
const store = { client, healthTable: tableName(process.env, 'health'), pricingTable: tableName(process.env, 'pricing') };

const secretEnvironment = loadSecretEnvironment(process.env);

// While the secret and the prices are on their way: the first request's path run once, through a
// gateway of its own whose provider answers from memory, so a caller's first request is not the
// first to run it (warm-up/rehearse-first-request.ts).
const rehearsal = rehearseFirstRequest(process.env, logger);

const env = await secretEnvironment;

const config = loadConfig(env);

// The handshakes with the providers, while the prices are on their way, rather than in the first
// request to each (providers/preconnect-providers.ts).
preconnectProviders(config.providers);

// Prices are refreshed in the background from here on (read-prices-early.ts began it), the health
// window from the first response on (below); this instance's samples are written after each response.
const engine = createTableEngine({ config, resolver: createModelResolver(config.catalog), logger, store, pricing });

// The stack binds the jobs table and the queue's URL (POST /v1/jobs writes records and sends their
// ids), and the responses table and the results bucket's responses/ (stored responses). Made
// while the prices are on their way.
const gateway = createGateway(config, { logger, engine, jobs: createJobsBackend(env, logger), responses: responseStoreFromEnv(env) });

// Part of the cold start: the first request is routed with prices loaded, after the rehearsal.
await Promise.all([engine.ready(), rehearsal]);

// Health is read from the first response on (health/read-health-after-first-response.ts).
const readHealth = readHealthAfterFirstResponse(engine);

export const handler = createFunctionUrlHandler(gateway, {
  maxRequestBytes: config.maxRequestBytes,
  // After the response, as the client waits for none of it: the samples' write when due (a failure
  // at once, successes once a second), then the health window's first read (after the first
  // response only), so that the read holds that write (health-matrix.ts), and (once, after the
  // first prompt long enough to need it) the exact token counter.
  afterResponse: async () => {
    await Promise.all([engine.flushIfDue().then(readHealth), loadExactTokenCounterIfWanted(logger)]);
  },
});
