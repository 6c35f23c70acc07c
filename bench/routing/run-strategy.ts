/**
 * One strategy through the whole run: requests start at their arrival times on a virtual clock and
 * go through the real executeRoute (injected clock, PRNG and sleep), each attempt answered by the
 * simulated targets. Every attempt's outcome is recorded as production's trackAttempt does (the
 * breaker's record at its end, a HealthSample into the health view), but with virtual times.
 * The flapping target's breaker is read after everything that can move it (an attempt's record,
 * a plan's assess), so its transitions are logged at the virtual time they happen.
 */
import type { Call } from '../../functions/core/call.ts';
import { classifyOutcome } from '../../functions/health/classify-outcome.ts';
import { CallError } from '../../functions/core/call-error.ts';
import type { BreakerState, BreakerView } from '../../functions/routing/circuit-breaker.ts';
import { decodeChatRequest } from '../../functions/ingress/openai-chat/decode.ts';
import { profileCall, type CallProfile } from '../../functions/routing/call-profile.ts';
import { inProviderTokens } from '../../functions/routing/estimate-prompt-tokens.ts';
import { executeRoute, RouteFailure, type AttemptRecord } from '../../functions/routing/execute-route.ts';
import { attemptTimeout, routeLimits } from '../../functions/routing/route-limits.ts';
import { DEFAULT_RETRY_SETTINGS } from '../../functions/routing/retry-policy.ts';
import type { RouteTarget } from '../../functions/routing/route-target.ts';
import { eligibleTargets } from './eligible-targets.ts';
import type { Environment } from './environment.ts';
import { createHealthView } from './health-view.ts';
import { mulberry32, seedOf } from './prng.ts';
import { buildRequest, type RequestSpec } from './request-mix.ts';
import { createSimulatedTargets, hangError } from './simulated-targets.ts';
import { createStrategy, type StrategyName } from './strategies.ts';
import { createVirtualClock } from './virtual-clock.ts';
import { EVENTS, RUN } from './world.ts';

export interface RequestOutcome {
  spec: RequestSpec;
  ok: boolean;
  /** From arrival to the first token (the whole answer when not streaming), ms. */
  firstTokenMs?: number;
  /** From arrival to the end of the answer, ms. */
  totalMs?: number;
  target?: string;
  costUsd: number;
  attempts: AttemptRecord[];
  /** The error's code when it failed. */
  error?: string;
}

/** A change of the flapping target's breaker state, at virtual epoch ms. */
export interface BreakerTransition {
  state: BreakerState;
  at: number;
  /** Why it opened. */
  reason?: string;
}

export interface StrategyRun {
  outcomes: RequestOutcome[];
  /** The flapping target's breaker (none for a strategy whose breakers never open). */
  breaker: BreakerTransition[];
  /** The ids of the requests the flapping target is an eligible candidate for, when asked. */
  couldServe: Set<number>;
}

export interface RunOptions {
  /** Note the requests the flapping target could serve (a candidate expansion each, on the request built anyway). */
  flapEligibility?: boolean;
}

interface Answer {
  firstTokenAt: number;
  endAt: number;
  inputTokens: number;
  outputTokens: number;
  startedAt: number;
}

export async function runStrategy(name: StrategyName, specs: readonly RequestSpec[], env: Environment, options: RunOptions = {}): Promise<StrategyRun> {
  const clock = createVirtualClock(RUN.start);
  const health = createHealthView(
    clock.now,
    env.expander.knownTargets().map((target) => target.id),
    env.config.maxFreeFormTargets,
  );
  const strategy = createStrategy(name, { env, health, now: clock.now });
  const world = createSimulatedTargets();
  const jitter = mulberry32(seedOf(RUN.seed, 'jitter', name));
  const signal = new AbortController().signal;
  const retry = { ...DEFAULT_RETRY_SETTINGS, attemptsPerTarget: env.config.resilience.attemptsPerTarget };
  const outcomes: RequestOutcome[] = [];
  const breaker: BreakerTransition[] = [];
  const couldServe = new Set<number>();
  let last: BreakerView = { state: 'closed' };
  const watchBreaker = () => {
    const view = strategy.breakers.view(EVENTS.flap.target);
    if (view.state === last.state && view.openedAt === last.openedAt) return;
    // An open breaker turns half-open when it is first read after its cooldown: that was at its `until`.
    if (last.state === 'open') breaker.push({ state: 'half_open', at: last.until! });
    if (view.state === 'open') breaker.push({ state: 'open', at: view.openedAt!, reason: view.reason ?? '' });
    else if (last.state !== 'open' || view.state === 'closed') breaker.push({ state: view.state, at: clock.now() });
    last = view;
  };

  /** Production's trackAttempt, on virtual time: the breaker first, then the sample. */
  const track = (target: string, startedAt: number, endAt: number, error: unknown, ttfbMs?: number, outputTokens = 0) => {
    const outcome = classifyOutcome(error);
    strategy.breakers.record(target, outcome === undefined ? undefined : outcome === 'ok' || outcome === '4xx');
    if (outcome !== undefined) health.observe({ target, outcome, ttfbMs, totalMs: endAt - startedAt, outputTokens, at: startedAt });
    watchBreaker();
  };

  const attempt = (spec: RequestSpec, call: Call, profile: CallProfile, tries: Map<string, number>) =>
    (target: RouteTarget, timeoutMs: number) =>
      new Promise<Answer>((resolve, reject) => {
        const startedAt = clock.now();
        const count = tries.get(target.id) ?? 0;
        tries.set(target.id, count + 1);
        const inputTokens = inProviderTokens(profile.prompt, target.provider.id, target.model);
        const result = world.call({
          requestId: spec.id,
          target: target.id,
          attempt: count,
          inputTokens,
          answerTokens: spec.answerTokens,
          maxOutputTokens: call.output.maxTokens,
          at: startedAt,
        });
        const timeOut = () => {
          const error = hangError(target.provider.id, timeoutMs);
          track(target.id, startedAt, clock.now(), error);
          reject(error);
        };
        if (result.kind === 'hang') return clock.at(startedAt + timeoutMs, timeOut);
        if (result.kind === 'error') {
          if (result.afterMs > timeoutMs) return clock.at(startedAt + timeoutMs, timeOut);
          return clock.at(startedAt + result.afterMs, () => {
            track(target.id, startedAt, clock.now(), result.error);
            reject(result.error);
          });
        }
        // The attempt ends when the answer starts: the first token of a stream, the whole body otherwise.
        const startsAfter = spec.stream ? result.ttftMs : result.totalMs;
        if (startsAfter > timeoutMs) return clock.at(startedAt + timeoutMs, timeOut);
        const answer: Answer = { firstTokenAt: startedAt + startsAfter, endAt: startedAt + result.totalMs, inputTokens, outputTokens: result.outputTokens, startedAt };
        clock.at(answer.firstTokenAt, () => resolve(answer));
        // Non-streaming calls report no first byte (as chat-completions.ts tracks them).
        clock.at(answer.endAt, () => track(target.id, startedAt, answer.endAt, undefined, spec.stream ? result.ttftMs : undefined, result.outputTokens));
      });

  const runRequest = async (spec: RequestSpec): Promise<void> => {
    const arrival = clock.now();
    const { preferences } = spec;
    // As the chat door does: the body decoded once, and the router's profile of it made once.
    const call = decodeChatRequest(buildRequest(spec), preferences);
    const profile = profileCall(call);
    if (options.flapEligibility && eligibleTargets(env, call, profile).some((target) => target.id === EVENTS.flap.target)) couldServe.add(spec.id);
    const limits = routeLimits(preferences, spec.stream, arrival, env.config.upstreamTimeoutMs);
    try {
      let targets: RouteTarget[];
      try {
        targets = strategy.route(call, profile);
      } finally {
        // Planning assesses the targets' health, which can open the breaker.
        watchBreaker();
      }
      const run = attempt(spec, call, profile, new Map());
      const success = await executeRoute({
        targets,
        breakers: strategy.breakers,
        deadline: limits.deadline,
        // The gateway's own limits; a strategy without health knows no target's p99.
        attemptTimeoutMs: attemptTimeout({ limits, promptTokens: profile.prompt.total, upstreamTimeoutMs: env.config.upstreamTimeoutMs, firstByteP99: strategy.firstByteP99 }),
        retry,
        signal,
        now: clock.now,
        random: jitter,
        sleep: (ms) => clock.sleep(ms),
        attempt: (target, context) => run(target, context.timeoutMs),
      });
      const answer = success.value;
      outcomes.push({
        spec,
        ok: true,
        firstTokenMs: answer.firstTokenAt - arrival,
        totalMs: answer.endAt - arrival,
        target: success.target.id,
        costUsd: env.bill(success.target.id, answer.startedAt, answer.inputTokens, answer.outputTokens),
        attempts: success.attempts,
      });
    } catch (thrown) {
      const error = thrown instanceof RouteFailure ? thrown.error : thrown;
      if (!(error instanceof CallError)) throw thrown;
      outcomes.push({ spec, ok: false, costUsd: 0, attempts: thrown instanceof RouteFailure ? thrown.attempts : [], error: error.code ?? String(error.status) });
    }
  };

  for (const spec of specs) clock.at(RUN.start + spec.offsetMs, () => void runRequest(spec));
  await clock.drain();
  if (outcomes.length !== specs.length) throw new Error(`${name}: ${specs.length - outcomes.length} requests never finished`);
  return { outcomes: outcomes.sort((a, b) => a.spec.id - b.spec.id), breaker, couldServe };
}
