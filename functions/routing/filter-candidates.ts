/**
 * Candidates a request may not go to, each with the reason (for `x-switchyard-route` and for the
 * error when none is left): a provider without credentials, a model the caller's key may not use,
 * a region outside the residency constraint, a missing capability, a context window too small for
 * the prompt and the output the model can write.
 * A target without a catalog entry (`provider/model` named directly) has unknown capabilities
 * and limits: it is kept, as the caller asked for it by name.
 */
import type { GatewayConfig } from '../config/load-config.ts';
import type { KeyPolicy } from '../config/read-key-policies.ts';
import { mayUse } from './caller.ts';
import type { Candidate } from './expand-candidates.ts';
import type { RequestNeeds } from './request-needs.ts';
import { regionAllowed } from './routing-preferences.ts';

export interface Exclusion {
  candidate: Candidate;
  reason: string;
  /** Why, as a class: the error for an empty route depends on it. */
  kind: 'not_configured' | 'not_allowed' | 'residency' | 'capability' | 'context_window' | 'breaker_open';
  /** For `not_configured`: what to set. */
  setting?: string;
}

export interface FilterInput {
  needs: RequestNeeds;
  residency: readonly string[] | undefined;
  /** What the caller's key may use; every target when undefined. */
  policy?: Pick<KeyPolicy, 'allows'> | undefined;
}

export function filterCandidates(
  candidates: readonly Candidate[],
  input: FilterInput,
  config: Pick<GatewayConfig, 'providers'>,
): { kept: Candidate[]; excluded: Exclusion[] } {
  const kept: Candidate[] = [];
  const excluded: Exclusion[] = [];
  for (const candidate of candidates) {
    const exclusion = exclusionOf(candidate, input, config);
    if (exclusion) excluded.push({ candidate, ...exclusion });
    else kept.push(candidate);
  }
  return { kept, excluded };
}

function exclusionOf(candidate: Candidate, input: FilterInput, config: Pick<GatewayConfig, 'providers'>): Omit<Exclusion, 'candidate'> | undefined {
  const { target } = candidate;
  const provider = config.providers.get(target.provider.id);
  if (!provider?.configured) {
    const setting = provider?.apiKeyVariable ?? 'its API key variable';
    return { kind: 'not_configured', reason: `${target.provider.id} is not configured (set ${setting})`, setting };
  }
  if (!mayUse(input, target.id)) return { kind: 'not_allowed', reason: 'not allowed for this key' };
  if (!regionAllowed(target.region, input.residency)) return { kind: 'residency', reason: `region ${target.region} is outside ${input.residency?.join('|')}` };
  const entry = target.entry;
  if (!entry) return undefined;
  const missing = [...input.needs.capabilities].filter((capability) => !entry.capabilities.includes(capability));
  if (missing.length > 0) return { kind: 'capability', reason: `no ${missing.join(', ')} support` };
  // An output limit above the model's is lowered to it when sent (Claude Code always asks for
  // 32,000), so the model is refused only when the prompt and the output it can write do not fit.
  const contextTokens = input.needs.promptTokens + Math.min(input.needs.outputTokens, entry.max_output_tokens);
  if (contextTokens > entry.context_window) {
    return { kind: 'context_window', reason: `context window ${entry.context_window} < ${contextTokens} tokens needed` };
  }
  return undefined;
}
