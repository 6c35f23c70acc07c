/**
 * Whether a flex call that did not answer says something of flex's turnaround, so that it is
 * recorded as a miss: it does when the wait for it ran out, or when the provider failed in a way a
 * later call might not (a 5xx, a 429, a timeout, a lost connection). A 4xx does not (it may refuse
 * the tier rather than the request: the standard call tells which), nor does anything that was not
 * the provider's doing (classify-outcome.ts): a failure inside the gateway says nothing of flex.
 */
import { failureSource } from '../../health/classify-outcome.ts';
import { isPermanentFailure } from '../job-error.ts';

/** `waitEnded`: the flex wait ran out; `deadline`: the job's own, which the caller handles first. */
export function flexCallMissed(error: unknown, waitEnded: boolean, deadline: AbortSignal): boolean {
  if (waitEnded) return true;
  return failureSource(error) === 'provider' && !isPermanentFailure(error, deadline);
}
