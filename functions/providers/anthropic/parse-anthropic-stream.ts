import type { EventSourceMessage } from 'eventsource-parser';
import type { StreamEvent } from '../../core/stream-event.ts';
import type { ResponseContext, StreamTranslator } from '../provider-adapter.ts';
import { upstreamBadResponse, upstreamStreamCut } from '../upstream/upstream-errors.ts';
import type { AnthropicUsage } from './anthropic-api-types.ts';
import { ANTHROPIC_PROVIDER } from './anthropic-constants.ts';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.ts';
import { TemplateBudget } from '../../core/string-slot-template.ts';
import { learnDeltaTemplate, readDeltaFromTemplate, type DeltaTemplate } from './delta-template.ts';
import { mapAnthropicUsage, mergeAnthropicUsage } from './map-anthropic-usage.ts';
import { anthropicReportedError } from './parse-anthropic-error.ts';
import { readStreamEvent } from './read-anthropic-wire.ts';

/** What a content block is, by Anthropic's block index; tool calls also get their own number. */
type OpenBlock =
  | { kind: 'text' }
  | { kind: 'reasoning' }
  | { kind: 'tool'; index: number; sentArgs: boolean }
  | { kind: 'skipped' };

/**
 * Anthropic's stream as events. Only `message_stop` ends it properly: a stream that stops before
 * it, an `event: error` or a payload that is not JSON ends with an `error` event instead. A
 * block's deltas after its first are read from a template of the one before (delta-template.ts).
 */
export function createAnthropicStreamTranslator(context: ResponseContext): StreamTranslator {
  const blocks = new Map<number, OpenBlock>();
  let toolCalls = 0;
  let usage: AnthropicUsage = {};
  let started = false;
  let ended = false;
  let deltaTemplate: DeltaTemplate | undefined;
  const budget = new TemplateBudget(!context.forRecords);

  // Anthropic always opens with message_start; this covers content that comes before it. Errors
  // get no made-up start, so a stream that fails at once can still be answered as a plain error.
  const start = (events: StreamEvent[], id = '', model = context.model) => {
    if (started) return;
    started = true;
    events.push({ type: 'start', id, model, created: context.now });
  };

  return {
    push(message: EventSourceMessage): StreamEvent[] {
      if (ended) return [];
      let event = deltaTemplate && readDeltaFromTemplate(message, deltaTemplate);
      if (event) budget.read();
      else {
        let data: unknown;
        try {
          data = JSON.parse(message.data);
        } catch {
          ended = true;
          return [
            { type: 'error', error: upstreamBadResponse(ANTHROPIC_PROVIDER, `a stream event is not JSON: ${message.data.slice(0, 200)}`) },
          ];
        }
        event = readStreamEvent(data, message.event);
        if (!event) return []; // an event type newer than this translator
        const learned = budget.mayLearn ? learnDeltaTemplate(message, data, event) : undefined;
        if (learned) {
          budget.learned();
          deltaTemplate = learned;
        }
      }
      const events: StreamEvent[] = [];

      switch (event.type) {
        case 'message_start':
          start(events, event.message.id, event.message.model ?? context.model);
          usage = mergeAnthropicUsage(usage, event.message.usage);
          events.push({ type: 'usage', usage: mapAnthropicUsage(usage) });
          break;

        case 'content_block_start': {
          start(events);
          const block = event.content_block;
          if (block?.type === 'text') {
            blocks.set(event.index, { kind: 'text' });
            if (block.text) events.push({ type: 'text', choice: 0, delta: block.text });
          } else if (block?.type === 'thinking') {
            blocks.set(event.index, { kind: 'reasoning' });
            if (block.thinking) events.push({ type: 'reasoning', choice: 0, delta: block.thinking });
          } else if (block?.type === 'redacted_thinking') {
            // It comes whole in the start: nothing more to read from its deltas.
            blocks.set(event.index, { kind: 'skipped' });
            if (block.data) events.push({ type: 'redacted-reasoning', choice: 0, data: block.data, issuer: 'claude' });
          } else if (block?.type === 'tool_use') {
            // The input arrives as input_json_delta; the start carries only an empty `{}`.
            const index = toolCalls++;
            blocks.set(event.index, { kind: 'tool', index, sentArgs: false });
            events.push({ type: 'tool-call-start', choice: 0, index, id: block.id, name: block.name });
          } else {
            blocks.set(event.index, { kind: 'skipped' });
          }
          break;
        }

        case 'content_block_delta': {
          const block = blocks.get(event.index);
          const delta = event.delta;
          if (!block || !delta) break;
          if (delta.type === 'text_delta' && block.kind === 'text' && delta.text) {
            events.push({ type: 'text', choice: 0, delta: delta.text });
          } else if (delta.type === 'thinking_delta' && block.kind === 'reasoning' && delta.thinking) {
            events.push({ type: 'reasoning', choice: 0, delta: delta.thinking });
          } else if (delta.type === 'signature_delta' && block.kind === 'reasoning' && delta.signature) {
            events.push({ type: 'reasoning-signature', choice: 0, signature: { issuer: 'claude', value: delta.signature } });
          } else if (delta.type === 'input_json_delta' && block.kind === 'tool' && delta.partial_json) {
            block.sentArgs = true;
            events.push({ type: 'tool-call-args', choice: 0, index: block.index, delta: delta.partial_json });
          }
          break;
        }

        case 'content_block_stop': {
          const block = blocks.get(event.index);
          // A call without arguments streams none; `{}` is what the non-streaming answer says.
          if (block?.kind === 'tool' && !block.sentArgs) {
            events.push({ type: 'tool-call-args', choice: 0, index: block.index, delta: '{}' });
          }
          blocks.delete(event.index);
          break;
        }

        case 'message_delta':
          start(events);
          if (event.delta.stop_reason !== null) {
            events.push({ type: 'finish', choice: 0, reason: mapAnthropicStopReason(event.delta.stop_reason, event.delta.stop_sequence) });
          }
          usage = mergeAnthropicUsage(usage, event.usage);
          events.push({ type: 'usage', usage: mapAnthropicUsage(usage) });
          break;

        case 'message_stop':
          ended = true;
          break;

        case 'error':
          ended = true;
          events.push({ type: 'error', error: anthropicReportedError(event.error) });
          break;

        case 'ping':
          break;
      }
      return events;
    },

    end(): StreamEvent[] {
      if (ended) return [];
      ended = true;
      return [{ type: 'error', error: upstreamStreamCut(ANTHROPIC_PROVIDER, 'the stream ended without message_stop') }];
    },
  };
}
