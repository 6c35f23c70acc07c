/**
 * The `x-switchyard-route` header: the target that served, why, the candidates considered (with
 * their estimated cost and chance of meeting the SLA), those left out and why, and the attempts
 * made. Compact, ASCII (it is a header) and bounded in length.
 */
import type { RoutePlan } from './create-router.ts';
import type { AttemptRecord } from './execute-route.ts';
import { describeFeatures } from './score-complexity.ts';

const MAX_LENGTH = 2_000;

export interface RouteExplanation {
  plan: RoutePlan;
  attempts: readonly AttemptRecord[];
  /** The target that answered, when one did. */
  served?: string;
  /** What the cascade did, when it ran. */
  cascade?: string;
  /** What the served request left out that the caller should know of (a server tool the provider cannot run). */
  notes?: readonly string[];
}

export function explainRoute({ plan, attempts, served, cascade, notes = [] }: RouteExplanation): string {
  const failures = attempts.filter((attempt) => attempt.result !== 'ok').length;
  let reason = plan.choice.reason;
  if (plan.set.kind === 'model') reason = `model named, provider open: ${reason}`;
  if (plan.set.kind === 'auto' && plan.complexity) {
    const features = describeFeatures(plan.complexity.features);
    reason = `auto: complexity ${plan.complexity.score.toFixed(2)}${features ? ` (${features})` : ''} -> ${plan.set.group}; ${reason}`;
  }
  if (served && failures > 0) reason = `failover after ${failures} failed attempt${failures === 1 ? '' : 's'}; first choice ${reason}`;
  const considered = plan.choice.order.map((scored) => {
    const notes = [
      scored.costUsd === undefined ? 'price?' : `$${formatCost(scored.costUsd)}`,
      ...(scored.slaChance < 1 ? [`sla=${scored.slaChance.toFixed(2)}`] : []),
      // Its expected cost is the estimate over this: what ranks a failing target behind a dearer one.
      ...(scored.errorsCounted ? [`success=${scored.successRate.toFixed(2)}`] : []),
      ...(scored.degraded ? [scored.degraded] : []),
    ];
    return `${scored.candidate.target.id}(${notes.join(',')})`;
  });
  const excluded = [
    ...plan.excluded.map(({ candidate, reason: why }) => `${candidate.target.id}(${why})`),
    ...plan.choice.overCeiling.map((scored) => `${scored.candidate.target.id}(over price ceiling)`),
  ];
  const parts = [
    served ?? 'none',
    `reason="${reason.replaceAll('"', "'")}"`,
    ...(cascade ? [`cascade="${cascade}"`] : []),
    ...(notes.length > 0 ? [`left-out="${notes.join(', ').replaceAll('"', "'")}"`] : []),
    `candidates=${considered.join(' ')}`,
    ...(excluded.length > 0 ? [`excluded=${excluded.join(' ')}`] : []),
    `attempts=${attempts.map((attempt) => `${attempt.target}:${attempt.result}`).join(' ')}`,
  ];
  const text = parts.join('; ').replace(/[^\x20-\x7e]/g, '?');
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 3)}...` : text;
}

/** Up to 8 significant digits, never an exponent. */
const formatCost = (usd: number) => (usd === 0 ? '0' : usd.toFixed(Math.max(2, 8 - Math.floor(Math.log10(usd)) - 1)).replace(/0+$/, '').replace(/\.$/, ''));
