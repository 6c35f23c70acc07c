/**
 * A finish reason as Anthropic's `stop_reason`. The provider's own word stands when it is one of
 * Anthropic's (a Claude target's `pause_turn` or `model_context_window_exceeded`, its
 * `stop_sequence`), so a Claude answer reads as Claude sent it; any other word is mapped from its
 * meaning.
 */
import type { FinishReason, UnifiedFinishReason } from '../../core/stream-event.ts';

export const ANTHROPIC_STOP_REASONS = [
  'end_turn',
  'max_tokens',
  'stop_sequence',
  'tool_use',
  'pause_turn',
  'refusal',
  'model_context_window_exceeded',
] as const;
export type AnthropicStopReason = (typeof ANTHROPIC_STOP_REASONS)[number];

const BY_MEANING: Record<UnifiedFinishReason, AnthropicStopReason> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
};

export const toAnthropicStopReason = (reason: FinishReason): AnthropicStopReason =>
  ANTHROPIC_STOP_REASONS.find((word) => word === reason.raw) ?? BY_MEANING[reason.unified];

/**
 * An answer's stop reason: `refusal` when it refused in words (Messages has no refusal block, so
 * the stop reason is what marks it); else its finish; with none reported, `tool_use` when it called
 * tools and `end_turn` when not.
 */
export function answerStopReason(answer: { finish: FinishReason | undefined; refused: boolean; calledTools: boolean }): AnthropicStopReason {
  if (answer.refused) return 'refusal';
  if (answer.finish) return toAnthropicStopReason(answer.finish);
  return answer.calledTools ? 'tool_use' : 'end_turn';
}
