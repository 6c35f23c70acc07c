/**
 * The worker's choice for one job: the router's targets for its model (as a background request:
 * price first; and for the key that submitted it, only the targets its policy allows), its tokens
 * as the router's plan estimated them, what the gateway has seen of those targets' batch and
 * flex turnarounds, and the cheapest path that meets its deadline among them (choose-job-path.ts).
 * Turnarounds are read for priced targets only, the only ones with a discounted path: a model
 * name a client invents costs no read and takes no room in the turnaround book.
 *
 * A job planned earlier and pinned to a target (waiting for a price window, or sent back from a
 * batch to the standard path) is run there only while its key's policy, as it is now, still allows
 * that target (`allows`, the router's own check): otherwise the worker plans it again.
 */
import type { Call } from '../core/call.ts';
import type { PriceBook } from '../pricing/price-book.ts';
import { mayUse, type Caller } from '../routing/caller.ts';
import type { Router } from '../routing/create-router.ts';
import { estimateOutputTokens, inProviderTokens } from '../routing/estimate-prompt-tokens.ts';
import { expectsReasoning } from '../routing/expects-reasoning.ts';
import { chooseJobPath, turnaroundKeysFor, type JobPathSettings, type PathOption } from './choose-job-path.ts';
import type { TurnaroundBook } from './turnaround/turnaround-book.ts';

export interface PlanJobPathDeps {
  router: Pick<Router, 'plan'>;
  /** The caller a job's owner (the key digest that submitted it) stands for, with its key's policy as it is now. */
  callerOf: (owner: string) => Caller;
  prices: () => PriceBook;
  batchProviders: ReadonlySet<string>;
  turnarounds: Pick<TurnaroundBook, 'know'>;
  settings?: JobPathSettings;
  now?: () => number;
}

export interface JobPathPlanner {
  plan(
    /** `call`: the job's body, decoded once by the worker. */
    job: { call: Call; deadlineAt: number; owner: string },
    /** `withoutFlex`: after a flex call did not answer, the other paths only. */
    options?: { withoutFlex?: boolean },
  ): Promise<{ choice: PathOption; options: PathOption[] }>;
  /** Whether the key that submitted the job may use the target now, by its policy as it is now. */
  allows(job: { owner: string }, targetId: string): boolean;
}

export function createJobPathPlanner(deps: PlanJobPathDeps): JobPathPlanner {
  const now = deps.now ?? Date.now;
  const plan: JobPathPlanner['plan'] = async ({ call, deadlineAt, owner }, { withoutFlex = false } = {}) => {
    const plan = deps.router.plan({ call, preferences: { criticality: 'background', cascade: false }, caller: deps.callerOf(owner) });
    const { prompt, answer } = plan.profile;
    const at = now();
    const book = deps.prices();
    const turnarounds = await deps.turnarounds.know(turnaroundKeysFor(plan.targets.filter((target) => book.priceAt(target.id, at))));
    return chooseJobPath({
      targets: plan.targets,
      deadlineAt,
      now: at,
      book,
      batchProviders: deps.batchProviders,
      turnarounds,
      withoutFlex,
      ...(deps.settings ? { settings: deps.settings } : {}),
      estimate: (target) => ({
        inputTokens: inProviderTokens(prompt, target.provider.id, target.model),
        expectedOutputTokens: estimateOutputTokens(answer, { reasoning: expectsReasoning(target, answer.reasoning) }),
      }),
    });
  };
  return { plan, allows: ({ owner }, targetId) => mayUse(deps.callerOf(owner), targetId) };
}
