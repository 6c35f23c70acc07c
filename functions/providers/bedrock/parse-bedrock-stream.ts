import type { EventSourceMessage } from 'eventsource-parser';
import type { StreamEvent } from '../../core/stream-event.ts';
import type { ResponseContext, StreamTranslator } from '../provider-adapter.ts';
import { upstreamBadResponse, upstreamStreamCut } from '../upstream/upstream-errors.ts';
import { BEDROCK_PROVIDER, newBedrockResponseId } from './bedrock-constants.ts';
import { reasoningIssuer } from './bedrock-model-id.ts';
import { mapBedrockStopReason } from './map-bedrock-stop-reason.ts';
import { mapBedrockUsage } from './map-bedrock-usage.ts';
import { bedrockStreamException, isBedrockException } from './parse-bedrock-error.ts';
import { readStreamEvent } from './read-bedrock-wire.ts';

/** A tool call's number among the calls, and whether any of its input has been sent. */
interface OpenToolCall {
  index: number;
  sentArgs: boolean;
}

/**
 * ConverseStream's events (decoded from AWS event-stream frames into `{ event, data }`) as
 * events. `messageStop` carries the finish reason and `metadata`, the last event, the usage; a
 * stream that stops before `messageStop`, an exception or a payload that is not JSON ends with an
 * `error` event instead. A reasoning block's signature (its last delta) and encrypted reasoning are
 * kept for the model line that issued them (Claude, read from the model id).
 */
export function createBedrockStreamTranslator(context: ResponseContext): StreamTranslator {
  const issuer = reasoningIssuer(context.model);
  const toolBlocks = new Map<number, OpenToolCall>();
  let toolCalls = 0;
  let started = false;
  let stopped = false;
  let ended = false;

  // Errors get no made-up start, so a stream that fails at once can still be answered as a plain error.
  const start = (events: StreamEvent[]) => {
    if (started) return;
    started = true;
    events.push({ type: 'start', id: newBedrockResponseId(), model: context.model, created: context.now });
  };

  return {
    push(message: EventSourceMessage): StreamEvent[] {
      if (ended) return [];
      const eventType = message.event ?? '';
      if (isBedrockException(eventType)) {
        ended = true;
        return [{ type: 'error', error: bedrockStreamException(eventType, message.data) }];
      }
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        ended = true;
        return [{ type: 'error', error: upstreamBadResponse(BEDROCK_PROVIDER, `a stream event is not JSON: ${message.data.slice(0, 200)}`) }];
      }
      const event = readStreamEvent(eventType, data);
      const events: StreamEvent[] = [];
      if (!event) return events; // an event type newer than this translator

      switch (event.type) {
        case 'messageStart':
          start(events);
          break;

        case 'contentBlockStart':
          start(events);
          // Only tool calls announce their block; text and reasoning blocks begin with a delta.
          if (event.toolUse) {
            const index = toolCalls++;
            toolBlocks.set(event.index, { index, sentArgs: false });
            events.push({ type: 'tool-call-start', choice: 0, index, id: event.toolUse.toolUseId, name: event.toolUse.name });
          }
          break;

        case 'contentBlockDelta': {
          start(events);
          const delta = event.delta;
          if (!delta) break;
          if (delta.kind === 'text' && delta.text) events.push({ type: 'text', choice: 0, delta: delta.text });
          else if (delta.kind === 'reasoning' && delta.text) events.push({ type: 'reasoning', choice: 0, delta: delta.text });
          else if (delta.kind === 'reasoning-signature' && issuer) {
            events.push({ type: 'reasoning-signature', choice: 0, signature: { issuer, value: delta.signature } });
          } else if (delta.kind === 'redacted-reasoning' && issuer) events.push({ type: 'redacted-reasoning', choice: 0, data: delta.data, issuer });
          else if (delta.kind === 'toolUse' && delta.input) {
            const call = toolBlocks.get(event.index);
            if (!call) break;
            call.sentArgs = true;
            events.push({ type: 'tool-call-args', choice: 0, index: call.index, delta: delta.input });
          }
          break;
        }

        case 'contentBlockStop': {
          const call = toolBlocks.get(event.index);
          // A call without arguments streams none; `{}` is what the non-streaming answer says.
          if (call && !call.sentArgs) events.push({ type: 'tool-call-args', choice: 0, index: call.index, delta: '{}' });
          toolBlocks.delete(event.index);
          break;
        }

        case 'messageStop':
          start(events);
          stopped = true;
          events.push({ type: 'finish', choice: 0, reason: mapBedrockStopReason(event.stopReason, event.stopSequence) });
          break;

        case 'metadata':
          if (event.usage) events.push({ type: 'usage', usage: mapBedrockUsage(event.usage) });
          if (stopped) ended = true;
          break;
      }
      return events;
    },

    end(): StreamEvent[] {
      if (ended) return [];
      ended = true;
      // The answer is whole at messageStop; only its usage would be missing.
      if (stopped) return [];
      return [{ type: 'error', error: upstreamStreamCut(BEDROCK_PROVIDER, 'the stream ended without messageStop') }];
    },
  };
}
