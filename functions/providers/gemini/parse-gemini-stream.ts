/**
 * `streamGenerateContent?alt=sse` as unified events. Each `data:` message is a whole
 * GenerateContentResponse holding only what is new: text deltas, whole function calls, and the
 * cumulative usage so far. Gemini sends no end marker, so the stream counts as complete only when
 * every candidate seen has a finish reason (or the prompt was blocked); ending before that is
 * reported as cut short. Usage is emitted once, at the end, from the last (cumulative) report.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import type { StreamEvent, Usage } from '../../core/stream-event.ts';
import type { ResponseContext, StreamTranslator } from '../provider-adapter.ts';
import { upstreamBadResponse, upstreamStreamCut, upstreamStreamError } from '../upstream/upstream-errors.ts';
import type { GeminiResponseOrError } from './gemini-api-types.ts';
import { type ChoiceStates, convertGeminiCandidate } from './convert-gemini-candidate.ts';
import { GEMINI_PROVIDER } from './gemini-provider-name.ts';
import { newResponseId } from './gemini-ids.ts';
import { mapGeminiUsage } from './map-gemini-usage.ts';
import { parseGeminiErrorObject } from './parse-gemini-error.ts';

export function createGeminiStreamTranslator(context: ResponseContext): StreamTranslator {
  let started = false;
  let ended = false;
  let promptBlocked = false;
  let usage: Usage | undefined;
  const states: ChoiceStates = new Map();

  const fail = (error: StreamEvent & { type: 'error' }): StreamEvent[] => {
    ended = true;
    return [error];
  };

  return {
    push(message: EventSourceMessage): StreamEvent[] {
      if (ended) return [];
      let parsed: unknown;
      try {
        parsed = JSON.parse(message.data);
      } catch {
        return fail({ type: 'error', error: upstreamBadResponse(GEMINI_PROVIDER, 'a stream event is not JSON') });
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return fail({ type: 'error', error: upstreamBadResponse(GEMINI_PROVIDER, 'a stream event is not a JSON object') });
      }
      const chunk = parsed as GeminiResponseOrError;
      if (chunk.error) {
        const code = chunk.error.code;
        const status = code !== undefined && code >= 400 ? code : 502;
        return fail({ type: 'error', error: upstreamStreamError(GEMINI_PROVIDER, parseGeminiErrorObject(chunk.error), status) });
      }

      const events: StreamEvent[] = [];
      if (!started) {
        started = true;
        events.push({ type: 'start', id: chunk.responseId || newResponseId(), model: chunk.modelVersion || context.model, created: context.now });
      }

      const candidates = chunk.candidates ?? [];
      for (const [position, candidate] of candidates.entries()) events.push(...convertGeminiCandidate(candidate, position, states));

      const blockReason = chunk.promptFeedback?.blockReason;
      if (blockReason && candidates.length === 0 && states.size === 0 && !promptBlocked) {
        promptBlocked = true;
        events.push({ type: 'finish', choice: 0, reason: { unified: 'content_filter', raw: blockReason } });
      }
      if (chunk.usageMetadata) usage = mapGeminiUsage(chunk.usageMetadata);
      return events;
    },

    end(): StreamEvent[] {
      if (ended) return [];
      ended = true;
      const events: StreamEvent[] = usage ? [{ type: 'usage', usage }] : [];
      const complete = promptBlocked || (states.size > 0 && [...states.values()].every((state) => state.finished));
      if (!complete) {
        events.push({
          type: 'error',
          error: upstreamStreamCut(GEMINI_PROVIDER, 'the stream closed before every candidate had a finishReason'),
        });
      }
      return events;
    },
  };
}
