import type { FinishReason, UnifiedFinishReason } from '../../core/stream-event.ts';

const UNIFIED = new Map<string, UnifiedFinishReason>([
  ['end_turn', 'stop'],
  ['stop_sequence', 'stop'],
  ['max_tokens', 'length'],
  ['model_context_window_exceeded', 'length'],
  ['tool_use', 'tool_calls'],
  ['guardrail_intervened', 'content_filter'],
  ['content_filtered', 'content_filter'],
]);

/** Converse's `stopReason` in OpenAI's words; an unknown one reads as `stop`, its word kept; the stop sequence that matched goes with it where Converse said it. */
export function mapBedrockStopReason(reason: string | null | undefined, stopSequence?: string): FinishReason {
  const raw = reason ?? '';
  return { unified: UNIFIED.get(raw) ?? 'stop', raw, ...(stopSequence !== undefined && { stopSequence }) };
}
