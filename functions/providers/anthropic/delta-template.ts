/**
 * Anthropic's content_block_delta events read from a template of the one before: a block streams
 * as a run of deltas that differ in their text (`text`, `thinking` or `partial_json`) alone, each
 * parsed whole otherwise (core/string-slot-template.ts). A delta read so is the very event
 * readStreamEvent would give for it, so the translator treats it as any other.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import { learnStringSlots, readStringSlots, type StringSlotTemplate } from '../../core/string-slot-template.ts';
import type { AnthropicDelta, AnthropicStreamEvent } from './anthropic-api-types.ts';

/** The field each delta type streams its text in. */
const STREAMED_FIELD = { text_delta: 'text', thinking_delta: 'thinking', input_json_delta: 'partial_json' } as const;
type StreamedDelta = keyof typeof STREAMED_FIELD;

export interface DeltaTemplate {
  readonly template: StringSlotTemplate;
  /** The SSE event name of the delta it was learned from, which readStreamEvent reads too. */
  readonly eventName: string | undefined;
  readonly index: number;
  readonly type: StreamedDelta;
}

const isStreamed = (type: string): type is StreamedDelta => Object.hasOwn(STREAMED_FIELD, type);

/** The template of a delta event just parsed whole (`parsed`, read as `event`), when it streams text of a block. */
export function learnDeltaTemplate(message: EventSourceMessage, parsed: unknown, event: AnthropicStreamEvent): DeltaTemplate | undefined {
  if (event.type !== 'content_block_delta' || !event.delta || !isStreamed(event.delta.type)) return undefined;
  const { index } = event;
  const type = event.delta.type;
  const field = STREAMED_FIELD[type];
  // Where readStreamEvent reads the text from (read-anthropic-wire.ts).
  const template = learnStringSlots(message.data, parsed, { [field]: (data: unknown) => (data as { delta?: Record<string, unknown> }).delta?.[field] });
  return template && { template, eventName: message.event, index, type };
}

/** The delta event of a message that is the template's with another text; undefined for any other. */
export function readDeltaFromTemplate(message: EventSourceMessage, delta: DeltaTemplate): AnthropicStreamEvent | undefined {
  if (message.event !== delta.eventName) return undefined;
  const text = readStringSlots(message.data, delta.template)?.[0];
  if (text === undefined) return undefined;
  return { type: 'content_block_delta', index: delta.index, delta: { type: delta.type, [STREAMED_FIELD[delta.type]]: text } as AnthropicDelta };
}
