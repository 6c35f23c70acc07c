/**
 * The targets a request may go to, from its `model`: a model at a provider and then its
 * equivalents (the same model at other providers) as fallbacks; a model by its own name (an
 * equivalents set's alias) and every provider of it; a group's members (`switchyard/fast`) each
 * followed by its own equivalents; or for `switchyard/auto` the group of the tier its complexity
 * falls in. Each target appears once, at its first place.
 */
import type { Catalog } from '../catalog/catalog-schema.ts';
import type { ModelResolver } from '../catalog/resolve-model.ts';
import type { GatewayConfig } from '../config/load-config.ts';
import { CallError } from '../core/call-error.ts';
import { targetOf, type RouteTarget } from './route-target.ts';

export const GROUP_PREFIX = 'switchyard/';

export type CandidateRole = 'requested' | 'equivalent' | 'member';

export interface Candidate {
  target: RouteTarget;
  role: CandidateRole;
}

export interface CandidateSet {
  /**
   * What the request named: a model at a provider (`target`: that target is the first choice, its
   * equivalents the fallbacks), a model without a provider (`model`: the engine chooses among its
   * providers), a group, or `auto` (then `group` is the tier's).
   */
  kind: 'target' | 'model' | 'group' | 'auto';
  group?: string;
  candidates: Candidate[];
}

export interface CandidateExpander {
  /** `complexity` is asked only for `switchyard/auto`: the request's score in [0, 1]. */
  expand(model: string, complexity: () => number): CandidateSet;
  /** Every target the catalog's models, equivalents and groups name (for the health snapshot). */
  knownTargets(): RouteTarget[];
}

export function createCandidateExpander(catalog: Catalog, config: Pick<GatewayConfig, 'providers'>, resolver: ModelResolver): CandidateExpander {
  const target = (name: string) => targetOf(resolver.resolve(name), config);

  const equivalentsOf = new Map<string, RouteTarget[]>();
  for (const set of catalog.equivalents) {
    const targets = set.models.map(target);
    for (const member of targets) {
      const others = equivalentsOf.get(member.id) ?? [];
      for (const other of targets) if (other.id !== member.id && !others.some((known) => known.id === other.id)) others.push(other);
      equivalentsOf.set(member.id, others);
    }
  }
  const groups = new Map(Object.entries(catalog.groups).map(([name, members]) => [name, members.map(target)]));

  const withEquivalents = (first: RouteTarget, role: CandidateRole): Candidate[] => [
    { target: first, role },
    ...(equivalentsOf.get(first.id) ?? []).map((other): Candidate => ({ target: other, role: 'equivalent' })),
  ];
  const unique = (candidates: Candidate[]): Candidate[] => {
    const seen = new Set<string>();
    return candidates.filter(({ target }) => !seen.has(target.id) && seen.add(target.id));
  };
  const groupSet = (name: string, kind: 'group' | 'auto'): CandidateSet => {
    const members = groups.get(name);
    if (!members) throw unknownGroup(name, [...groups.keys()]);
    return { kind, group: name, candidates: unique(members.flatMap((member) => withEquivalents(member, 'member'))) };
  };

  return {
    expand(model, complexity) {
      if (!model.startsWith(GROUP_PREFIX)) {
        const resolved = resolver.resolve(model);
        return { kind: resolved.providerNamed ? 'target' : 'model', candidates: unique(withEquivalents(targetOf(resolved, config), 'requested')) };
      }
      const name = model.slice(GROUP_PREFIX.length);
      if (name !== 'auto') return groupSet(name, 'group');
      if (groups.size === 0) throw unknownGroup(name, []);
      const score = complexity();
      const tier = catalog.routing.auto.tiers.find((candidate) => score <= candidate.max_score) ?? catalog.routing.auto.tiers.at(-1)!;
      return groupSet(tier.group, 'auto');
    },
    knownTargets() {
      const all = [...catalog.models.map((entry) => target(entry.id)), ...[...equivalentsOf.values()].flat(), ...[...groups.values()].flat()];
      const seen = new Set<string>();
      return all.filter((known) => !seen.has(known.id) && seen.add(known.id));
    },
  };
}

function unknownGroup(name: string, known: string[]): CallError {
  return new CallError({
    status: 404,
    kind: 'not_found',
    fault: 'caller',
    code: 'model_not_found',
    param: 'model',
    message:
      known.length > 0
        ? `The model '${GROUP_PREFIX}${name}' does not exist: this gateway's groups are ${[...known, 'auto'].map((group) => `${GROUP_PREFIX}${group}`).join(', ')}.`
        : `The model '${GROUP_PREFIX}${name}' does not exist: this gateway's catalog defines no groups.`,
  });
}
