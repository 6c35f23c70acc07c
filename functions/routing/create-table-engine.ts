/**
 * The engine of a Lambda function: prices from the pricing table, health from the health table.
 * Kept apart from create-engine.ts so that the functions' bundles hold no price dataset.
 */
import { createRoutingEngine, type EngineOptions, type EngineStore, type RoutingEngine } from './routing-engine.ts';

export function createTableEngine(options: EngineOptions & { store: EngineStore }): RoutingEngine {
  return createRoutingEngine(options);
}
