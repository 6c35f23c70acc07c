/**
 * Lambda entry for the gateway behind a streaming Function URL. Configuration is read once per
 * cold start, provider and gateway keys from the deployment's secret (`SWITCHYARD_SECRET_ARN`)
 * over the environment; the handler itself is the shared HTTP layer behind a thin middy adapter.
 */
import { loadConfig } from './config/load-config.ts';
import { loadSecretEnvironment } from './config/load-secret-environment.ts';
import { createFunctionUrlHandler } from './http/adapters/lambda-function-url.ts';
import { createGateway } from './http/create-gateway.ts';
import { createLogger } from './observability/logger.ts';

const logger = createLogger();

const env = await loadSecretEnvironment(process.env);

const config = loadConfig(env);

export const handler = createFunctionUrlHandler(createGateway(config, { logger }), { maxRequestBytes: config.maxRequestBytes });
