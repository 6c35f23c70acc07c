/**
 * Whose health a caller is shown (GET /v1/health). A catalog target: to a key that may use it
 * (every one to a key without a policy); its traffic is everyone's, but its name is public. A
 * target outside the catalog (a `provider/model` named directly: a fine-tuned model, a private
 * deployment) may be one tenant's, and its name and traffic that tenant's secret: it is shown
 * only to a key whose policy names it exactly, never through a wildcard, never to a key without
 * a policy.
 */
import type { Caller } from '../routing/caller.ts';

export function healthVisibleTo(caller: Caller, catalogTargets: ReadonlySet<string>): (target: string) => boolean {
  const { policy } = caller;
  if (!policy) return (target) => catalogTargets.has(target);
  return (target) => (catalogTargets.has(target) ? policy.allows(target) : policy.names(target));
}
