/**
 * POST /v1/messages, the Anthropic Messages front door (Claude Code, the Anthropic SDKs): decode
 * the body into a call, serve it as every door does (serve/serve-call.ts), and answer in Messages.
 * When the target speaks Messages itself (Anthropic), its answer goes back as it sent it: thinking
 * signatures, citations and server tools included. Otherwise the neutral answer is encoded, a
 * stream with Anthropic's pings during its silences, timed on `sleep` (the gateway's clock).
 */
import { decodeMessagesRequest } from '../../ingress/anthropic-messages/decode.ts';
import { encodeFinal } from '../../ingress/anthropic-messages/encode-final.ts';
import { createAnthropicSseEncoder } from '../../ingress/anthropic-messages/encode-stream.ts';
import { encodeBatches } from '../../ingress/encode-batches.ts';
import { passThroughStream } from '../../ingress/pass-through-stream.ts';
import { pingWhenSilent } from '../../ingress/anthropic-messages/ping-when-silent.ts';
import { anthropicErrorFrame } from '../../ingress/anthropic-messages/render-error.ts';
import { validateMessagesRequest } from '../../ingress/anthropic-messages/validate-messages-request.ts';
import { abortableSleep, type Sleep } from '../../routing/abortable-sleep.ts';
import { readRoutingPreferences, ROUTING_EXTENSION_FIELD } from '../../routing/routing-preferences.ts';
import type { ServeCall } from '../../serve/serve-call.ts';
import type { HttpRequest, HttpResponse } from '../http-types.ts';
import { jsonResponse } from '../json-response.ts';
import { parseJsonObject } from '../parse-json-object.ts';
import type { RouteContext } from './route-context.ts';

export function createMessagesRoute(serve: ServeCall, sleep: Sleep = abortableSleep) {
  return async (request: HttpRequest, route: RouteContext): Promise<HttpResponse> => {
    const { [ROUTING_EXTENSION_FIELD]: extension, ...sent } = parseJsonObject(request.body);
    const { [ROUTING_EXTENSION_FIELD]: _validated, ...body } = validateMessagesRequest(sent);
    const call = decodeMessagesRequest(body, readRoutingPreferences(request.headers, extension), request.headers, sent);
    const served = await serve(call, { signal: request.signal, route, passThrough: true });
    const headers = { ...served.headers, 'request-id': route.requestId };
    if (!served.stream) return jsonResponse(200, served.native ? served.body : encodeFinal(served.result, served.modelName), headers);
    return {
      status: 200,
      headers: { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
      body: served.native
        ? passThroughStream(served.events, anthropicErrorFrame)
        : pingWhenSilent(encodeBatches(served.events, createAnthropicSseEncoder({ modelName: served.modelName })), { sleep, signal: request.signal }),
    };
  };
}
