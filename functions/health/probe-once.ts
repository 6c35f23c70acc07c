/**
 * One probe of every target, concurrently: a minimal streaming chat request each, timed to the
 * first batch of server-sent events and to the end, classified by how it ended (an error before
 * the answer, an error reported in the stream, a stream cut short, a deadline). Never throws:
 * every target yields a sample, except when the caller aborts the run or the probe failed inside
 * the gateway (neither says anything about the provider).
 */
import type { ChatRequest } from '../ingress/openai-chat/chat-request-schema.ts';
import type { ChatService } from '../serve/chat-service.ts';
import type { StreamEvent } from '../core/stream-event.ts';
import { CallError } from '../core/call-error.ts';
import { decodeChatRequest } from '../ingress/openai-chat/decode.ts';
import { DEFAULT_ROUTING_PREFERENCES } from '../routing/routing-preferences.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import { upstreamBadResponse, upstreamTimeout } from '../providers/upstream/upstream-errors.ts';
import { classifyOutcome } from './classify-outcome.ts';
import type { HealthSample } from './health-sample.ts';
import type { ProbeTarget } from './probe-targets.ts';

export interface ProbeOnceDeps {
  chats: ChatService;
  logger: GatewayLogger;
  /** The longest one target's probe may take, from sending to the end of the answer. */
  timeoutMs: number;
  /** Aborts the run (shutdown): targets still in flight yield no sample. */
  signal?: AbortSignal;
}

/** What a probe says unless its target has a prompt of its own. */
export const DEFAULT_PROBE_PROMPT = 'ping';

/** A probe's sample, with the status and code of its failure (for the target's last-probe item). */
export interface ProbeSample extends HealthSample {
  status?: number | undefined;
  code?: string | undefined;
}

/** The smallest request that still streams an answer: a few output tokens at most. */
export const probeRequest = (model: string, prompt = DEFAULT_PROBE_PROMPT): ChatRequest => ({
  model,
  messages: [{ role: 'user', content: prompt }],
  max_completion_tokens: 16,
  stream: true,
});

export async function probeOnce(targets: readonly ProbeTarget[], deps: ProbeOnceDeps): Promise<ProbeSample[]> {
  const samples = await Promise.all(targets.map((target) => probeTarget(target, deps)));
  return samples.filter((sample): sample is ProbeSample => sample !== undefined);
}

async function probeTarget({ name, target, prompt }: ProbeTarget, deps: ProbeOnceDeps): Promise<ProbeSample | undefined> {
  const at = Date.now();
  const started = performance.now();
  const controller = new AbortController();
  let deadlinePassed = false;
  const deadline = setTimeout(() => {
    deadlinePassed = true;
    controller.abort(new Error('probe deadline'));
  }, deps.timeoutMs);
  const onRunAbort = () => controller.abort(deps.signal?.reason);
  deps.signal?.addEventListener('abort', onRunAbort, { once: true });

  let ttfbMs: number | undefined;
  let outputTokens = 0;
  let error: unknown;
  let close: (() => void) | undefined;
  const take = (events: StreamEvent[]) => {
    for (const event of events) {
      if (event.type === 'usage') outputTokens = event.usage.outputTokens;
      if (event.type === 'error') {
        error = event.error;
        return false;
      }
    }
    return true;
  };
  const provider = target.slice(0, target.indexOf('/'));
  /** An answer the adapter cannot translate is the provider's (it did not answer as documented). */
  const translate = (read: () => StreamEvent[]): StreamEvent[] => {
    try {
      return read();
    } catch (thrown) {
      deps.logger.error('probe: could not translate the answer', { target, error: thrown as Error });
      return [{ type: 'error', error: upstreamBadResponse(provider, 'its answer could not be read') }];
    }
  };
  try {
    if (deps.signal?.aborted) return undefined;
    const opened = await deps.chats.open(decodeChatRequest(probeRequest(name, prompt), DEFAULT_ROUTING_PREFERENCES), { stream: true, signal: controller.signal });
    close = () => opened.exchange.close();
    const translator = opened.adapter.createStreamTranslator(opened.responseContext);
    let open = true;
    for await (const batch of opened.exchange.events(deps.timeoutMs)) {
      ttfbMs ??= performance.now() - started;
      for (const message of batch) {
        open = take(translate(() => translator.push(message)));
        if (!open) break;
      }
      if (!open) break;
    }
    if (open) take(translate(() => translator.end()));
  } catch (thrown) {
    // Anything but a CallError failed inside the gateway: logged, and no sample (classify-outcome.ts).
    error = thrown;
    if (!(thrown instanceof CallError)) deps.logger.error('probe: failed inside the gateway', { target, error: thrown as Error });
  } finally {
    clearTimeout(deadline);
    deps.signal?.removeEventListener('abort', onRunAbort);
    close?.();
  }

  if (deps.signal?.aborted) return undefined;
  if (deadlinePassed) error = upstreamTimeout(provider, deps.timeoutMs, 'response');
  const outcome = classifyOutcome(error);
  if (outcome === undefined) return undefined;
  const totalMs = performance.now() - started;
  const failure = error instanceof CallError ? { status: error.status, ...(error.code === null ? {} : { code: error.code }) } : {};
  deps.logger.info(`probe ${target}: ${outcome}`, { target, outcome, ttfbMs: round(ttfbMs), totalMs: round(totalMs), outputTokens, ...failure });
  return { target, outcome, ttfbMs, totalMs, outputTokens, at, ...failure };
}

const round = (ms: number | undefined) => (ms === undefined ? undefined : Math.round(ms));
