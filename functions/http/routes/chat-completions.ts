/**
 * POST /v1/chat/completions: validate, plan the route (cheapest target meeting the caller's SLA),
 * send it along the route with retries and failover until an answer starts, and answer as one
 * JSON object or as OpenAI's event stream. Every response says why it went where it went
 * (`x-switchyard-route`); a non-streaming one says what it cost (`x-switchyard-cost-usd`).
 */
import type { ChatRequest } from '../../chat/chat-request-schema.ts';
import type { ChatService } from '../../chat/chat-service.ts';
import { openOpenAISse } from '../../chat/stream-openai-sse.ts';
import type { Usage } from '../../chat/stream-event.ts';
import type { GatewayConfig } from '../../config/load-config.ts';
import type { HealthSample } from '../../health/health-sample.ts';
import type { GatewayLogger } from '../../observability/logger.ts';
import { cascadeConfidence } from '../../routing/cascade-confidence.ts';
import type { CircuitBreakers } from '../../routing/circuit-breaker.ts';
import type { Router, RoutePlan } from '../../routing/create-router.ts';
import { executeRoute, RouteFailure, type AttemptContext, type AttemptRecord, type RouteSuccess } from '../../routing/execute-route.ts';
import { GROUP_PREFIX } from '../../routing/expand-candidates.ts';
import { explainRoute } from '../../routing/explain-route.ts';
import { attemptTimeout, routeLimits, type RouteLimits } from '../../routing/route-limits.ts';
import type { RouteTarget } from '../../routing/route-target.ts';
import { readRoutingPreferences, ROUTING_EXTENSION_FIELD, type RoutingPreferences } from '../../routing/routing-preferences.ts';
import { DEFAULT_RETRY_SETTINGS } from '../../routing/retry-policy.ts';
import { trackAttempt } from '../../routing/track-attempt.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { HttpRequest, HttpResponse } from '../http-types.ts';
import { jsonResponse } from '../json-response.ts';
import { parseChatRequest } from '../parse-chat-request.ts';
import type { RouteContext } from './route-context.ts';

export interface ChatCompletionsDeps {
  config: GatewayConfig;
  chats: ChatService;
  logger: GatewayLogger;
  router: Router;
  breakers: CircuitBreakers;
  /** Counts a health sample (in this instance's matrix at once, in the table later). */
  recordSample: (sample: HealthSample) => void;
  /** Records what a served call left in its target's prompt cache. */
  rememberPrompt: (target: RouteTarget, chat: ChatRequest, promptTokens: number) => void;
  /** The target's p99 time to first byte, when known. */
  firstByteP99: (target: string) => number | undefined;
  /** USD for the usage of a call that served, undefined without a price. */
  costOf: (target: string, usage: Usage) => number | undefined;
  /** Scrubs secrets from what goes out in a stream's error frame. */
  redact: (text: string) => string;
  /** The clock the route's deadline, its waits before a retry and its health samples are on (tests move it). */
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** Providers whose Chat Completions return token log-probabilities when asked (the cascade's confidence). */
const LOGPROB_PROVIDERS = new Set(['openai', 'xai', 'together', 'deepseek']);

export function createChatCompletionsRoute(deps: ChatCompletionsDeps) {
  const { config, chats, logger, router, breakers } = deps;
  const now = deps.now ?? Date.now;

  const run = <T>(plan: RoutePlan, limits: RouteLimits, signal: AbortSignal, route: RouteContext, attempt: (target: RouteTarget, context: AttemptContext) => Promise<T>) =>
    executeRoute({
      targets: plan.targets,
      breakers,
      deadline: limits.deadline,
      attemptTimeoutMs: attemptTimeout({ limits, promptTokens: plan.promptTokens, upstreamTimeoutMs: config.upstreamTimeoutMs, firstByteP99: deps.firstByteP99 }),
      retry: { ...DEFAULT_RETRY_SETTINGS, attemptsPerTarget: config.resilience.attemptsPerTarget },
      signal,
      now,
      ...(deps.sleep ? { sleep: deps.sleep } : {}),
      attempt: (target, context) => {
        route.annotate({ provider: target.provider.id, model: target.model });
        return attempt(target, context);
      },
    });

  /** Measures one attempt for the target's health and breaker. */
  const track = (target: RouteTarget, context: AttemptContext) =>
    trackAttempt(target.id, { record: deps.recordSample, breakers, now, callerSetTimeout: context.timeoutSetByCaller });

  const complete = (chat: ChatRequest, plan: RoutePlan, limits: RouteLimits, request: HttpRequest, route: RouteContext) =>
    run(plan, limits, request.signal, route, async (target, context) => {
      const tracker = track(target, context);
      try {
        const done = await chats.completeTarget(chat, target, { signal: request.signal, timeoutMs: context.timeoutMs });
        tracker.end(undefined, done.usage?.outputTokens);
        deps.rememberPrompt(target, chat, plan.promptTokens);
        return done;
      } catch (error) {
        tracker.end(error);
        throw error;
      }
    });

  return async (request: HttpRequest, route: RouteContext): Promise<HttpResponse> => {
    const { [ROUTING_EXTENSION_FIELD]: extension, ...chat } = parseChatRequest(request.body);
    const preferences = readRoutingPreferences(request.headers, extension);
    if (preferences.cascade && chat.stream === true) {
      throw invalidRequest('The cascade answers non-streaming requests only: drop stream or x-switchyard-cascade.', 'x-switchyard-cascade', 'invalid_value');
    }
    const limits = routeLimits(preferences, chat.stream === true, now(), config.upstreamTimeoutMs);
    const plan = router.plan({ request: chat, preferences, caller: route.caller });
    route.annotate({ candidates: plan.targets.length });

    if (chat.stream !== true) {
      const { result, cost, explanation } = preferences.cascade
        ? await cascade(chat, plan, preferences, limits, request, route)
        : await single(chat, plan, limits, request, route);
      const { served, completion, usage } = result.value;
      route.annotate({ usage, costUsd: cost });
      return jsonResponse(200, completion, {
        'x-switchyard-provider': served.provider,
        'x-switchyard-model': served.model,
        'x-switchyard-route': explanation,
        ...(cost === undefined ? {} : { 'x-switchyard-cost-usd': formatUsd(cost) }),
      });
    }

    const success = await withRouteHeader(plan, () =>
      run(plan, limits, request.signal, route, async (target, context) => {
        const tracker = track(target, context);
        try {
          const opened = await chats.openTarget(chat, target, { stream: true, signal: request.signal, timeoutMs: context.timeoutMs });
          const body = await openOpenAISse(opened.exchange.events(config.streamIdleTimeoutMs), opened.adapter.createStreamTranslator(opened.responseContext), {
            provider: opened.served.provider,
            includeUsage: chat.stream_options?.include_usage === true,
            modelName: opened.modelName,
            redact: deps.redact,
            onUnexpected: (error) => logger.error('Could not translate an upstream stream', { ...opened.served, error: error as Error }),
            onEnd: (summary) => {
              opened.exchange.close();
              tracker.end(summary.error, summary.usage?.outputTokens);
              const costUsd = summary.usage ? deps.costOf(target.id, summary.usage) : undefined;
              route.finish({ usage: summary.usage, error: summary.error, costUsd });
            },
          });
          tracker.firstByte();
          deps.rememberPrompt(target, chat, plan.promptTokens);
          return { opened, body };
        } catch (error) {
          tracker.end(error);
          throw error;
        }
      }),
    );
    const { served } = success.value.opened;
    return {
      status: 200,
      headers: {
        'x-switchyard-provider': served.provider,
        'x-switchyard-model': served.model,
        'x-switchyard-route': explainRoute({ plan, attempts: success.attempts, served: success.target.id }),
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
      },
      body: success.value.body,
    };
  };

  async function single(chat: ChatRequest, plan: RoutePlan, limits: RouteLimits, request: HttpRequest, route: RouteContext) {
    const result = await withRouteHeader(plan, () => complete(chat, plan, limits, request, route));
    const cost = result.value.usage ? deps.costOf(result.target.id, result.value.usage) : undefined;
    return { result, cost, explanation: explainRoute({ plan, attempts: result.attempts, served: result.target.id }) };
  }

  /**
   * The cheap group first, asked for log-probabilities where its provider returns them; the
   * strong model (the one requested, or the strong group for `switchyard/auto`) when the cheap
   * answer's confidence is under the threshold. Both calls are paid for, and both are counted.
   *
   * The cascade's groups are the gateway's, not the caller's: a key's policy never turns them into
   * a 403 for a model the caller did not ask for. A key that may use no member of the cheap group
   * gets the requested model served directly, the cascade skipped. For `switchyard/auto`, a key that
   * may use no member of the strong group escalates to the tier auto chose for the request (which it
   * may use, or the request would have been refused) when that tier is not the cheap group itself;
   * when it is, there is nothing stronger this key may use, and the cheap answer is kept.
   */
  async function cascade(chat: ChatRequest, requested: RoutePlan, preferences: RoutingPreferences, limits: RouteLimits, request: HttpRequest, route: RouteContext) {
    const settings = config.catalog.routing.cascade;
    const cheapRequest = { ...chat, model: `${GROUP_PREFIX}${settings.cheap}` };
    if (!router.allows(cheapRequest, route.caller)) {
      const direct = await single(chat, requested, limits, request, route);
      const cascade = `skipped: this key may use no member of ${cheapRequest.model}`;
      return { ...direct, explanation: explainRoute({ plan: requested, attempts: direct.result.attempts, served: direct.result.target.id, cascade }) };
    }
    const cheapPlan = router.plan({ request: cheapRequest, preferences, caller: route.caller });
    const clientAskedLogprobs = chat.logprobs === true;
    const cheap = await withRouteHeader(cheapPlan, () =>
      run(cheapPlan, limits, request.signal, route, async (target, context) => {
        const asked = !clientAskedLogprobs && LOGPROB_PROVIDERS.has(target.provider.id) ? { ...chat, logprobs: true } : chat;
        const tracker = track(target, context);
        try {
          const done = await chats.completeTarget(asked, target, { signal: request.signal, timeoutMs: context.timeoutMs });
          tracker.end(undefined, done.usage?.outputTokens);
          return done;
        } catch (error) {
          tracker.end(error);
          throw error;
        }
      }),
    );
    const cheapCost = cheap.value.usage ? deps.costOf(cheap.target.id, cheap.value.usage) : undefined;
    const confidence = cascadeConfidence(cheap.value.events);
    const accepted = confidence ? confidence.confidence >= settings.min_confidence : settings.without_logprobs === 'accept';
    const measured = confidence ? `confidence ${confidence.confidence.toFixed(2)}` : 'no logprobs';
    const keepCheap = (why: string) => {
      if (!clientAskedLogprobs) for (const choice of cheap.value.completion.choices) choice.logprobs = null;
      return { result: cheap, cost: cheapCost, explanation: explainRoute({ plan: cheapPlan, attempts: cheap.attempts, served: cheap.target.id, cascade: `${cheap.target.id} kept: ${why}` }) };
    };
    if (accepted) return keepCheap(`${measured} vs ${settings.min_confidence}`);

    let strongPlan = requested;
    let instead = '';
    if (chat.model === `${GROUP_PREFIX}auto`) {
      const strongRequest = { ...chat, model: `${GROUP_PREFIX}${settings.strong}` };
      if (router.allows(strongRequest, route.caller)) {
        strongPlan = router.plan({ request: strongRequest, preferences, caller: route.caller });
      } else {
        const unusable = `this key may use no member of ${strongRequest.model}`;
        if (requested.set.group === settings.cheap) return keepCheap(`${measured} < ${settings.min_confidence}, but ${unusable}`);
        instead = ` (${unusable}: ${GROUP_PREFIX}${requested.set.group} instead)`;
      }
    }
    const strong = await single(chat, strongPlan, limits, request, route);
    const attempts: AttemptRecord[] = [...cheap.attempts, ...strong.result.attempts];
    const cost = cheapCost === undefined || strong.cost === undefined ? undefined : cheapCost + strong.cost;
    return {
      result: strong.result,
      cost,
      explanation: explainRoute({
        plan: strongPlan,
        attempts,
        served: strong.result.target.id,
        cascade: `escalated from ${cheap.target.id}: ${measured} < ${settings.min_confidence}${instead}`,
      }),
    };
  }
}

/** A failed route's error, with the explanation of what was tried. */
async function withRouteHeader<T>(plan: RoutePlan, send: () => Promise<RouteSuccess<T>>): Promise<RouteSuccess<T>> {
  try {
    return await send();
  } catch (thrown) {
    if (!(thrown instanceof RouteFailure)) throw thrown;
    throw thrown.error.withHeaders({ 'x-switchyard-route': explainRoute({ plan, attempts: thrown.attempts }) });
  }
}

/** A plain decimal with up to 8 significant digits, never an exponent: `0.00042`. */
export function formatUsd(usd: number): string {
  if (usd <= 0) return '0';
  const decimals = Math.min(20, Math.max(0, 8 - Math.floor(Math.log10(usd)) - 1));
  return usd.toFixed(decimals).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}
