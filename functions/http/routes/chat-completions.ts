/**
 * POST /v1/chat/completions, the OpenAI Chat Completions front door: decode the body into a call,
 * serve it (serve/serve-call.ts: routing, failover, the cascade, accounting), and encode what came
 * back as one `chat.completion` or as OpenAI's event stream, under the gateway's `x-switchyard-*`
 * headers. A stream from OpenAI itself goes on as OpenAI sent it, each chunk's `model` named
 * `provider/model`, when the client asked for usage: the gateway asks every provider for it, so
 * the stream is then the one the client asked for.
 */
import { decodeChatRequest } from '../../ingress/openai-chat/decode.ts';
import { encodeFinal } from '../../ingress/openai-chat/encode-final.ts';
import { createOpenAISseEncoder, openAIErrorFrame } from '../../ingress/openai-chat/encode-stream.ts';
import { prefixChunkModel } from '../../ingress/openai-chat/prefix-chunk-model.ts';
import { passThroughStream } from '../../ingress/pass-through-stream.ts';
import { encodeBatches } from '../../ingress/encode-batches.ts';
import { readRoutingPreferences, ROUTING_EXTENSION_FIELD } from '../../routing/routing-preferences.ts';
import type { ServeCall } from '../../serve/serve-call.ts';
import type { HttpRequest, HttpResponse } from '../http-types.ts';
import { jsonResponse } from '../json-response.ts';
import { parseChatRequest } from '../../ingress/openai-chat/parse-chat-request.ts';
import type { RouteContext } from './route-context.ts';

export function createChatCompletionsRoute(serve: ServeCall) {
  return async (request: HttpRequest, route: RouteContext): Promise<HttpResponse> => {
    const { [ROUTING_EXTENSION_FIELD]: extension, ...chat } = parseChatRequest(request.body);
    const call = decodeChatRequest(chat, readRoutingPreferences(request.headers, extension));
    const includeUsage = chat.stream_options?.include_usage === true;
    const served = await serve(call, { signal: request.signal, route, passThrough: chat.stream === true && includeUsage });
    if (!served.stream) return jsonResponse(200, encodeFinal(served.result, served.modelName), served.headers);
    const prefix = `${served.served.provider}/`;
    return {
      status: 200,
      headers: { ...served.headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
      body: served.native
        ? passThroughStream(served.events, openAIErrorFrame, (data) => prefixChunkModel(data, prefix))
        : encodeBatches(served.events, createOpenAISseEncoder({ includeUsage, modelName: served.modelName })),
    };
  };
}
