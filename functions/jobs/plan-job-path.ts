/**
 * The worker's choice for one job: the router's targets for its model (as a background request:
 * price first), its tokens estimated as the router estimates them, and the cheapest path that
 * meets its deadline among them (choose-job-path.ts).
 */
import type { ChatRequest } from '../chat/chat-request-schema.ts';
import type { PriceBook } from '../pricing/price-book.ts';
import type { Router } from '../routing/create-router.ts';
import { estimateOutputTokens, estimatePromptTokens, inProviderTokens } from '../routing/estimate-prompt-tokens.ts';
import { expectsReasoning } from '../routing/expects-reasoning.ts';
import { chooseJobPath, type JobPathSettings, type PathOption } from './choose-job-path.ts';

export interface PlanJobPathDeps {
  router: Pick<Router, 'plan'>;
  prices: () => PriceBook;
  batchProviders: ReadonlySet<string>;
  settings?: JobPathSettings;
  now?: () => number;
}

export type JobPathPlanner = (job: { request: ChatRequest; deadlineAt: number }) => { choice: PathOption; options: PathOption[] };

export function createJobPathPlanner(deps: PlanJobPathDeps): JobPathPlanner {
  const now = deps.now ?? Date.now;
  return ({ request, deadlineAt }) => {
    const plan = deps.router.plan({ request, preferences: { criticality: 'background', cascade: false } });
    const prompt = estimatePromptTokens(request);
    return chooseJobPath({
      targets: plan.targets,
      deadlineAt,
      now: now(),
      book: deps.prices(),
      batchProviders: deps.batchProviders,
      ...(deps.settings ? { settings: deps.settings } : {}),
      estimate: (target) => ({
        inputTokens: inProviderTokens(prompt, target.provider.id, target.model),
        expectedOutputTokens: estimateOutputTokens(request, { reasoning: expectsReasoning(target, request) }),
      }),
    });
  };
}
