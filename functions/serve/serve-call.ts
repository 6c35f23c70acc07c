/**
 * One call served, whatever door it came in by: plan the route (the cheapest target meeting the
 * caller's SLA), send it along the route with retries and failover until an answer starts, run the
 * cascade when asked, and count what happened (health samples, breakers, cost, usage, the prompt
 * cache). What comes back is neutral: a finished result or a stream of unified events, with the
 * gateway's own `x-switchyard-*` headers; each front door encodes it in its own dialect.
 */
import type { ChatService, CompletedChat, Served } from './chat-service.ts';
import type { Usage } from '../core/stream-event.ts';
import type { GatewayConfig } from '../config/load-config.ts';
import type { Call } from '../core/call.ts';
import { invalidRequest } from '../core/call-error.ts';
import type { CallResult } from '../core/collect-result.ts';
import { overrideCall } from '../core/override-call.ts';
import type { HealthSample } from '../health/health-sample.ts';
import type { RouteContext } from '../http/routes/route-context.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import type { CallProfile } from '../routing/call-profile.ts';
import type { Caller } from '../routing/caller.ts';
import { cascadeConfidence } from '../routing/cascade-confidence.ts';
import type { CircuitBreakers } from '../routing/circuit-breaker.ts';
import type { RoutePlan, Router } from '../routing/create-router.ts';
import type { RoutingEngine } from '../routing/routing-engine.ts';
import { executeRoute, RouteFailure, type AttemptContext, type AttemptRecord, type RouteSuccess } from '../routing/execute-route.ts';
import { GROUP_PREFIX } from '../routing/expand-candidates.ts';
import { explainRoute } from '../routing/explain-route.ts';
import { DEFAULT_RETRY_SETTINGS } from '../routing/retry-policy.ts';
import { attemptTimeout, routeLimits, type RouteLimits } from '../routing/route-limits.ts';
import type { RouteTarget } from '../routing/route-target.ts';
import { trackAttempt } from '../routing/track-attempt.ts';
import { formatUsd } from '../pricing/format-usd.ts';
import { openEventStream, type EventBatch } from './open-event-stream.ts';
import { translateForRecords } from './translate-for-records.ts';

export interface ServeCallDeps {
  config: GatewayConfig;
  chats: ChatService;
  logger: GatewayLogger;
  router: Router;
  breakers: CircuitBreakers;
  /** Counts a health sample (in this instance's matrix at once, in the table later). */
  recordSample: (sample: HealthSample) => void;
  /** Records what a served call left in its target's prompt cache. */
  rememberPrompt: (target: RouteTarget, profile: CallProfile) => void;
  /** The target's p99 time to first byte, when known. */
  firstByteP99: (target: string) => number | undefined;
  /** USD for the usage of a call that served, undefined without a price. */
  costOf: (target: string, usage: Usage) => number | undefined;
  /** Scrubs secrets from what goes out in a stream's error event. */
  redact: (text: string) => string;
  /** The clock the route's deadline, its waits before a retry and its health samples are on (tests move it). */
  now?: () => number;
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface ServeContext {
  signal: AbortSignal;
  /**
   * The door takes the provider's answer as it was sent when the target speaks the call's own
   * dialect (ServedCall.native): the Messages door to Anthropic, the Responses door to OpenAI, the
   * chat door's streams to OpenAI. Events still come, for the records.
   */
  passThrough?: boolean;
  /** The request log's context for this request; its caller owns the call. */
  route: RouteContext;
  /**
   * Targets chosen already, served in this order rather than the router's: the jobs worker's path
   * planner picks a job's target by price and deadline. The router still reads the call's profile
   * and explains the route, and every attempt counts as any other (retries, breakers, health).
   */
  along?: readonly RouteTarget[];
}

interface ServedCommon {
  served: Served;
  /** The model name the client sees: `provider/<the model the provider says answered>`. */
  modelName: (upstreamModel: string) => string;
  /** `x-switchyard-provider`, `-model`, `-route`, and for a finished answer `-cost-usd`. */
  headers: Record<string, string>;
  /** The answer is the provider's own, in the call's dialect (asked for with ServeContext.passThrough). */
  native: boolean;
}
export interface ServedResult extends ServedCommon {
  stream: false;
  result: CallResult;
  /** The provider's response body as it sent it, when `native`. */
  body?: unknown;
}
export interface ServedStream extends ServedCommon {
  stream: true;
  /** The answer's events, by batch (with the provider's messages when `native`); a failure is the last batch's error event, never a throw. */
  events: AsyncGenerator<EventBatch>;
}
export type ServedCall = ServedResult | ServedStream;

export type ServeCall = (call: Call, context: ServeContext) => Promise<ServedCall>;

/** What serving takes from the decision engine, the same for the gateway and the jobs worker. */
export const engineServeDeps = (engine: RoutingEngine): Pick<ServeCallDeps, 'router' | 'breakers' | 'recordSample' | 'rememberPrompt' | 'firstByteP99' | 'costOf'> => ({
  router: engine.router,
  breakers: engine.breakers,
  recordSample: engine.recordSample,
  rememberPrompt: engine.rememberPrompt,
  firstByteP99: (target) => engine.firstByteP99(target),
  costOf: engine.costOf,
});

export function createServeCall(deps: ServeCallDeps): ServeCall {
  const { config, chats, logger, router, breakers } = deps;
  const now = deps.now ?? Date.now;

  /** The cascade plans the call under its groups' names with the profile of the requested plan. */
  const plan = (call: Call, caller: Caller, profile?: CallProfile) => router.plan({ call, profile, caller });
  const allows = (call: Call, caller: Caller, profile: CallProfile) => router.allows({ call, profile, caller });

  const run = <T>(plan: RoutePlan, limits: RouteLimits, signal: AbortSignal, route: RouteContext, attempt: (target: RouteTarget, context: AttemptContext) => Promise<T>) =>
    executeRoute({
      targets: plan.targets,
      breakers,
      deadline: limits.deadline,
      attemptTimeoutMs: attemptTimeout({ limits, promptTokens: plan.profile.prompt.total, upstreamTimeoutMs: config.upstreamTimeoutMs, firstByteP99: deps.firstByteP99 }),
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

  /** One non-streaming attempt, measured; `remember` records the prompt it left in the target's cache. */
  const completeOnce = async (call: Call, target: RouteTarget, context: AttemptContext, signal: AbortSignal, remember?: CallProfile): Promise<CompletedChat> => {
    const tracker = track(target, context);
    try {
      const done = await chats.completeTarget(call, target, { signal, timeoutMs: context.timeoutMs });
      tracker.end(undefined, done.usage?.outputTokens);
      if (remember !== undefined) deps.rememberPrompt(target, remember);
      return done;
    } catch (error) {
      tracker.end(error);
      throw error;
    }
  };

  const single = async (call: Call, plan: RoutePlan, limits: RouteLimits, context: ServeContext) => {
    const result = await withRouteHeader(plan, () => run(plan, limits, context.signal, context.route, (target, attempt) => completeOnce(call, target, attempt, context.signal, plan.profile)));
    const cost = result.value.usage ? deps.costOf(result.target.id, result.value.usage) : undefined;
    return { result, cost, explanation: explainRoute({ plan, attempts: result.attempts, served: result.target.id, notes: result.value.notes }) };
  };

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
  const cascade = async (call: Call, requested: RoutePlan, limits: RouteLimits, context: ServeContext) => {
    const settings = config.catalog.routing.cascade;
    const caller = context.route.caller;
    const cheapCall = { ...call, model: `${GROUP_PREFIX}${settings.cheap}` };
    if (!allows(cheapCall, caller, requested.profile)) {
      const direct = await single(call, requested, limits, context);
      const skipped = `skipped: this key may use no member of ${cheapCall.model}`;
      return { ...direct, explanation: explainRoute({ plan: requested, attempts: direct.result.attempts, served: direct.result.target.id, cascade: skipped, notes: direct.result.value.notes }) };
    }
    const cheapPlan = plan(cheapCall, caller, requested.profile);
    const clientAskedLogprobs = call.output.logprobs !== undefined;
    const cheap = await withRouteHeader(cheapPlan, () =>
      run(cheapPlan, limits, context.signal, context.route, (target, attempt) => {
        const asked = !clientAskedLogprobs && target.provider.logprobs ? overrideCall(cheapCall, { logprobs: true }) : cheapCall;
        return completeOnce(asked, target, attempt, context.signal);
      }),
    );
    const cheapCost = cheap.value.usage ? deps.costOf(cheap.target.id, cheap.value.usage) : undefined;
    const confidence = cascadeConfidence(cheap.value.events);
    const accepted = confidence ? confidence.confidence >= settings.min_confidence : settings.without_logprobs === 'accept';
    const measured = confidence ? `confidence ${confidence.confidence.toFixed(2)}` : 'no logprobs';
    const keepCheap = (why: string) => {
      if (!clientAskedLogprobs) for (const choice of cheap.value.result.choices) choice.logprobs = null;
      const explanation = explainRoute({ plan: cheapPlan, attempts: cheap.attempts, served: cheap.target.id, cascade: `${cheap.target.id} kept: ${why}`, notes: cheap.value.notes });
      return { result: cheap, cost: cheapCost, explanation };
    };
    if (accepted) return keepCheap(`${measured} vs ${settings.min_confidence}`);

    let strongPlan = requested;
    let instead = '';
    if (call.model === `${GROUP_PREFIX}auto`) {
      const strongCall = { ...call, model: `${GROUP_PREFIX}${settings.strong}` };
      if (allows(strongCall, caller, requested.profile)) {
        strongPlan = plan(strongCall, caller, requested.profile);
      } else {
        const unusable = `this key may use no member of ${strongCall.model}`;
        if (requested.set.group === settings.cheap) return keepCheap(`${measured} < ${settings.min_confidence}, but ${unusable}`);
        instead = ` (${unusable}: ${GROUP_PREFIX}${requested.set.group} instead)`;
      }
    }
    const strong = await single(call, strongPlan, limits, context);
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
        notes: strong.result.value.notes,
      }),
    };
  };

  const stream = async (call: Call, plan: RoutePlan, limits: RouteLimits, { signal, route, passThrough }: ServeContext): Promise<ServedStream> => {
    const success = await withRouteHeader(plan, () =>
      run(plan, limits, signal, route, async (target, context) => {
        const tracker = track(target, context);
        try {
          const opened = await chats.openTarget(call, target, { stream: true, signal, timeoutMs: context.timeoutMs });
          const native = passThrough === true && opened.native;
          const translator = native ? translateForRecords(opened.adapter, opened.responseContext) : opened.adapter.createStreamTranslator(opened.responseContext);
          const beginsAnswer = native ? opened.adapter.beginsAnswer : undefined;
          const events = await openEventStream(opened.exchange.events(config.streamIdleTimeoutMs), translator, {
            provider: opened.served.provider,
            redact: deps.redact,
            keepMessages: native,
            ...(beginsAnswer && { beginsAnswer: (message) => beginsAnswer(message, opened.responseContext) }),
            onUnexpected: (error) => logger.error('Could not translate an upstream stream', { ...opened.served, error: error as Error }),
            onEnd: (summary) => {
              opened.exchange.close();
              tracker.end(summary.error, summary.usage?.outputTokens);
              const costUsd = summary.usage ? deps.costOf(target.id, summary.usage) : undefined;
              route.finish({ usage: summary.usage, error: summary.error, costUsd });
            },
          });
          tracker.firstByte();
          deps.rememberPrompt(target, plan.profile);
          return { opened, events, native };
        } catch (error) {
          tracker.end(error);
          throw error;
        }
      }),
    );
    const { opened, events, native } = success.value;
    return {
      stream: true,
      native,
      served: opened.served,
      modelName: opened.modelName,
      events,
      headers: servedHeaders(opened.served, explainRoute({ plan, attempts: success.attempts, served: success.target.id, notes: opened.notes })),
    };
  };

  return async (call, context) => {
    if (call.preferences.cascade && call.stream) {
      throw invalidRequest('The cascade answers non-streaming requests only: drop stream or x-switchyard-cascade.', 'x-switchyard-cascade', 'invalid_value');
    }
    const limits = routeLimits(call.preferences, call.stream, now(), config.upstreamTimeoutMs);
    const planned = plan(call, context.route.caller);
    const requested = context.along ? { ...planned, targets: [...context.along] } : planned;
    context.route.annotate({ candidates: requested.targets.length });
    if (call.stream) return stream(call, requested, limits, context);

    const { result, cost, explanation } = call.preferences.cascade ? await cascade(call, requested, limits, context) : await single(call, requested, limits, context);
    const { served, usage, modelName, body, native } = result.value;
    context.route.annotate({ usage, costUsd: cost });
    return {
      stream: false,
      native: context.passThrough === true && native,
      ...(context.passThrough === true && native && { body }),
      served,
      modelName,
      result: result.value.result,
      headers: { ...servedHeaders(served, explanation), ...(cost === undefined ? {} : { 'x-switchyard-cost-usd': formatUsd(cost) }) },
    };
  };
}

const servedHeaders = (served: Served, explanation: string): Record<string, string> => ({
  'x-switchyard-provider': served.provider,
  'x-switchyard-model': served.model,
  'x-switchyard-route': explanation,
});

/** A failed route's error, with the explanation of what was tried. */
async function withRouteHeader<T>(plan: RoutePlan, send: () => Promise<RouteSuccess<T>>): Promise<RouteSuccess<T>> {
  try {
    return await send();
  } catch (thrown) {
    if (!(thrown instanceof RouteFailure)) throw thrown;
    throw thrown.error.withHeaders({ 'x-switchyard-route': explainRoute({ plan, attempts: thrown.attempts }) });
  }
}
