/**
 * What the gateway has seen of a discounted path's turnaround, and the chance it answers in time.
 *
 * A sample is one answer's wait (a provider batch from submission to the poller seeing it end, a
 * flex call from request to answer), or a miss: the path did not answer within `ms` (a batch that
 * expired or failed, a flex call refused or given up on). A miss counts against every window, since
 * all it says is that the path did not answer.
 */
export interface TurnaroundSample {
  ms: number;
  missed?: boolean;
}

/** The most recent samples that count: old ones say little about a provider's queue today. */
export const RECENT_SAMPLES = 50;

/**
 * The chance the path answers within `windowMs`: the share of samples that did, among the most
 * recent observed ones and the prior's pseudo-samples (what the provider documents), so that a
 * few observations move the estimate only part of the way and many outweigh it.
 */
export function chanceWithin(observed: readonly TurnaroundSample[], prior: readonly number[], windowMs: number): number {
  if (windowMs <= 0) return 0;
  const recent = observed.slice(-RECENT_SAMPLES);
  const total = recent.length + prior.length;
  if (total === 0) return 0;
  const within = recent.filter((sample) => !sample.missed && sample.ms <= windowMs).length + prior.filter((ms) => ms <= windowMs).length;
  return within / total;
}
