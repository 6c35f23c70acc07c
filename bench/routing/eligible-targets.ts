/**
 * The targets that could serve a request: the requested model's candidates after the real
 * capability, context-window and residency filter. The baselines choose among them, and the
 * recovery measure counts the requests the flapping target could have served.
 */
import type { ChatRequest } from '../../functions/chat/chat-request-schema.ts';
import { estimatePromptTokens } from '../../functions/routing/estimate-prompt-tokens.ts';
import { filterCandidates } from '../../functions/routing/filter-candidates.ts';
import { requestNeeds } from '../../functions/routing/request-needs.ts';
import type { RouteTarget } from '../../functions/routing/route-target.ts';
import type { RoutingPreferences } from '../../functions/routing/routing-preferences.ts';
import { scoreComplexity } from '../../functions/routing/score-complexity.ts';
import type { Environment } from './environment.ts';

export function eligibleTargets({ config, expander }: Environment, request: ChatRequest, preferences: RoutingPreferences, estimate = estimatePromptTokens(request)) {
  const set = expander.expand(request.model, () => scoreComplexity(request, { promptTokens: estimate.total }).score);
  const { kept } = filterCandidates(set.candidates, { needs: requestNeeds(request, estimate), residency: preferences.residency }, config);
  return { kept: kept.map((candidate): RouteTarget => candidate.target), estimate };
}
