/**
 * The child process of seed-local-prices-process.ts: seeds the embedded pricing table from its
 * environment, then exits (a failed seed is logged and leaves the table as it was).
 */
import { createLogger } from '../observability/logger.ts';
import { seedLocalPrices } from '../pricing/seed-local-prices.ts';

await seedLocalPrices(process.env, createLogger());
