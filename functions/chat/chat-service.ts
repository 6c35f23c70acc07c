/**
 * One chat completion against the provider a model names, without HTTP around it: the gateway's
 * route, the worker and the probe all call providers through this. Everything that fails before
 * the answer starts is thrown as a CallError.
 */
import type { ModelResolver } from '../catalog/resolve-model.ts';
import { targetOf, type RouteTarget } from '../routing/route-target.ts';
import { DEFAULT_ROUTING_PREFERENCES } from '../routing/routing-preferences.ts';
import { decodeChatRequest } from '../ingress/openai-chat/decode.ts';
import { providerKeys, type GatewayConfig } from '../config/load-config.ts';
import { CallError } from '../core/call-error.ts';
import { createRedactor } from '../http/redact-secrets.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import { adapterFor } from '../providers/adapter-for.ts';
import type { ProviderAdapter, ResponseContext } from '../providers/provider-adapter.ts';
import type { ProviderDefinition } from '../providers/provider-registry.ts';
import { scrubProviderErrors } from '../providers/scrub-provider-errors.ts';
import { openUpstream, type UpstreamExchange } from '../providers/upstream/open-upstream.ts';
import { upstreamBadResponse } from '../providers/upstream/upstream-errors.ts';
import type { ChatRequest } from './chat-request-schema.ts';
import { collectChatCompletion, type ChatCompletion } from './collect-chat-completion.ts';
import type { StreamEvent, Usage } from './stream-event.ts';

export interface ChatServiceDeps {
  config: GatewayConfig;
  resolver: ModelResolver;
  logger: GatewayLogger;
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
  /** The answer as events, for what reads more than the completion (the cascade's confidence). */
  events: StreamEvent[];
}

export interface OpenOptions {
  stream: boolean;
  signal: AbortSignal;
  /** How long to wait for the response headers (and a whole non-streaming body); the gateway's setting by default. */
  timeoutMs?: number;
}

export interface ChatService {
  /** Resolves `chat.model` to its one target and opens the exchange (the probe and the worker call a named model). */
  open(chat: ChatRequest, options: OpenOptions & { onServed?: (served: Served) => void }): Promise<OpenedChat>;
  /** Opens the exchange with a target the router chose. */
  openTarget(chat: ChatRequest, target: RouteTarget, options: OpenOptions): Promise<OpenedChat>;
  /** A whole non-streaming answer from `chat.model`. */
  complete(chat: ChatRequest, options: Omit<OpenOptions, 'stream'> & { onServed?: (served: Served) => void }): Promise<CompletedChat>;
  /** A whole non-streaming answer from a target the router chose. */
  completeTarget(chat: ChatRequest, target: RouteTarget, options: Omit<OpenOptions, 'stream'>): Promise<CompletedChat>;
}

export function createChatService(deps: ChatServiceDeps): ChatService {
  const { config, resolver, logger } = deps;
  // Every provider's errors are scrubbed of keys as they come in; one adapter per provider.
  const redact = createRedactor(providerKeys(config.providers));
  const adapters = new Map<string, ProviderAdapter>();
  const scrubbedAdapter = (provider: ProviderDefinition): ProviderAdapter => {
    let adapter = adapters.get(provider.id);
    if (!adapter) adapters.set(provider.id, (adapter = scrubProviderErrors(adapterFor(provider), redact)));
    return adapter;
  };

  const openTarget: ChatService['openTarget'] = async (chat, target, { stream, signal, timeoutMs }) => {
    const provider = config.providers.get(target.provider.id);
    if (!provider?.configured) {
      throw new CallError({
        status: 400,
        kind: 'invalid_request',
        fault: 'caller',
        code: 'provider_not_configured',
        param: 'model',
        message: `The provider '${target.provider.id}' is not configured on this gateway: set ${provider?.apiKeyVariable ?? 'its API key variable'}.`,
      });
    }
    const adapter = scrubbedAdapter(target.provider);
    const builtRequest = adapter.buildRequest(decodeChatRequest(chat, DEFAULT_ROUTING_PREFERENCES), {
      model: target.model,
      apiKey: provider.apiKey ?? '',
      baseUrl: provider.baseUrl,
      stream,
      ...(target.entry ? { maxOutputTokens: target.entry.max_output_tokens } : {}),
    });
    const upstreamRequest = adapter.authorize
      ? await adapter.authorize(builtRequest, { apiKey: provider.apiKey, region: provider.region })
      : builtRequest;
    const served = { provider: target.provider.id, model: target.model };

    const exchange = await openUpstream(upstreamRequest, {
      provider: served.provider,
      adapter,
      signal,
      timeoutMs: timeoutMs ?? config.upstreamTimeoutMs,
    });
    return {
      served,
      adapter,
      exchange,
      responseContext: { model: target.model, now: Math.floor(Date.now() / 1000) },
      modelName: (upstreamModel) => `${served.provider}/${upstreamModel}`,
    };
  };

  const completeTarget: ChatService['completeTarget'] = async (chat, target, options) => {
    const { served, adapter, exchange, responseContext, modelName } = await openTarget(chat, target, { ...options, stream: false });
    const body = await exchange.json();
    let events: StreamEvent[];
    try {
      events = adapter.parseChatResponse(body, responseContext);
    } catch (error) {
      if (error instanceof CallError) throw error;
      logger.error('Could not translate an upstream response', { ...served, error: error as Error });
      throw upstreamBadResponse(served.provider, 'its shape was not as documented');
    }
    const { completion, usage } = collectChatCompletion(events, modelName);
    return { served, completion, usage, events };
  };

  const resolveTarget = (chat: ChatRequest, onServed?: (served: Served) => void): RouteTarget => {
    const target = targetOf(resolver.resolve(chat.model), config);
    onServed?.({ provider: target.provider.id, model: target.model });
    return target;
  };

  return {
    openTarget,
    completeTarget,
    open: (chat, { onServed, ...options }) => openTarget(chat, resolveTarget(chat, onServed), options),
    complete: (chat, { onServed, ...options }) => completeTarget(chat, resolveTarget(chat, onServed), options),
  };
}
