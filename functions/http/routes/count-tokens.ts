/**
 * POST /v1/messages/count_tokens: the prompt's tokens as the named model would count them, by the
 * gateway's own estimate (o200k, exactly counted, times the model's tokenizer factor: the figure
 * routing and cost estimates use), never sent to a provider. `x-switchyard-token-count` says how
 * it was made, since only Anthropic's own endpoint counts Claude's tokens exactly.
 */
import type { ModelResolver } from '../../catalog/resolve-model.ts';
import { decodeMessagesRequest } from '../../ingress/anthropic-messages/decode.ts';
import { validateCountTokensRequest } from '../../ingress/anthropic-messages/validate-messages-request.ts';
import type { GatewayLogger } from '../../observability/logger.ts';
import { profileCall } from '../../routing/call-profile.ts';
import { loadExactTokenCounter } from '../../routing/exact-token-counter.ts';
import { DEFAULT_ROUTING_PREFERENCES, ROUTING_EXTENSION_FIELD } from '../../routing/routing-preferences.ts';
import { tokenizerFactor, tokenizerFamily } from '../../routing/tokenizer-factor.ts';
import type { HttpRequest, HttpResponse } from '../http-types.ts';
import { jsonResponse } from '../json-response.ts';
import { parseJsonObject } from '../parse-chat-request.ts';
import type { RouteContext } from './route-context.ts';

export function createCountTokensRoute(resolver: ModelResolver, logger: GatewayLogger) {
  return async (request: HttpRequest, route: RouteContext): Promise<HttpResponse> => {
    const { [ROUTING_EXTENSION_FIELD]: _preferences, ...sent } = parseJsonObject(request.body);
    const body = validateCountTokensRequest(sent);
    const { provider, model } = resolver.resolve(body.model);
    // A count has no answer: no output limit to decode.
    const call = decodeMessagesRequest({ ...body, max_tokens: 0 }, DEFAULT_ROUTING_PREFERENCES, request.headers);
    const exact = await loadExactTokenCounter(logger);
    const { prompt } = profileCall(call);
    const family = tokenizerFamily(provider.id, model);
    const factor = tokenizerFactor(provider.id, model);
    route.annotate({ provider: provider.id, model });
    return jsonResponse(
      200,
      { input_tokens: Math.ceil(prompt.total * factor) },
      { 'request-id': route.requestId, 'x-switchyard-token-count': `estimate: o200k${exact && !prompt.estimated ? '' : ' (approximate)'} x ${factor} (${family})` },
    );
  };
}
