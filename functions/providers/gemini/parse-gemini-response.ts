/**
 * A whole `generateContent` response as unified events: start, each candidate's content and finish,
 * then usage. A prompt blocked before generation has no candidates, only `promptFeedback`: it
 * becomes a `content_filter` finish so the client sees why nothing came back.
 */
import type { StreamEvent } from '../../core/stream-event.ts';
import type { ResponseContext } from '../provider-adapter.ts';
import { upstreamBadResponse, upstreamStatusError } from '../upstream/upstream-errors.ts';
import type { GeminiResponseOrError } from './gemini-api-types.ts';
import { type ChoiceStates, convertGeminiCandidate } from './convert-gemini-candidate.ts';
import { GEMINI_PROVIDER } from './gemini-provider-name.ts';
import { newResponseId } from './gemini-ids.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';
import { mapGeminiUsage } from './map-gemini-usage.ts';
import { parseGeminiErrorObject } from './parse-gemini-error.ts';

export function parseGeminiResponse(body: unknown, context: ResponseContext): StreamEvent[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return [{ type: 'error', error: upstreamBadResponse(GEMINI_PROVIDER, 'the response body is not a JSON object') }];
  }
  const response = body as GeminiResponseOrError;
  if (response.error) {
    const status = response.error.code !== undefined && response.error.code >= 400 ? response.error.code : 502;
    return [{ type: 'error', error: upstreamStatusError(GEMINI_PROVIDER, status, parseGeminiErrorObject(response.error), null) }];
  }

  const events: StreamEvent[] = [
    { type: 'start', id: response.responseId || newResponseId(), model: response.modelVersion || context.model, created: context.now },
  ];
  const states: ChoiceStates = new Map();
  (response.candidates ?? []).forEach((candidate, position) => events.push(...convertGeminiCandidate(candidate, position, states)));
  // A whole response is complete by definition: a candidate without a finish reason still ends.
  for (const [choice, state] of states) {
    if (!state.finished) events.push({ type: 'finish', choice, reason: mapGeminiFinishReason(undefined, state.calledFunction) });
  }
  const blockReason = response.promptFeedback?.blockReason;
  if (states.size === 0 && blockReason) {
    events.push({ type: 'finish', choice: 0, reason: { unified: 'content_filter', raw: blockReason } });
  }
  if (response.usageMetadata) events.push({ type: 'usage', usage: mapGeminiUsage(response.usageMetadata) });
  return events;
}
