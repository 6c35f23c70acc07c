import type { FinishReason, UnifiedFinishReason } from '../../core/stream-event.ts';

const UNIFIED: Readonly<Record<string, UnifiedFinishReason>> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
  content_filter: 'content_filter',
  // Seen from open-model hosts: end-of-sequence and "model length" spellings.
  eos: 'stop',
  model_length: 'length',
};

export const mapOpenAIFinishReason = (raw: string): FinishReason => ({ unified: UNIFIED[raw] ?? 'stop', raw });
