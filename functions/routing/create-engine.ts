/**
 * The engine for a gateway that may run without a store (`npm start` without DynamoDB, the
 * benchmark's gateway alone, tests): prices then come from the bundled genai-prices dataset, with
 * the catalog's overrides. It also loads the exact token counter at start, as a long-running
 * server pays that once; ready() waits for it. The Lambda functions use create-table-engine.ts.
 */
import { catalogPriceOverrides } from '../pricing/catalog-price-overrides.ts';
import { createPriceBook } from '../pricing/price-book.ts';
import { pricingSeedRows } from '../pricing/pricing-seed-rows.ts';
import { loadExactTokenCounter } from './exact-token-counter.ts';
import { createRoutingEngine, type EngineOptions, type RoutingEngine } from './routing-engine.ts';

export type { EngineOptions, EngineStore, RoutingEngine } from './routing-engine.ts';

export function createEngine(options: EngineOptions): RoutingEngine {
  const now = options.now ?? Date.now;
  const engine = createRoutingEngine(options, (targets) =>
    createPriceBook({ rows: pricingSeedRows({ modelIds: targets, overrides: catalogPriceOverrides(options.config.catalog), now: now() }).rows, now }),
  );
  return {
    ...engine,
    start() {
      engine.start();
      void loadExactTokenCounter(options.logger);
    },
    async ready() {
      await Promise.all([engine.ready(), loadExactTokenCounter(options.logger)]);
    },
  };
}
