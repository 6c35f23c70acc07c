/**
 * `npm start`: the gateway on 127.0.0.1:$PORT (8080), with the stack's tables and queues on
 * embedded local endpoints (see start-local-topology.ts). Local runs are development runs unless
 * NODE_ENV says otherwise, so without SWITCHYARD_API_KEYS the gateway is open (and says so).
 */
import { ConfigError } from '../config/load-config.ts';
import { readPort } from '../config/read-environment.ts';
import { CatalogError } from '../catalog/load-catalog.ts';
import { createLogger } from '../observability/logger.ts';
import { PortUnavailableError } from './bind-port.ts';
import { DataDirLockedError } from './data-dir-lock.ts';
import { localDeadLetters } from './local-dead-letters.ts';
import { localWorker } from './local-worker.ts';
import { startPollerTimer } from './poller-timer.ts';
import { startProbeTimer } from './probe-timer.ts';
import { startLocalTopology } from './start-local-topology.ts';

process.env.NODE_ENV ??= 'development';
const logger = createLogger();

try {
  const topology = await startLocalTopology({
    env: process.env,
    port: readPort(process.env, 'PORT', 8080),
    logger,
    worker: localWorker(process.env, logger),
    deadLetters: localDeadLetters(process.env, logger),
    probe: (env) => startProbeTimer(env, logger),
    poller: (env) => startPollerTimer(env, logger),
  });
  logger.info(`Switchyard is listening on ${topology.server.url}/v1`);
  const stop = () => {
    logger.info('shutting down');
    void topology.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  if (error instanceof ConfigError || error instanceof CatalogError || error instanceof DataDirLockedError || error instanceof PortUnavailableError) {
    console.error(`switchyard: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
