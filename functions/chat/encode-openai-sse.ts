/**
 * Unified events out as OpenAI's server-sent events, byte for byte the way OpenAI streams them:
 * the first delta of a choice carries `role`, a tool call's first fragment carries `id`, `type`
 * and `function.name`, finish reasons come last, then the usage chunk when the client asked for
 * it, then `[DONE]`.
 *
 * Finish reasons are held back until the provider's stream has really ended, so a stream cut
 * after the provider said "stop" still ends in an error event and never looks complete.
 */
import { GatewayError } from '../http/gateway-error.ts';
import type { FinishReason, StreamEvent, Usage } from './stream-event.ts';
import { toOpenAIUsage } from './to-openai-usage.ts';

export interface SseEncodeOptions {
  /** `stream_options.include_usage`. */
  includeUsage: boolean;
  /** The model name the client sees, e.g. `anthropic/claude-sonnet-4-5-20250929`. */
  modelName: (upstreamModel: string) => string;
  /** Called with the final usage and finish reasons once the stream ends, for the caller's records. */
  onEnd?: (summary: StreamSummary) => void;
}

export interface StreamSummary {
  usage: Usage | undefined;
  finishReasons: FinishReason[];
  error: GatewayError | undefined;
}

export const sseData = (payload: unknown): string => `data: ${JSON.stringify(payload)}\n\n`;
export const SSE_DONE = 'data: [DONE]\n\n';

export async function* encodeOpenAISse(
  events: AsyncIterable<StreamEvent>,
  options: SseEncodeOptions,
): AsyncGenerator<string> {
  let head: Record<string, unknown> | undefined;
  const opened = new Set<number>();
  const finishes = new Map<number, FinishReason>();
  let usage: Usage | undefined;
  let error: GatewayError | undefined;
  /** Tool calls (`choice:index`) that have had no argument fragment yet. */
  const callsWithoutArgs = new Map<string, { choice: number; index: number }>();

  const chunk = (choice: number, delta: Record<string, unknown>, extra?: Record<string, unknown>) => {
    if (!opened.has(choice)) {
      opened.add(choice);
      delta = { role: 'assistant', ...delta };
    }
    return sseData({
      ...head,
      choices: [{ index: choice, delta, logprobs: null, finish_reason: null, ...extra }],
      ...(options.includeUsage ? { usage: null } : {}),
    });
  };

  try {
    for await (const event of events) {
      switch (event.type) {
        case 'start':
          head = {
            id: event.id,
            object: 'chat.completion.chunk',
            created: event.created,
            model: options.modelName(event.model),
            ...(event.systemFingerprint ? { system_fingerprint: event.systemFingerprint } : {}),
            ...(event.serviceTier ? { service_tier: event.serviceTier } : {}),
          };
          yield chunk(0, { content: '' });
          break;
        case 'text':
          yield chunk(event.choice, { content: event.delta });
          break;
        case 'reasoning':
          yield chunk(event.choice, { reasoning_content: event.delta });
          break;
        case 'refusal':
          yield chunk(event.choice, { refusal: event.delta });
          break;
        case 'tool-call-start':
          callsWithoutArgs.set(`${event.choice}:${event.index}`, { choice: event.choice, index: event.index });
          yield chunk(event.choice, {
            tool_calls: [
              {
                index: event.index,
                id: event.id,
                type: 'function',
                function: { name: event.name, arguments: '' },
                ...(event.extra ? { extra_content: event.extra } : {}),
              },
            ],
          });
          break;
        case 'tool-call-args':
          callsWithoutArgs.delete(`${event.choice}:${event.index}`);
          yield chunk(event.choice, { tool_calls: [{ index: event.index, function: { arguments: event.delta } }] });
          break;
        case 'logprobs':
          yield chunk(event.choice, {}, { logprobs: { content: event.content } });
          break;
        case 'finish':
          finishes.set(event.choice, event.reason);
          break;
        case 'usage':
          usage = event.usage;
          break;
        case 'error':
          error = event.error;
          yield sseData(event.error.toJSON());
          return;
      }
    }
    // Clients parse tool arguments as JSON: a call the provider sent without any gets `{}`.
    for (const { choice, index } of callsWithoutArgs.values()) {
      yield chunk(choice, { tool_calls: [{ index, function: { arguments: '{}' } }] });
    }
    for (const [choice, reason] of finishes) yield chunk(choice, {}, { finish_reason: reason.unified });
    if (options.includeUsage && usage) {
      yield sseData({ ...head, choices: [], usage: toOpenAIUsage(usage) });
    }
    yield SSE_DONE;
  } catch (thrown) {
    error =
      thrown instanceof GatewayError
        ? thrown
        : new GatewayError({ status: 500, type: 'server_error', message: 'The gateway failed while streaming.', cause: thrown });
    yield sseData(error.toJSON());
  } finally {
    options.onEnd?.({ usage, finishReasons: [...finishes.values()], error });
  }
}
