/**
 * Which targets a round probes: those whose own interval (or the round interval) has passed since
 * their last probe. Rounds come every `everyMs` and drift a little (a slow round delays the next
 * start check), so an interval counts as passed half a round early: a target of 30 s on rounds
 * of 10 s is probed every third round, not every fourth after a round that started 1 ms late.
 */
import type { ProbeTarget } from './probe-targets.ts';

export function dueProbeTargets(targets: readonly ProbeTarget[], lastProbed: ReadonlyMap<string, number>, now: number, everyMs: number): ProbeTarget[] {
  return targets.filter(({ target, everyMs: own }) => {
    const last = lastProbed.get(target);
    return last === undefined || now - last >= (own ?? everyMs) - everyMs / 2;
  });
}
