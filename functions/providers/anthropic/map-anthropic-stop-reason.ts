import type { FinishReason, UnifiedFinishReason } from '../../core/stream-event.ts';

const UNIFIED = new Map<string, UnifiedFinishReason>([
  ['end_turn', 'stop'],
  ['stop_sequence', 'stop'],
  // Anthropic paused a long server-tool turn: what came so far stands, and sending it back resumes.
  ['pause_turn', 'stop'],
  ['max_tokens', 'length'],
  ['model_context_window_exceeded', 'length'],
  ['tool_use', 'tool_calls'],
  ['refusal', 'content_filter'],
]);

/**
 * Anthropic's `stop_reason` in OpenAI's words; an unknown one reads as `stop`, its word kept. The
 * `stop_sequence` that matched, when one did, goes with it.
 */
export function mapAnthropicStopReason(reason: string | null | undefined, stopSequence?: string): FinishReason {
  const raw = reason ?? '';
  return { unified: UNIFIED.get(raw) ?? 'stop', raw, ...(stopSequence !== undefined && { stopSequence }) };
}
