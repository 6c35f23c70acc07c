/**
 * The gateway as it is deployed, for the benchmark's headline: its DynamoDB store (health samples
 * written, the health matrix and the prices refreshed), request logs at their default level
 * (INFO), samples written after each response, as the Lambda handler writes them. The benchmark
 * runs this file bundled as a Lambda function's code is (bench/deployed-gateway.ts), against the
 * stack's tables in another process, whose endpoints and names come in the environment.
 */
import { bindPort } from '../functions/local/bind-port.ts';
import { startServer } from '../functions/local/start-server.ts';
import { createLogger } from '../functions/observability/logger.ts';

const logger = createLogger();
const port = await bindPort(Number(process.env.PORT));
const server = await startServer({ env: process.env, port, logger, state: 'dynamodb', flushSamples: 'after-response' });
logger.info(`deployed-configuration gateway listening on ${server.url}`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
