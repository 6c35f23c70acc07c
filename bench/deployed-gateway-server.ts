/**
 * The gateway as it is deployed, for the benchmark's headline: its DynamoDB store (health samples
 * written, the health matrix and the prices refreshed) on an embedded DynamoDB in another process,
 * as the real one is across the network; request logs at their default level (INFO); samples
 * written after each response, as the Lambda handler writes them. The tables are in memory and
 * the pricing table is seeded as `npm start` seeds it, in a process of its own.
 */
import { bindPort } from '../functions/local/bind-port.ts';
import { startEmbeddedAwsProcess } from '../functions/local/embedded-aws-process.ts';
import { startServer } from '../functions/local/start-server.ts';
import { createLogger } from '../functions/observability/logger.ts';
import { seedLocalPricesInChild } from '../functions/local/seed-local-prices-process.ts';

const logger = createLogger();
const port = await bindPort(Number(process.env.PORT));
const aws = await startEmbeddedAwsProcess({ env: {} });
Object.assign(process.env, aws.env);
await seedLocalPricesInChild(process.env, logger);
const server = await startServer({ env: process.env, port, logger, state: 'dynamodb', flushSamples: 'after-response' });
logger.info(`deployed-configuration gateway listening on ${server.url}, DynamoDB on ${aws.dynamoDbEndpoint} (pid ${aws.pid})`);
process.once('SIGTERM', () => void server.close().then(aws.close).then(() => process.exit(0)));
