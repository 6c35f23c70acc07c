/**
 * Lambda entry for the gateway behind a streaming Function URL. Configuration is read once per
 * cold start; the handler itself is the shared HTTP layer behind a thin middy adapter.
 */
import { loadConfig } from './config/load-config.ts';
import { createFunctionUrlHandler } from './http/adapters/lambda-function-url.ts';
import { createGateway } from './http/create-gateway.ts';
import { createLogger } from './observability/logger.ts';

const logger = createLogger();

export const handler = createFunctionUrlHandler(createGateway(loadConfig(process.env), { logger }));
