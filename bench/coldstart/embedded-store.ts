/**
 * The cold-start benchmark's AWS side, in a process of its own as the real services are across
 * the network: the stack's tables, queues and bucket on loopback (functions/local/embedded-aws.ts),
 * the pricing table seeded as `npm start` seeds it. Prints one line, `ENV <json>`, with the
 * variables that point a function at them, then serves until its parent ends it.
 */
import { startEmbeddedAws } from '../../functions/local/embedded-aws.ts';
import { createLogger } from '../../functions/observability/logger.ts';
import { seedLocalPrices } from '../../functions/pricing/seed-local-prices.ts';

const aws = await startEmbeddedAws({ env: process.env });
await seedLocalPrices({ ...process.env, ...aws.env }, createLogger());
process.stdout.write(`ENV ${JSON.stringify(aws.env)}\n`);
process.once('SIGTERM', () => void aws.close().then(() => process.exit(0)));
