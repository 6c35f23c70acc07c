/**
 * `npm start`: the gateway on 127.0.0.1:$PORT (8080). Local runs are development runs unless
 * NODE_ENV says otherwise, so without SWITCHYARD_API_KEYS the gateway is open (and says so).
 */
import { ConfigError } from '../config/load-config.ts';
import { CatalogError } from '../catalog/load-catalog.ts';
import { createLogger } from '../observability/logger.ts';
import { startServer } from './start-server.ts';

process.env.NODE_ENV ??= 'development';
const logger = createLogger();

try {
  const server = await startServer({ env: process.env, port: Number(process.env.PORT ?? 8080), logger });
  logger.info(`Switchyard is listening on ${server.url}/v1`);
  const stop = () => {
    logger.info('shutting down');
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (error instanceof ConfigError || error instanceof CatalogError) {
    console.error(`switchyard: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
