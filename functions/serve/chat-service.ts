/**
 * One call against one provider target, without HTTP around it: the gateway's serve-call, the
 * worker and the probe all call providers through this. Everything that fails before the answer
 * starts is thrown as a CallError.
 */
import type { ModelResolver } from '../catalog/resolve-model.ts';
import { targetOf, type RouteTarget } from '../routing/route-target.ts';
import { providerKeys, type GatewayConfig } from '../config/load-config.ts';
import type { Call } from '../core/call.ts';
import { CallError } from '../core/call-error.ts';
import { collectResult, type CallResult } from '../core/collect-result.ts';
import { createRedactor } from '../http/redact-secrets.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import { adapterFor } from '../providers/adapter-for.ts';
import type { ProviderAdapter, ResponseContext } from '../providers/provider-adapter.ts';
import type { ProviderDefinition } from '../providers/provider-registry.ts';
import { scrubProviderErrors } from '../providers/scrub-provider-errors.ts';
import type { Agents } from '../net/send-request.ts';
import { openUpstream, type UpstreamExchange } from '../providers/upstream/open-upstream.ts';
import { upstreamBadResponse } from '../providers/upstream/upstream-errors.ts';
import type { StreamEvent, Usage } from '../core/stream-event.ts';

export interface ChatServiceDeps {
  config: GatewayConfig;
  resolver: ModelResolver;
  logger: GatewayLogger;
  /** The connection pools provider calls go through: Node's global ones when not given. */
  agents?: Agents | undefined;
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
  /** What the translation left out that the caller should know of (UpstreamRequest.notes). */
  notes: readonly string[];
  /** The target's own API is the call's dialect: the request went as the caller wrote it, and the answer is in that dialect. */
  native: boolean;
}

export interface CompletedChat {
  served: Served;
  result: CallResult;
  usage: Usage | undefined;
  /** The answer as events, for what reads more than the result (the cascade's confidence). */
  events: StreamEvent[];
  modelName: (upstreamModel: string) => string;
  notes: readonly string[];
  /** The provider's response body as it sent it (parsed), for a door that passes it through. */
  body: unknown;
  /** The provider speaks the call's own dialect: `body` is an answer in it. */
  native: boolean;
}

export interface OpenOptions {
  stream: boolean;
  signal: AbortSignal;
  /** How long to wait for the response headers (and a whole non-streaming body); the gateway's setting by default. */
  timeoutMs?: number;
}

export interface ChatService {
  /** Resolves `call.model` to its one target and opens the exchange (the probe and the worker call a named model). */
  open(call: Call, options: OpenOptions & { onServed?: (served: Served) => void }): Promise<OpenedChat>;
  /** Opens the exchange with a target the router chose. */
  openTarget(call: Call, target: RouteTarget, options: OpenOptions): Promise<OpenedChat>;
  /** A whole non-streaming answer from `call.model`. */
  complete(call: Call, options: Omit<OpenOptions, 'stream'> & { onServed?: (served: Served) => void }): Promise<CompletedChat>;
  /** A whole non-streaming answer from a target the router chose. */
  completeTarget(call: Call, target: RouteTarget, options: Omit<OpenOptions, 'stream'>): Promise<CompletedChat>;
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

  const openTarget: ChatService['openTarget'] = async (call, target, { stream, signal, timeoutMs }) => {
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
    const builtRequest = adapter.buildRequest(call, {
      model: target.model,
      apiKey: provider.apiKey ?? '',
      baseUrl: provider.baseUrl,
      stream,
      ...(target.entry ? { maxOutputTokens: target.entry.max_output_tokens, reasons: target.entry.capabilities.includes('reasoning') } : {}),
    });
    if (config.leftOut === 'refuse' && builtRequest.notes?.length) throw leftOutRefused(target.provider.id, builtRequest.notes);
    const upstreamRequest = adapter.authorize
      ? await adapter.authorize(builtRequest, { apiKey: provider.apiKey, region: provider.region })
      : builtRequest;
    const served = { provider: target.provider.id, model: target.model };
    const native = adapter.nativeDialects?.includes(call.origin.dialect) === true;

    const exchange = await openUpstream(upstreamRequest, {
      provider: served.provider,
      adapter,
      signal,
      timeoutMs: timeoutMs ?? config.upstreamTimeoutMs,
      agents: deps.agents,
    });
    return {
      served,
      adapter,
      exchange,
      responseContext: { model: target.model, now: Math.floor(Date.now() / 1000), ...(native && { native: call.origin.dialect }) },
      modelName: (upstreamModel) => `${served.provider}/${upstreamModel}`,
      notes: builtRequest.notes ?? [],
      native,
    };
  };

  const completeTarget: ChatService['completeTarget'] = async (call, target, options) => {
    const { served, adapter, exchange, responseContext, modelName, notes, native } = await openTarget(call, target, { ...options, stream: false });
    const body = await exchange.json();
    let events: StreamEvent[];
    try {
      events = adapter.parseChatResponse(body, responseContext);
    } catch (error) {
      if (error instanceof CallError) throw error;
      logger.error('Could not translate an upstream response', { ...served, error: error as Error });
      throw upstreamBadResponse(served.provider, 'its shape was not as documented');
    }
    const result = collectResult(events);
    return { served, result, usage: result.usage, events, modelName, notes, body, native };
  };

  const resolveTarget = (call: Call, onServed?: (served: Served) => void): RouteTarget => {
    const target = targetOf(resolver.resolve(call.model), config);
    onServed?.({ provider: target.provider.id, model: target.model });
    return target;
  };

  return {
    openTarget,
    completeTarget,
    open: (call, { onServed, ...options }) => openTarget(call, resolveTarget(call, onServed), options),
    complete: (call, { onServed, ...options }) => completeTarget(call, resolveTarget(call, onServed), options),
  };
}

/** A translation that would leave something out, refused by the deployment's choice (SWITCHYARD_LEFT_OUT=refuse): the route tries a target that can take it whole. */
const leftOutRefused = (provider: string, notes: readonly string[]) =>
  new CallError({
    status: 400,
    kind: 'invalid_request',
    fault: 'caller',
    code: 'left_out_refused',
    message: `${provider} cannot take all of this request; it would leave out: ${notes.join(', ')}. This gateway refuses rather than leave anything out (SWITCHYARD_LEFT_OUT=refuse).`,
  });
