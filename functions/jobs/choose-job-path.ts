/**
 * The cheapest way to run a job that still meets its deadline, pure: for each target the router
 * ranked for the job's model, each path it offers —
 * - `batch`: the provider's batch API at its batch discount, when the provider has one;
 * - `flex`: the flex tier at its discount (OpenAI's and Gemini's `service_tier: "flex"`);
 * - `price-window`: the standard call once a cheaper price applies (a promotion, an off-peak
 *   window), when one opens at least `standardReserveMs` before the deadline;
 * - `standard`: the call now, always possible.
 *
 * A batch or a flex call may not answer in time; the job then falls back to the standard call,
 * so the deadline is met either way, but the discount is lost. Each is therefore ranked by its
 * expected cost, from the chance it answers within the time it has (learned from the turnarounds
 * this gateway has seen, turnaround/):
 * - flex: its price when it answers, the standard price when it does not. A flex call that does
 *   not answer costs nothing but time: a refusal for capacity is not billed, and one given up on
 *   is waiting in the provider's queue. So flex is worth a try whenever it may answer in time;
 * - batch: its price always (a batch the job is taken out of still runs it, and bills it), plus
 *   the standard price when it does not answer in time. At half price that makes a batch worth it
 *   only when it answers in time more often than not.
 * The lowest expected cost wins; at equal cost the one that answers sooner. A target without a
 * price offers only `standard`, ranked after every priced option.
 */
import { WORKER_TIMEOUT_SECONDS } from '../infrastructure/resource-definitions.ts';
import type { CostEstimateInput } from '../pricing/cost.ts';
import { estimateCost } from '../pricing/cost.ts';
import type { PriceBook } from '../pricing/price-book.ts';
import type { RouteTarget } from '../routing/route-target.ts';
import type { JobPath } from './job-record.ts';
import { batchTurnaroundKey, flexTurnaroundKey } from './turnaround/turnaround-priors.ts';
import type { TurnaroundKnowledge } from './turnaround/turnaround-book.ts';

export interface JobPathSettings {
  /** How long a target's first waiting job waits for others before the poller sends their batch. */
  batchAccumulationMs: number;
  /**
   * Kept before the deadline for the standard call when a batch has not answered (the poller's
   * period, the message back to a worker, the call), and after a price window opens.
   */
  standardReserveMs: number;
  /** Kept before the deadline for the standard call a worker makes at once when flex has not answered. */
  flexReserveMs: number;
  /** The longest one flex call may wait: what a worker invocation leaves beside that reserve. */
  flexCallMaxMs: number;
}

const FLEX_RESERVE_MS = 90_000;

export const DEFAULT_JOB_PATH_SETTINGS: JobPathSettings = {
  batchAccumulationMs: 60_000,
  standardReserveMs: 5 * 60_000,
  flexReserveMs: FLEX_RESERVE_MS,
  // The worker's invocation, less the standard call after flex and time to store the answer.
  flexCallMaxMs: WORKER_TIMEOUT_SECONDS * 1000 - FLEX_RESERVE_MS - 10_000,
};

export interface PathOption {
  path: JobPath;
  target: RouteTarget;
  /** Estimated USD at the path's price; undefined without a price. */
  costUsd: number | undefined;
  /** For `batch` and `flex`: the chance it answers in time. */
  chance?: number;
  /** What the path is expected to cost, counting the standard call it falls back to when it does not answer in time. */
  expectedCostUsd: number | undefined;
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
  /** What the gateway has seen of batch and flex turnarounds. */
  turnarounds: TurnaroundKnowledge;
  /** No flex option (the job's flex call has just not answered). */
  withoutFlex?: boolean;
  settings?: JobPathSettings;
}

/** The turnaround keys a choice among these targets reads. */
export const turnaroundKeysFor = (targets: readonly RouteTarget[]): string[] => [
  ...new Set(targets.flatMap((target) => [batchTurnaroundKey(target.provider.id), flexTurnaroundKey(target.id)])),
];

/** How long a batch has to answer: what is left once it has gathered others and the standard call's reserve is kept. */
export const batchWindowMs = (remainingMs: number, settings: JobPathSettings): number =>
  remainingMs - settings.batchAccumulationMs - settings.standardReserveMs;

/** How long one flex call may wait for its answer. */
export const flexWindowMs = (remainingMs: number, settings: JobPathSettings): number =>
  Math.min(remainingMs - settings.flexReserveMs, settings.flexCallMaxMs);

/** Sooner first, among options of equal cost. */
const SPEED: Readonly<Record<JobPath, number>> = { standard: 0, flex: 1, 'price-window': 2, batch: 3 };

export function chooseJobPath(input: ChooseJobPathInput): { choice: PathOption; options: PathOption[] } {
  const settings = input.settings ?? DEFAULT_JOB_PATH_SETTINGS;
  const remaining = input.deadlineAt - input.now;
  const options: PathOption[] = [];
  for (const target of input.targets) {
    const price = input.book.priceAt(target.id, input.now);
    if (!price) {
      options.push({ path: 'standard', target, costUsd: undefined, expectedCostUsd: undefined });
      continue;
    }
    const estimate = input.estimate(target);
    const standard = estimateCost(estimate, price, 'standard');
    options.push({ path: 'standard', target, costUsd: standard, expectedCostUsd: standard });
    const flexOption = (chance: number): PathOption => {
      const costUsd = estimateCost(estimate, price, 'flex');
      return { path: 'flex', target, costUsd, chance, expectedCostUsd: chance * costUsd + (1 - chance) * standard };
    };
    const batchOption = (chance: number): PathOption => {
      const costUsd = estimateCost(estimate, price, 'batch');
      return { path: 'batch', target, costUsd, chance, expectedCostUsd: costUsd + (1 - chance) * standard };
    };
    const flexWindow = flexWindowMs(remaining, settings);
    if (price.flexDiscount > 0 && flexWindow > 0 && !input.withoutFlex) options.push(flexOption(input.turnarounds.chance(flexTurnaroundKey(target.id), flexWindow)));
    const batchWindow = batchWindowMs(remaining, settings);
    if (price.batchDiscount > 0 && input.batchProviders.has(target.provider.id) && batchWindow > 0) {
      options.push(batchOption(input.turnarounds.chance(batchTurnaroundKey(target.provider.id), batchWindow, target.id)));
    }
    const window = input.book.nextCheaperWindow(target.id, input.now, input.deadlineAt - settings.standardReserveMs, { estimate });
    if (window) {
      const costUsd = estimateCost(estimate, window.price, 'standard');
      options.push({ path: 'price-window', target, costUsd, expectedCostUsd: costUsd, notBefore: window.at });
    }
  }
  if (options.length === 0) throw new Error('chooseJobPath needs at least one target');
  const ranked = [...options].sort(
    (a, b) => (a.expectedCostUsd ?? Infinity) - (b.expectedCostUsd ?? Infinity) || SPEED[a.path] - SPEED[b.path],
  );
  return { choice: ranked[0]!, options };
}
