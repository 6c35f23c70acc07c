/**
 * The key policy's verdict on a model: allowed when the key may use at least one of the targets
 * that could serve it (the model or an equivalent, a group's members). Otherwise the call is
 * refused with a 403 naming the model, as OpenAI refuses a project a model it may not use, before
 * any provider is asked or any job written. The targets it may not use are left out of the plan
 * later (filter-candidates.ts); this is the refusal when none is left for that reason alone.
 */
import type { KeyPolicy } from '../config/read-key-policies.ts';
import { CallError } from '../core/call-error.ts';
import { mayUse } from './caller.ts';
import type { CandidateSet } from './expand-candidates.ts';

/** Whether the key may use at least one of the targets that could serve the model. */
export const modelAllowed = (set: CandidateSet, policy: Pick<KeyPolicy, 'allows'> | undefined): boolean =>
  set.candidates.some(({ target }) => mayUse({ policy }, target.id));

/** `param` names where the model was given (`model`, or `requests[3].model` in a list of jobs). */
export function assertModelAllowed(set: CandidateSet, model: string, policy: Pick<KeyPolicy, 'allows'> | undefined, param = 'model'): void {
  if (modelAllowed(set, policy)) return;
  const targets = set.candidates.map(({ target }) => target.id);
  throw new CallError({
    status: 403,
    kind: 'permission',
    fault: 'caller',
    code: 'model_not_allowed',
    param,
    message: `The model '${model}' is not allowed for this API key: its policy allows none of the targets that serve it (${targets.join(', ')}).`,
  });
}
