import type { Usage } from '../../core/stream-event.ts';
import type { ResponsesUsage } from './responses-api-types.ts';

/** A Responses usage: input and output tokens, the cached share of the input, the reasoning share of the output. */
export function mapResponsesUsage(usage: ResponsesUsage): Usage {
  const cached = usage.input_tokens_details?.cached_tokens;
  const reasoning = usage.output_tokens_details?.reasoning_tokens;
  return {
    inputTokens: usage.input_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    ...(cached == null ? {} : { cachedInputTokens: cached }),
    ...(reasoning == null ? {} : { reasoningTokens: reasoning }),
  };
}
