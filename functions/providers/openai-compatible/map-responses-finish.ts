import type { FinishReason } from '../../core/stream-event.ts';
import type { ResponsesResponse } from './responses-api-types.ts';

/**
 * How a finished response ended, in the unified words: `completed` is a stop, or tool calls when
 * it called a function; `incomplete` says why in `incomplete_details.reason`, a content filter or
 * else an answer cut short (`max_output_tokens`; xAI's `max_prompt_tokens`, `max_time_limit`).
 */
export function mapResponsesFinish(response: ResponsesResponse, calledFunction: boolean): FinishReason {
  if (response.status === 'incomplete') {
    const raw = response.incomplete_details?.reason ?? 'incomplete';
    return { unified: raw === 'content_filter' ? 'content_filter' : 'length', raw };
  }
  return { unified: calledFunction ? 'tool_calls' : 'stop', raw: response.status ?? 'completed' };
}
