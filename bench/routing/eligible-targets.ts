/**
 * The targets that could serve a request: the requested model's candidates after the real
 * capability, context-window and residency filter. The baselines choose among them, and the
 * recovery measure counts the requests the flapping target could have served.
 */
import type { Call } from '../../functions/core/call.ts';
import type { CallProfile } from '../../functions/routing/call-profile.ts';
import { filterCandidates } from '../../functions/routing/filter-candidates.ts';
import type { RouteTarget } from '../../functions/routing/route-target.ts';
import type { Environment } from './environment.ts';

export function eligibleTargets({ config, expander }: Environment, call: Call, profile: CallProfile): RouteTarget[] {
  const set = expander.expand(call.model, () => profile.complexity().score);
  const { kept } = filterCandidates(set.candidates, { needs: profile.needs, residency: call.preferences.residency }, config);
  return kept.map((candidate): RouteTarget => candidate.target);
}
