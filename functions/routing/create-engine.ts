/**
 * The engine for a gateway that may run without a store (`npm start` without DynamoDB, the
 * benchmark's gateway alone, tests): prices then come from the bundled genai-prices dataset, with
 * the catalog's overrides. The Lambda functions use create-table-engine.ts.
 */
import { catalogPriceOverrides } from '../pricing/catalog-price-overrides.ts';
import { createPriceBook } from '../pricing/price-book.ts';
import { pricingSeedRows } from '../pricing/pricing-seed-rows.ts';
import { createRoutingEngine, type EngineOptions, type RoutingEngine } from './routing-engine.ts';

export type { EngineOptions, EngineStore, RoutingEngine } from './routing-engine.ts';

export function createEngine(options: EngineOptions): RoutingEngine {
  const now = options.now ?? Date.now;
  return createRoutingEngine(options, (targets) =>
    createPriceBook({ rows: pricingSeedRows({ modelIds: targets, overrides: catalogPriceOverrides(options.config.catalog), now: now() }).rows, now }),
  );
}
