/**
 * The gateway alone, as a Lambda instance runs it: the server `npm start` runs, without the
 * embedded DynamoDB and SQS, the worker and the probe that `npm start` adds around it, so the
 * benchmark measures what the gateway itself costs.
 */
import { bindPort } from '../functions/local/bind-port.ts';
import { startServer } from '../functions/local/start-server.ts';
import { createLogger } from '../functions/observability/logger.ts';

const server = await startServer({ env: process.env, port: await bindPort(Number(process.env.PORT)), logger: createLogger(), state: 'none' });
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
