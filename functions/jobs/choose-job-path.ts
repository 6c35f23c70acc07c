/**
 * The cheapest way to run a job that still meets its deadline, pure: for each target the router
 * ranked for the job's model, each path it offers —
 * - `batch`: the provider's batch API at its batch discount, when the provider has one and the
 *   deadline leaves `batchLeadMs` (the accumulation window, the provider's turnaround, and time to
 *   run it the standard way should the batch not come back in time);
 * - `flex`: the flex tier at its discount (OpenAI's `service_tier: "flex"`), when the deadline
 *   leaves `flexLeadMs` (flex answers slowly, and may refuse for lack of capacity);
 * - `price-window`: the standard call once a cheaper price applies (a promotion, an off-peak
 *   window), when one opens at least `standardReserveMs` before the deadline;
 * - `standard`: the call now, always possible.
 * The cheapest estimate wins; at equal cost the one that answers sooner. A target without a price
 * offers only `standard`, ranked after every priced option.
 */
import type { CostEstimateInput } from '../pricing/cost.ts';
import { estimateCost } from '../pricing/cost.ts';
import type { PriceBook } from '../pricing/price-book.ts';
import type { RouteTarget } from '../routing/route-target.ts';
import type { JobPath } from './job-record.ts';

export interface JobPathSettings {
  batchLeadMs: number;
  flexLeadMs: number;
  standardReserveMs: number;
}

export const DEFAULT_JOB_PATH_SETTINGS: JobPathSettings = {
  batchLeadMs: 30 * 60_000,
  flexLeadMs: 10 * 60_000,
  standardReserveMs: 5 * 60_000,
};

export interface PathOption {
  path: JobPath;
  target: RouteTarget;
  /** Estimated USD; undefined without a price. */
  costUsd: number | undefined;
  /** For `price-window`: when the cheaper price begins, epoch ms. */
  notBefore?: number;
}

export interface ChooseJobPathInput {
  /** The router's targets for the job's model, best first. */
  targets: readonly RouteTarget[];
  deadlineAt: number;
  now: number;
  book: PriceBook;
  /** The job's tokens at a target, for the estimates. */
  estimate: (target: RouteTarget) => CostEstimateInput;
  /** Providers the gateway has a batch client for. */
  batchProviders: ReadonlySet<string>;
  settings?: JobPathSettings;
}

/** Sooner first, among options of equal cost. */
const SPEED: Readonly<Record<JobPath, number>> = { standard: 0, flex: 1, 'price-window': 2, batch: 3 };

export function chooseJobPath(input: ChooseJobPathInput): { choice: PathOption; options: PathOption[] } {
  const settings = input.settings ?? DEFAULT_JOB_PATH_SETTINGS;
  const remaining = input.deadlineAt - input.now;
  const options: PathOption[] = [];
  for (const target of input.targets) {
    const price = input.book.priceAt(target.id, input.now);
    if (!price) {
      options.push({ path: 'standard', target, costUsd: undefined });
      continue;
    }
    const estimate = input.estimate(target);
    options.push({ path: 'standard', target, costUsd: estimateCost(estimate, price, 'standard') });
    if (price.flexDiscount > 0 && remaining >= settings.flexLeadMs) options.push({ path: 'flex', target, costUsd: estimateCost(estimate, price, 'flex') });
    if (price.batchDiscount > 0 && input.batchProviders.has(target.provider.id) && remaining >= settings.batchLeadMs) {
      options.push({ path: 'batch', target, costUsd: estimateCost(estimate, price, 'batch') });
    }
    const window = input.book.nextCheaperWindow(target.id, input.now, input.deadlineAt - settings.standardReserveMs, { estimate });
    if (window) options.push({ path: 'price-window', target, costUsd: estimateCost(estimate, window.price, 'standard'), notBefore: window.at });
  }
  if (options.length === 0) throw new Error('chooseJobPath needs at least one target');
  const ranked = [...options].sort(
    (a, b) => (a.costUsd ?? Infinity) - (b.costUsd ?? Infinity) || SPEED[a.path] - SPEED[b.path],
  );
  return { choice: ranked[0]!, options };
}
