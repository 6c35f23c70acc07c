/**
 * POST /v1/chat/completions: validate, resolve the model, translate the request for the provider,
 * call it, and translate its answer back as one JSON object or as OpenAI's event stream.
 */
import type { Dispatcher } from 'undici';
import { collectChatCompletion } from '../../chat/collect-chat-completion.ts';
import { openOpenAISse } from '../../chat/stream-openai-sse.ts';
import type { StreamEvent } from '../../chat/stream-event.ts';
import type { ModelResolver } from '../../catalog/resolve-model.ts';
import type { GatewayConfig } from '../../config/load-config.ts';
import type { GatewayLogger } from '../../observability/logger.ts';
import { adapterFor } from '../../providers/adapter-for.ts';
import { openUpstream } from '../../providers/upstream/open-upstream.ts';
import { upstreamBadResponse } from '../../providers/upstream/upstream-errors.ts';
import { GatewayError } from '../gateway-error.ts';
import type { HttpRequest, HttpResponse } from '../http-types.ts';
import { jsonResponse } from '../json-response.ts';
import { parseChatRequest } from '../parse-chat-request.ts';
import type { RouteContext } from './route-context.ts';

export interface ChatCompletionsDeps {
  config: GatewayConfig;
  resolver: ModelResolver;
  logger: GatewayLogger;
  dispatcher?: Dispatcher;
  /** Scrubs secrets from what goes out in a stream's error frame. */
  redact: (text: string) => string;
}

export function createChatCompletionsRoute(deps: ChatCompletionsDeps) {
  const { config, resolver, logger } = deps;

  return async (request: HttpRequest, route: RouteContext): Promise<HttpResponse> => {
    const chat = parseChatRequest(request.body);
    const resolved = resolver.resolve(chat.model);
    const provider = config.providers.get(resolved.provider.id);
    if (!provider?.apiKey) {
      throw new GatewayError({
        status: 400,
        type: 'invalid_request_error',
        code: 'provider_not_configured',
        param: 'model',
        message: `The provider '${resolved.provider.id}' is not configured on this gateway: set ${provider?.apiKeyVariable ?? 'its API key variable'}.`,
      });
    }

    const adapter = adapterFor(resolved.provider);
    const stream = chat.stream === true;
    const upstreamRequest = adapter.buildChatRequest(chat, {
      model: resolved.model,
      apiKey: provider.apiKey,
      baseUrl: provider.baseUrl,
      stream,
      ...(resolved.entry ? { maxOutputTokens: resolved.entry.max_output_tokens } : {}),
    });
    const served = { provider: resolved.provider.id, model: resolved.model };
    route.annotate(served);

    const exchange = await openUpstream(upstreamRequest, {
      provider: resolved.provider.id,
      adapter,
      signal: request.signal,
      timeoutMs: config.upstreamTimeoutMs,
      ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
    });
    const responseContext = { model: resolved.model, now: Math.floor(Date.now() / 1000) };
    const modelName = (upstreamModel: string) => `${resolved.provider.id}/${upstreamModel}`;
    const headers = { 'x-switchyard-provider': served.provider, 'x-switchyard-model': served.model };

    if (!stream) {
      const body = await exchange.json();
      let events: StreamEvent[];
      try {
        events = adapter.parseChatResponse(body, responseContext);
      } catch (error) {
        if (error instanceof GatewayError) throw error;
        logger.error('Could not translate an upstream response', { ...served, error });
        throw upstreamBadResponse(served.provider, 'its shape was not as documented');
      }
      const { completion, usage } = collectChatCompletion(events, modelName);
      route.annotate({ usage });
      return jsonResponse(200, completion, headers);
    }

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
      headers: { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
      body,
    };
  };
}
