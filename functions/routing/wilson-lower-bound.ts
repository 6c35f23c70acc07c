/**
 * The Wilson score interval's lower bound for a rate seen as `events` out of `trials`: the lowest
 * rate the observations still leave likely at confidence `z` (2.326: one-sided 99%). A few calls
 * leave it near 0 whatever they showed, many calls bring it to the observed rate. Counts may be
 * fractional (weighted evidence); no trials give 0.
 */
export function wilsonLowerBound(events: number, trials: number, z: number): number {
  if (trials <= 0) return 0;
  const rate = Math.min(1, Math.max(0, events / trials));
  const z2 = z * z;
  const center = rate + z2 / (2 * trials);
  const margin = z * Math.sqrt((rate * (1 - rate)) / trials + z2 / (4 * trials * trials));
  return Math.max(0, (center - margin) / (1 + z2 / trials));
}
