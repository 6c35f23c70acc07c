/**
 * Gemini's finish reason in OpenAI's vocabulary. Gemini says STOP after a function call too, so
 * whether the candidate called a function decides between `stop` and `tool_calls`.
 */
import type { FinishReason, UnifiedFinishReason } from '../../core/stream-event.ts';
import type { GeminiFinishReason } from './gemini-api-types.ts';

/** Output withheld by a filter: safety, copyright recitation, blocklists, PII, unsupported language. */
const CONTENT_FILTER = new Set<GeminiFinishReason>([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'LANGUAGE',
  'IMAGE_SAFETY',
  'IMAGE_PROHIBITED_CONTENT',
  'IMAGE_RECITATION',
  'MODEL_ARMOR',
]);

export function mapGeminiFinishReason(raw: GeminiFinishReason | undefined, calledFunction: boolean): FinishReason {
  const reason = raw ?? 'FINISH_REASON_UNSPECIFIED';
  let unified: UnifiedFinishReason;
  if (reason === 'MAX_TOKENS') unified = 'length';
  else if (CONTENT_FILTER.has(reason)) unified = 'content_filter';
  // No reason given (only possible in a malformed body) ends the turn like STOP.
  else if ((reason === 'STOP' || reason === 'FINISH_REASON_UNSPECIFIED') && calledFunction) unified = 'tool_calls';
  // MALFORMED_FUNCTION_CALL, UNEXPECTED_TOOL_CALL, OTHER...: OpenAI has no word for them; `raw` keeps it.
  else unified = 'stop';
  return { unified, raw: reason };
}
