/**
 * POST /v1/chat/completions: validate, then answer through the chat service as one JSON object
 * or as OpenAI's event stream.
 */
import type { ChatService } from '../../chat/chat-service.ts';
import { openOpenAISse } from '../../chat/stream-openai-sse.ts';
import type { GatewayConfig } from '../../config/load-config.ts';
import type { GatewayLogger } from '../../observability/logger.ts';
import type { HttpRequest, HttpResponse } from '../http-types.ts';
import { jsonResponse } from '../json-response.ts';
import { parseChatRequest } from '../parse-chat-request.ts';
import type { RouteContext } from './route-context.ts';

export interface ChatCompletionsDeps {
  config: GatewayConfig;
  chats: ChatService;
  logger: GatewayLogger;
  /** Scrubs secrets from what goes out in a stream's error frame. */
  redact: (text: string) => string;
}

const servedHeaders = (served: { provider: string; model: string }) => ({
  'x-switchyard-provider': served.provider,
  'x-switchyard-model': served.model,
});

export function createChatCompletionsRoute(deps: ChatCompletionsDeps) {
  const { config, chats, logger } = deps;

  return async (request: HttpRequest, route: RouteContext): Promise<HttpResponse> => {
    const chat = parseChatRequest(request.body);
    const onServed = (served: { provider: string; model: string }) => route.annotate(served);

    if (chat.stream !== true) {
      const { served, completion, usage } = await chats.complete(chat, { signal: request.signal, onServed });
      route.annotate({ usage });
      return jsonResponse(200, completion, servedHeaders(served));
    }

    const { served, adapter, exchange, responseContext, modelName } = await chats.open(chat, { stream: true, signal: request.signal, onServed });
    const body = await openOpenAISse(exchange.events(config.streamIdleTimeoutMs), adapter.createStreamTranslator(responseContext), {
      provider: served.provider,
      includeUsage: chat.stream_options?.include_usage === true,
      modelName,
      redact: deps.redact,
      onUnexpected: (error) => logger.error('Could not translate an upstream stream', { ...served, error: error as Error }),
      onEnd: (summary) => {
        exchange.close();
        route.finish({ usage: summary.usage, error: summary.error });
      },
    });
    return {
      status: 200,
      headers: { ...servedHeaders(served), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
      body,
    };
  };
}
