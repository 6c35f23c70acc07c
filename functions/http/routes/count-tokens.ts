/**
 * POST /v1/messages/count_tokens: the prompt's tokens as the named model would count them, by the
 * gateway's own estimate (o200k, exactly counted, text times the model's tokenizer factor, images
 * as they are: the figure routing and cost estimates use), never sent to a provider. The exact
 * counter is loaded by the first count, if nothing has loaded it yet. `x-switchyard-token-count` says how
 * it was made, since only Anthropic's own endpoint counts Claude's tokens exactly.
 */
import type { ModelResolver } from '../../catalog/resolve-model.ts';
import { decodeMessagesRequest } from '../../ingress/anthropic-messages/decode.ts';
import { validateCountTokensRequest } from '../../ingress/anthropic-messages/validate-messages-request.ts';
import type { GatewayLogger } from '../../observability/logger.ts';
import { estimatePromptTokens, inProviderTokens } from '../../routing/estimate-prompt-tokens.ts';
import { loadExactTokenCounter } from '../../routing/exact-token-counter.ts';
import { DEFAULT_ROUTING_PREFERENCES, ROUTING_EXTENSION_FIELD } from '../../routing/routing-preferences.ts';
import { tokenizerFactor, tokenizerFamily } from '../../routing/tokenizer-factor.ts';
import type { HttpRequest, HttpResponse } from '../http-types.ts';
import { jsonResponse } from '../json-response.ts';
import { parseJsonObject } from '../parse-json-object.ts';
import type { RouteContext } from './route-context.ts';

export function createCountTokensRoute(resolver: ModelResolver, logger: GatewayLogger) {
  return async (request: HttpRequest, route: RouteContext): Promise<HttpResponse> => {
    const { [ROUTING_EXTENSION_FIELD]: _preferences, ...sent } = parseJsonObject(request.body);
    const body = validateCountTokensRequest(sent);
    const { provider, model } = resolver.resolve(body.model);
    // A count has no answer: no output limit to decode.
    const call = decodeMessagesRequest({ ...body, max_tokens: 0 }, DEFAULT_ROUTING_PREFERENCES, request.headers);
    await loadExactTokenCounter(logger);
    const prompt = estimatePromptTokens(call);
    // Counted with the tokenizer throughout, or partly sampled, estimated or left unsized (PDFs, audio).
    const approximate = prompt.estimated || prompt.extrapolated || prompt.unestimatedParts > 0;
    route.annotate({ provider: provider.id, model });
    return jsonResponse(
      200,
      { input_tokens: inProviderTokens(prompt, provider.id, model) },
      {
        'request-id': route.requestId,
        'x-switchyard-token-count': `estimate: o200k${approximate ? ' (approximate)' : ''} x ${tokenizerFactor(provider.id, model)} (${tokenizerFamily(provider.id, model)})`,
      },
    );
  };
}
