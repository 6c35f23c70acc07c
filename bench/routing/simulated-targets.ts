/**
 * What one call to a simulated target does: when its answer starts, when it ends, how many tokens
 * it produces — or how it fails. A call's luck is drawn from a PRNG keyed by (request, target,
 * attempt), so the same request at the same target meets the same luck under every strategy.
 * Rate limits are counted per run (each strategy sees its own traffic's limits).
 */
import { upstreamStatusError, upstreamTimeout, upstreamUnreachable } from '../../functions/providers/upstream/upstream-errors.ts';
import type { CallError } from '../../functions/core/call-error.ts';
import { keyedRandom, lognormal } from './prng.ts';
import { EVENTS, RUN, TARGETS } from './world.ts';

export interface CallInput {
  requestId: number;
  target: string;
  /** Attempts already made at this target for this request. */
  attempt: number;
  /** Input tokens in the target's own tokenizer. */
  inputTokens: number;
  /** The visible answer the request calls for, before the client's limit. */
  answerTokens: number;
  maxOutputTokens: number | undefined;
  /** Virtual epoch ms. */
  at: number;
}

export type CallResult =
  | { kind: 'ok'; ttftMs: number; totalMs: number; outputTokens: number; reasoningTokens: number }
  | { kind: 'error'; afterMs: number; error: CallError }
  /** No answer at all: the gateway's attempt timeout ends it. */
  | { kind: 'hang' };

export interface SimulatedTargets {
  call(input: CallInput): CallResult;
}

export function createSimulatedTargets(): SimulatedTargets {
  /** Requests and input tokens per target per minute, for the account's limits. */
  const usage = new Map<string, { minute: number; requests: number; tokens: number }>();

  return {
    call(input) {
      const { target, at } = input;
      const model = TARGETS[target];
      const provider = target.slice(0, target.indexOf('/'));
      if (!model) throw new Error(`no simulated model for ${target}`);
      const random = keyedRandom(RUN.seed, input.requestId, target, input.attempt);
      const offset = at - RUN.start;

      const { flap, outage } = EVENTS;
      if (target === flap.target && offset >= flap.from && offset < flap.until) {
        return { kind: 'error', afterMs: 30 + random() * 120, error: upstreamStatusError(provider, 500, { message: 'Internal Server Error' }, null) };
      }

      if (provider === outage.provider && offset >= outage.from && offset < outage.until) {
        if (offset < outage.from + outage.hangMs) return { kind: 'hang' };
        const error = random() < 0.5 ? upstreamStatusError(provider, 503, { message: 'Service Unavailable' }, null) : upstreamUnreachable(provider, refused());
        return { kind: 'error', afterMs: 30 + random() * 120, error };
      }

      const minute = Math.floor(at / 60_000);
      let counter = usage.get(target);
      if (!counter || counter.minute !== minute) {
        counter = { minute, requests: 0, tokens: 0 };
        usage.set(target, counter);
      }
      const overLimit = counter.requests + 1 > model.requestsPerMinute || counter.tokens + input.inputTokens > model.inputTokensPerMinute;
      if (overLimit || random() < model.spuriousRateLimit) {
        const retryAfter = overLimit ? Math.max(1, Math.ceil(((minute + 1) * 60_000 - at) / 1000)) : 1;
        return { kind: 'error', afterMs: 40 + random() * 80, error: upstreamStatusError(provider, 429, { message: 'Rate limit reached' }, String(retryAfter)) };
      }
      counter.requests += 1;
      counter.tokens += input.inputTokens;

      if (random() < model.errorRate) {
        // Overloaded answers come fast; internal errors after some work.
        const status = random() < 0.6 ? 503 : 500;
        return { kind: 'error', afterMs: status === 503 ? 80 + random() * 300 : lognormal(random, 2_000, 8_000), error: upstreamStatusError(provider, status, { message: 'upstream failure' }, null) };
      }

      const speed = model.tokensPerSecond * lognormal(random, 1, 1.4);
      const reasoningTokens = model.reasoningTokens > 0 ? Math.round(lognormal(random, model.reasoningTokens, model.reasoningTokens * 3)) : 0;
      const limit = input.maxOutputTokens ?? Infinity;
      const visible = Math.max(1, Math.min(input.answerTokens, limit - reasoningTokens));
      const outputTokens = Math.min(limit, visible + reasoningTokens);
      const ttftMs = lognormal(random, model.ttftMedianMs, model.ttftP95Ms) + (input.inputTokens / model.prefillTokensPerSecond) * 1000 + (reasoningTokens / speed) * 1000;
      const totalMs = ttftMs + (visible / speed) * 1000;
      return { kind: 'ok', ttftMs, totalMs, outputTokens, reasoningTokens };
    },
  };
}

const refused = () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

export const hangError = (provider: string, afterMs: number): CallError => upstreamTimeout(provider, afterMs, 'response');
