/**
 * Turns the `model` a client sent into a provider and the provider's own model name: an alias
 * from the catalog, or `provider/model` with everything after the first `/` sent upstream as is,
 * so a new model of a known provider needs no catalog change. A model's own name (an alias of an
 * equivalents set, `claude-haiku-4-5`) resolves to the set's first model, and says that it named
 * no provider: routing then chooses among the set. Every way in (the chat route, the
 * jobs worker and poller, the probe) resolves here, so a model name that is not safe to send
 * (model-name-problem.ts) is refused here, for every provider. An id of Anthropic's own that the
 * catalog does not list (anthropic-model-id.ts) is Anthropic's, with its undated model's facts.
 */
import { CallError, invalidRequest } from '../core/call-error.ts';
import { findProvider, type ProviderDefinition } from '../providers/provider-registry.ts';
import type { Catalog, CatalogModel } from './catalog-schema.ts';
import { ANTHROPIC_PROVIDER_ID, isBareClaudeId, undatedModelId } from './anthropic-model-id.ts';
import { modelNameProblem } from './model-name-problem.ts';

export interface ResolvedModel {
  provider: ProviderDefinition;
  /** The provider's own name for the model. */
  model: string;
  /** The catalog's entry, when the model has one. */
  entry: CatalogModel | undefined;
  /** Whether the name chose the provider (`provider/model`, a model's alias) or only the model (an equivalents set's alias). */
  providerNamed: boolean;
}

export interface ModelResolver {
  resolve(name: string): ResolvedModel;
}

export function createModelResolver(catalog: Catalog): ModelResolver {
  const byName = new Map<string, CatalogModel>();
  for (const entry of catalog.models) {
    byName.set(entry.id, entry);
    for (const alias of entry.aliases) byName.set(alias, entry);
  }
  /** A set's alias names its first model, the provider left open. */
  const modelNames = new Map<string, string>();
  for (const set of catalog.equivalents) for (const alias of set.aliases) modelNames.set(alias, set.models[0]!);

  return {
    resolve(name) {
      const setModel = modelNames.get(name);
      const listed = byName.get(setModel ?? name);
      if (!listed && isBareClaudeId(name)) return anthropicOwn(name);
      const entry = listed;
      const id = entry?.id ?? name;
      const slash = id.indexOf('/');
      const provider = slash > 0 ? findProvider(id.slice(0, slash)) : undefined;
      const model = id.slice(slash + 1);
      if (!provider || model === '') {
        throw new CallError({
          status: 404,
          kind: 'not_found',
          fault: 'caller',
          code: 'model_not_found',
          param: 'model',
          message:
            slash > 0
              ? `The model '${name}' does not exist: '${id.slice(0, slash)}' is not a known provider.`
              : `The model '${name}' does not exist: use an alias from GET /v1/models or 'provider/model'.`,
        });
      }
      const problem = modelNameProblem(provider, model);
      if (problem) throw invalidRequest(`Invalid value for 'model': ${JSON.stringify(name)} is not a model name: ${problem}.`, 'model', 'invalid_value');
      // `anthropic/claude-…-20250929`: the snapshot of a listed model, with its facts.
      const snapshotOf = !entry && provider.id === ANTHROPIC_PROVIDER_ID ? byName.get(`${ANTHROPIC_PROVIDER_ID}/${undatedModelId(model)}`) : undefined;
      return { provider, model, entry: entry ?? snapshotOf, providerNamed: setModel === undefined };
    },
  };

  /**
   * Sent to Anthropic as named; the provider is left open when its undated model is an equivalents
   * set's (routing may choose Claude on Bedrock), as the set's own alias leaves it.
   */
  function anthropicOwn(name: string): ResolvedModel {
    const undated = undatedModelId(name);
    const entry = byName.get(`${ANTHROPIC_PROVIDER_ID}/${undated}`);
    return { provider: findProvider(ANTHROPIC_PROVIDER_ID)!, model: name, entry, providerNamed: !modelNames.has(undated) };
  }
}
