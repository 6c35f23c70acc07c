/**
 * A Responses API stream as events. Each event's payload names itself in `type` (OpenAI also
 * writes it on the SSE `event:` line; xAI documents data-only events). Output items are told apart
 * by `output_index`: text, refusal, reasoning and function-call argument deltas as they come, and
 * from `output_item.done` whatever an item did not stream. Only `response.completed` or
 * `response.incomplete` ends the stream properly; `response.failed`, an `error` event, a payload
 * that is not JSON or a stream that stops before its end ends it with an `error` event instead.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import { isJsonObject, looksLikeJsonObject } from '../../core/is-json-object.ts';
import { parseMessageData } from '../../core/parse-message-data.ts';
import type { StreamEvent } from '../../core/stream-event.ts';
import type { ResponseContext, StreamTranslator } from '../provider-adapter.ts';
import type { ResponsesApi } from '../provider-registry.ts';
import { upstreamBadResponse, upstreamStreamCut } from '../upstream/upstream-errors.ts';
import type { ResponsesOutputItem, ResponsesResponse, ResponsesStreamEvent } from './responses-api-types.ts';
import { functionCallStart, messageEvents, reasoningClose, reasoningText } from './map-responses-items.ts';
import { mapResponsesFinish } from './map-responses-finish.ts';
import { mapResponsesLogprobs } from './map-responses-logprobs.ts';
import { mapResponsesStart } from './map-responses-start.ts';
import { mapResponsesUsage } from './map-responses-usage.ts';
import { responsesReportedError } from './responses-reported-error.ts';

/**
 * Events, named as OpenAI names them on their `event:` line (the name is the payload's `type`), that
 * say nothing this translator reads: what they hold came in the deltas before them or comes in
 * `output_item.done` after. They are not parsed (most of a stream's cost), unless their data is not
 * even shaped as a JSON object, which is reported as unreadable as any other would be. A data-only
 * event (xAI) is parsed whatever it is.
 */
const SAYS_NOTHING_NEW = new Set([
  'response.content_part.added',
  'response.content_part.done',
  'response.output_text.done',
  'response.output_text.annotation.added',
  'response.refusal.done',
  'response.function_call_arguments.done',
  'response.reasoning_summary_part.added',
  'response.reasoning_summary_part.done',
  'response.reasoning_summary_text.done',
  'response.reasoning_text.done',
]);

/** Events that only restate the response once it has started (its status as it goes). */
const RESTATES_THE_START = new Set(['response.in_progress', 'response.queued']);

/** The events that end the stream, well or not (the `switch` below). */
const ENDS_THE_STREAM = new Set(['response.completed', 'response.incomplete', 'response.failed', 'error']);

/**
 * For a stream read for the records only (serve/translate-for-records.ts): whether an event, by
 * its name, holds nothing they read (usage, an error, the end). Once the content has begun, all
 * but the stream's end hold nothing; before it, the response's restatements as it starts, which
 * echo the request's instructions and tools (kilobytes for a coding agent's), as none can begin
 * the content, fail or end the stream. A data-only event (xAI) is read whatever it is.
 */
export const responsesEventHoldsNothingForRecords = (event: string | undefined, contentBegun: boolean): boolean =>
  event !== undefined && (contentBegun ? !ENDS_THE_STREAM.has(event) : event === 'response.created' || RESTATES_THE_START.has(event));

/** The output items this translator makes events of (`open` below); a client's native stream carries the rest as sent. */
const MODELED_ITEMS = new Set(['message', 'reasoning', 'function_call']);

/**
 * Whether an event announces an output item this translator makes no events of (a custom tool's
 * call, a server tool's): the answer has begun, though no content says so (ProviderAdapter.beginsAnswer).
 */
export function beginsUnmodeledItem(message: EventSourceMessage): boolean {
  if (message.event !== undefined && message.event !== 'response.output_item.added') return false;
  let event: unknown;
  try {
    event = parseMessageData(message);
  } catch {
    return false;
  }
  if (!isJsonObject(event) || event['type'] !== 'response.output_item.added' || !isJsonObject(event['item'])) return false;
  return !MODELED_ITEMS.has(String(event['item']['type']));
}

/** Whether the message is one of those, its data shaped as a JSON object: passed over unparsed. */
const passedOver = (message: EventSourceMessage, started: boolean): boolean =>
  message.event !== undefined &&
  (SAYS_NOTHING_NEW.has(message.event) || (started && RESTATES_THE_START.has(message.event))) &&
  looksLikeJsonObject(message.data);

/** What an output item is, by its output index, and what of it has streamed. */
type OpenItem =
  | { kind: 'message'; streamed: boolean }
  | { kind: 'reasoning'; streamed: boolean }
  | { kind: 'function_call'; index: number; streamed: boolean }
  | { kind: 'other' };

export function createResponsesStreamTranslator(context: ResponseContext, provider: string, api: ResponsesApi): StreamTranslator {
  const items = new Map<number, OpenItem>();
  let toolCalls = 0;
  let started = false;
  let ended = false;

  // OpenAI always opens with response.created; this covers content that comes before it. Errors
  // get no made-up start, so a stream that fails at once can still be answered as a plain error.
  const start = (events: StreamEvent[], response: ResponsesResponse = {}) => {
    if (started) return;
    started = true;
    events.push(mapResponsesStart(response, context));
  };

  const open = (outputIndex: number, item: ResponsesOutputItem | null | undefined, events: StreamEvent[]): OpenItem => {
    let open: OpenItem;
    if (item?.type === 'message' || item?.type === 'reasoning') open = { kind: item.type, streamed: false };
    else if (item?.type === 'function_call') {
      open = { kind: 'function_call', index: toolCalls++, streamed: false };
      events.push(functionCallStart(item, open.index));
    } else open = { kind: 'other' };
    items.set(outputIndex, open);
    return open;
  };

  /** The item a delta belongs to, marked as streamed; a delta of an item never announced still counts as its kind. */
  const streamed = (outputIndex: number | undefined, kind: 'message' | 'reasoning'): void => {
    const index = outputIndex ?? -1;
    const item = items.get(index);
    if (item?.kind === kind) item.streamed = true;
    else if (item === undefined) items.set(index, { kind, streamed: true });
  };

  /** An item's end: what it did not stream, and for reasoning its encrypted content. */
  const close = (outputIndex: number, item: ResponsesOutputItem | null | undefined, events: StreamEvent[]) => {
    const known = items.get(outputIndex) ?? open(outputIndex, item, events);
    if (!item) return;
    if (known.kind === 'message' && !known.streamed) events.push(...messageEvents(item));
    else if (known.kind === 'reasoning') {
      const text = known.streamed ? '' : reasoningText(item);
      if (text) events.push({ type: 'reasoning', choice: 0, delta: text });
      events.push(...reasoningClose(item, api.reasoningIssuer, known.streamed || text !== ''));
    } else if (known.kind === 'function_call' && !known.streamed && item.arguments) {
      events.push({ type: 'tool-call-args', choice: 0, index: known.index, delta: item.arguments });
    }
  };

  const finish = (response: ResponsesResponse | null | undefined, events: StreamEvent[]) => {
    start(events, response ?? undefined);
    events.push({ type: 'finish', choice: 0, reason: mapResponsesFinish(response ?? {}, toolCalls > 0) });
    if (response?.usage) events.push({ type: 'usage', usage: mapResponsesUsage(response.usage) });
  };

  return {
    push(message: EventSourceMessage): StreamEvent[] {
      if (ended) return [];
      // xAI documents a `data: [DONE]` after the last event: the response's own end says more.
      if (message.data === '[DONE]') return [];
      if (passedOver(message, started)) return [];
      let data: unknown;
      try {
        data = parseMessageData(message);
      } catch {
        ended = true;
        return [{ type: 'error', error: upstreamBadResponse(provider, `a stream event is not JSON: ${message.data.slice(0, 200)}`) }];
      }
      if (!isJsonObject(data)) return [];
      const event = data as ResponsesStreamEvent;
      const events: StreamEvent[] = [];
      const outputIndex = event.output_index ?? -1;

      switch (event.type ?? message.event) {
        case 'response.created':
        case 'response.queued':
        case 'response.in_progress':
          start(events, event.response ?? undefined);
          break;

        case 'response.output_item.added':
          start(events);
          open(outputIndex, event.item, events);
          break;

        case 'response.output_text.delta': {
          start(events);
          streamed(event.output_index, 'message');
          if (event.delta) events.push({ type: 'text', choice: 0, delta: event.delta });
          const logprobs = mapResponsesLogprobs(event.logprobs ?? []);
          if (logprobs.length > 0) events.push({ type: 'logprobs', choice: 0, content: logprobs });
          break;
        }

        case 'response.refusal.delta':
          start(events);
          streamed(event.output_index, 'message');
          if (event.delta) events.push({ type: 'refusal', choice: 0, delta: event.delta });
          break;

        case 'response.reasoning_summary_text.delta':
        case 'response.reasoning_text.delta':
          start(events);
          streamed(event.output_index, 'reasoning');
          if (event.delta) events.push({ type: 'reasoning', choice: 0, delta: event.delta });
          break;

        case 'response.function_call_arguments.delta': {
          start(events);
          const item = items.get(outputIndex);
          if (item?.kind !== 'function_call' || !event.delta) break;
          item.streamed = true;
          events.push({ type: 'tool-call-args', choice: 0, index: item.index, delta: event.delta });
          break;
        }

        case 'response.output_item.done':
          start(events);
          close(outputIndex, event.item, events);
          items.delete(outputIndex);
          break;

        case 'response.completed':
        case 'response.incomplete':
          ended = true;
          finish(event.response, events);
          break;

        case 'response.failed':
          ended = true;
          if (event.response?.usage) events.push({ type: 'usage', usage: mapResponsesUsage(event.response.usage) });
          events.push({ type: 'error', error: responsesReportedError(provider, event.response?.error) });
          break;

        case 'error':
          ended = true;
          events.push({ type: 'error', error: responsesReportedError(provider, isJsonObject(event.error) ? event.error : event) });
          break;
      }
      return events;
    },

    end(): StreamEvent[] {
      if (ended) return [];
      ended = true;
      return [{ type: 'error', error: upstreamStreamCut(provider, 'the stream ended without response.completed') }];
    },
  };
}
