/**
 * Unified events out as OpenAI's server-sent events, byte for byte the way OpenAI streams them:
 * the first delta of a choice carries `role`, a tool call's first fragment carries `id`, `type`
 * and `function.name`, finish reasons come last, then the usage chunk when the client asked for
 * it, then `[DONE]`.
 *
 * Finish reasons are held back until the provider's stream has really ended, so a stream cut
 * after the provider said "stop" still ends in an error event and never looks complete.
 */
import type { CallError } from '../../core/call-error.ts';
import type { StreamEncoder } from '../encode-batches.ts';
import { toOpenAIErrorBody } from './render-error.ts';
import type { FinishReason, Usage } from '../../core/stream-event.ts';
import { toOpenAIUsage } from './to-openai-usage.ts';

export interface SseEncodeOptions {
  /** `stream_options.include_usage`. */
  includeUsage: boolean;
  /** The model name the client sees, e.g. `anthropic/claude-sonnet-4-5-20250929`. */
  modelName: (upstreamModel: string) => string;
}

export const sseData = (payload: unknown): string => `data: ${JSON.stringify(payload)}\n\n`;
export const SSE_DONE = 'data: [DONE]\n\n';

/** The frame a stream that failed ends with, as OpenAI ends one: `data: {"error": {...}}`. */
export const openAIErrorFrame = (error: CallError): string => sseData(toOpenAIErrorBody(error));

export function createOpenAISseEncoder(options: SseEncodeOptions): StreamEncoder {
  /** The fields every chunk repeats, serialized once: `{"id":…,"model":…,` without the brace. */
  let head = '{';
  const usageField = options.includeUsage ? ',"usage":null' : '';
  const opened = new Set<number>();
  const finishes = new Map<number, FinishReason>();
  /** Tool calls (`choice:index`) that have had no argument fragment yet. */
  const callsWithoutArgs = new Map<string, { choice: number; index: number }>();
  let usage: Usage | undefined;
  let error: CallError | undefined;

  /**
   * One chunk's frame, built as text from its parts already in JSON (`delta`, `logprobs`,
   * `finishReason`): a stream makes one for every token, and serializing objects for each cost
   * more than the rest of the encoding. The text is what JSON.stringify made of the same object.
   */
  const chunk = (choice: number, delta: string, logprobs = 'null', finishReason = 'null') => {
    if (!opened.has(choice)) {
      opened.add(choice);
      delta = delta === '{}' ? '{"role":"assistant"}' : `{"role":"assistant",${delta.slice(1)}`;
    }
    return `data: ${head}"choices":[{"index":${choice},"delta":${delta},"logprobs":${logprobs},"finish_reason":${finishReason}}]${usageField}}\n\n`;
  };
  const errorFrame = (failure: CallError) => {
    // Serving redacted what came from the provider; the encoder's own failures name no secret.
    error = failure;
    return openAIErrorFrame(error);
  };

  return {
    encode(event) {
      if (error) return '';
      switch (event.type) {
        case 'start': {
          const fields = {
            id: event.id,
            object: 'chat.completion.chunk',
            created: event.created,
            model: options.modelName(event.model),
            ...(event.systemFingerprint ? { system_fingerprint: event.systemFingerprint } : {}),
            ...(event.serviceTier ? { service_tier: event.serviceTier } : {}),
          };
          head = `${JSON.stringify(fields).slice(0, -1)},`;
          return chunk(0, '{"content":""}');
        }
        case 'text':
          return chunk(event.choice, `{"content":${JSON.stringify(event.delta)}}`);
        case 'reasoning':
          return chunk(event.choice, `{"reasoning_content":${JSON.stringify(event.delta)}}`);
        case 'refusal':
          return chunk(event.choice, `{"refusal":${JSON.stringify(event.delta)}}`);
        // Chat Completions has no field for them: an OpenAI client could not send them back.
        case 'reasoning-signature':
        case 'redacted-reasoning':
          return '';
        case 'tool-call-start':
          callsWithoutArgs.set(`${event.choice}:${event.index}`, { choice: event.choice, index: event.index });
          return chunk(
            event.choice,
            JSON.stringify({
              tool_calls: [
                {
                  index: event.index,
                  id: event.id,
                  type: 'function',
                  function: { name: event.name, arguments: '' },
                  ...(event.extra ? { extra_content: event.extra } : {}),
                },
              ],
            }),
          );
        case 'tool-call-args':
          callsWithoutArgs.delete(`${event.choice}:${event.index}`);
          return chunk(event.choice, JSON.stringify({ tool_calls: [{ index: event.index, function: { arguments: event.delta } }] }));
        case 'logprobs':
          return chunk(event.choice, '{}', JSON.stringify({ content: event.content }));
        case 'finish':
          finishes.set(event.choice, event.reason);
          return '';
        case 'usage':
          usage = event.usage;
          return '';
        case 'error':
          return errorFrame(event.error);
      }
    },

    finish() {
      if (error) return '';
      let frames = '';
      // Clients parse tool arguments as JSON: a call the provider sent without any gets `{}`.
      for (const { choice, index } of callsWithoutArgs.values()) {
        frames += chunk(choice, JSON.stringify({ tool_calls: [{ index, function: { arguments: '{}' } }] }));
      }
      for (const [choice, reason] of finishes) frames += chunk(choice, '{}', 'null', JSON.stringify(reason.unified));
      if (options.includeUsage && usage) {
        frames += `data: ${head}"choices":[],"usage":${JSON.stringify(toOpenAIUsage(usage))}}\n\n`;
      }
      return frames + SSE_DONE;
    },


    get failed() {
      return error !== undefined;
    },
  };
}
