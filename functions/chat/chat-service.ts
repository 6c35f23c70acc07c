/**
 * One chat completion against the provider a model names, without HTTP around it: the gateway's
 * route, the worker and the probe all call providers through this. Everything that fails before
 * the answer starts is thrown as a GatewayError.
 */
import type { Dispatcher } from 'undici';
import type { ModelResolver } from '../catalog/resolve-model.ts';
import type { GatewayConfig } from '../config/load-config.ts';
import { GatewayError } from '../http/gateway-error.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import { adapterFor } from '../providers/adapter-for.ts';
import type { ProviderAdapter, ResponseContext } from '../providers/provider-adapter.ts';
import { openUpstream, type UpstreamExchange } from '../providers/upstream/open-upstream.ts';
import { upstreamBadResponse } from '../providers/upstream/upstream-errors.ts';
import type { ChatRequest } from './chat-request-schema.ts';
import { collectChatCompletion, type ChatCompletion } from './collect-chat-completion.ts';
import type { StreamEvent, Usage } from './stream-event.ts';

export interface ChatServiceDeps {
  config: GatewayConfig;
  resolver: ModelResolver;
  logger: GatewayLogger;
  dispatcher?: Dispatcher;
}

/** What served a call: the provider and its own model name. */
export interface Served {
  provider: string;
  model: string;
}

export interface OpenedChat {
  served: Served;
  adapter: ProviderAdapter;
  exchange: UpstreamExchange;
  responseContext: ResponseContext;
  /** The model name the client sees: `provider/<the model the provider says answered>`. */
  modelName: (upstreamModel: string) => string;
}

export interface CompletedChat {
  served: Served;
  completion: ChatCompletion;
  usage: Usage | undefined;
}

export interface ChatService {
  /** Resolves the model and opens the exchange; `onServed` learns the target before the call. */
  open(chat: ChatRequest, options: { stream: boolean; signal: AbortSignal; onServed?: (served: Served) => void }): Promise<OpenedChat>;
  /** A whole non-streaming answer. */
  complete(chat: ChatRequest, options: { signal: AbortSignal; onServed?: (served: Served) => void }): Promise<CompletedChat>;
}

export function createChatService(deps: ChatServiceDeps): ChatService {
  const { config, resolver, logger } = deps;

  const open: ChatService['open'] = async (chat, { stream, signal, onServed }) => {
    const resolved = resolver.resolve(chat.model);
    const provider = config.providers.get(resolved.provider.id);
    if (!provider?.configured) {
      throw new GatewayError({
        status: 400,
        type: 'invalid_request_error',
        code: 'provider_not_configured',
        param: 'model',
        message: `The provider '${resolved.provider.id}' is not configured on this gateway: set ${provider?.apiKeyVariable ?? 'its API key variable'}.`,
      });
    }
    const adapter = adapterFor(resolved.provider);
    const builtRequest = adapter.buildChatRequest(chat, {
      model: resolved.model,
      apiKey: provider.apiKey ?? '',
      baseUrl: provider.baseUrl,
      stream,
      ...(resolved.entry ? { maxOutputTokens: resolved.entry.max_output_tokens } : {}),
    });
    const upstreamRequest = adapter.authorize
      ? await adapter.authorize(builtRequest, { apiKey: provider.apiKey, region: provider.region })
      : builtRequest;
    const served = { provider: resolved.provider.id, model: resolved.model };
    onServed?.(served);

    const exchange = await openUpstream(upstreamRequest, {
      provider: served.provider,
      adapter,
      signal,
      timeoutMs: config.upstreamTimeoutMs,
      ...(deps.dispatcher ? { dispatcher: deps.dispatcher } : {}),
    });
    return {
      served,
      adapter,
      exchange,
      responseContext: { model: resolved.model, now: Math.floor(Date.now() / 1000) },
      modelName: (upstreamModel) => `${served.provider}/${upstreamModel}`,
    };
  };

  return {
    open,
    async complete(chat, options) {
      const { served, adapter, exchange, responseContext, modelName } = await open(chat, { ...options, stream: false });
      const body = await exchange.json();
      let events: StreamEvent[];
      try {
        events = adapter.parseChatResponse(body, responseContext);
      } catch (error) {
        if (error instanceof GatewayError) throw error;
        logger.error('Could not translate an upstream response', { ...served, error: error as Error });
        throw upstreamBadResponse(served.provider, 'its shape was not as documented');
      }
      const { completion, usage } = collectChatCompletion(events, modelName);
      return { served, completion, usage };
    },
  };
}
