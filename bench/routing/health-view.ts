/**
 * The health the router reads, fed by every simulated attempt: the real health matrix without a
 * store (samples counted per minute as they come, over its sliding 10-minute window, on the
 * simulation's clock), read through the real outlookOf / breakerSignalsOf, as create-engine.ts
 * wires it.
 */
import { createHealthMatrix, type TargetSnapshot } from '../../functions/health/health-matrix.ts';
import type { HealthSample } from '../../functions/health/health-sample.ts';
import type { HealthPort } from '../../functions/routing/create-router.ts';
import { breakerSignalsOf, outlookOf } from '../../functions/routing/health-outlook.ts';

export interface HealthView {
  observe(sample: HealthSample): void;
  get(target: string): TargetSnapshot;
  port: HealthPort;
}

const silent = { debug() {}, info() {}, warn() {}, error() {} };

/** `targets`: the catalog's, kept whatever else is seen. */
export function createHealthView(now: () => number, targets: readonly string[], maxFreeFormTargets: number): HealthView {
  const matrix = createHealthMatrix({ targets, maxFreeFormTargets, now, logger: silent });
  return {
    observe: (sample) => matrix.observe(sample),
    get: (target) => matrix.get(target),
    port: {
      outlook: (target) => outlookOf(matrix.get(target)),
      breakerSignals: (target) => breakerSignalsOf(matrix.get(target)),
      sharedBreaker: () => undefined,
    },
  };
}
