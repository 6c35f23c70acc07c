/**
 * GET /v1/models and GET /v1/models/{id}: the catalog's models and aliases of the configured
 * providers, in OpenAI's list shape, and the names of models served by several providers (an
 * equivalents set's aliases) when one of them is configured, owned by the first of those.
 * `provider/model` names work for any model, listed or not.
 */
import type { CatalogModel } from '../../catalog/catalog-schema.ts';
import type { GatewayConfig } from '../../config/load-config.ts';
import { CallError } from '../../core/call-error.ts';
import type { HttpResponse } from '../http-types.ts';
import { jsonResponse } from '../json-response.ts';

interface OpenAIModel {
  id: string;
  object: 'model';
  created: number;
  owned_by: string;
}

export function createModelRoutes(config: GatewayConfig) {
  const models: OpenAIModel[] = [];
  const providerOf = (id: string) => id.slice(0, id.indexOf('/'));
  const configured = (id: string) => config.providers.get(providerOf(id))?.configured === true;
  const entries = new Map(config.catalog.models.map((entry) => [entry.id, entry]));
  for (const entry of config.catalog.models) {
    if (!configured(entry.id)) continue;
    for (const id of [entry.id, ...entry.aliases]) models.push(toOpenAIModel(id, providerOf(entry.id), entry));
  }
  for (const set of config.catalog.equivalents) {
    const served = set.models.find(configured);
    if (served === undefined) continue;
    for (const alias of set.aliases) models.push(toOpenAIModel(alias, providerOf(served), entries.get(served)!));
  }
  const byId = new Map(models.map((model) => [model.id, model]));
  const list = JSON.stringify({ object: 'list', data: models });

  return {
    list: async (): Promise<HttpResponse> => ({ status: 200, headers: { 'content-type': 'application/json' }, body: list }),
    retrieve: async (id: string): Promise<HttpResponse> => {
      const model = byId.get(id);
      if (!model) {
        throw new CallError({
          status: 404,
          kind: 'not_found',
          fault: 'caller',
          code: 'model_not_found',
          param: 'model',
          message: `The model '${id}' is not in this gateway's catalog.`,
        });
      }
      return jsonResponse(200, model);
    },
  };
}

const toOpenAIModel = (id: string, provider: string, entry: CatalogModel): OpenAIModel => ({
  id,
  object: 'model',
  created: Math.floor(Date.parse(entry.released) / 1000),
  owned_by: provider,
});
