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

/** Anthropic's `stop_reason` in OpenAI's words; an unknown one reads as `stop`, its word kept. */
export function mapAnthropicStopReason(reason: string | null | undefined): FinishReason {
  const raw = reason ?? '';
  return { unified: UNIFIED.get(raw) ?? 'stop', raw };
}
