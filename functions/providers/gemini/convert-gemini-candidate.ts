/**
 * One Gemini candidate (a whole one, or a stream chunk's slice of one) as unified events. Shared by
 * the response and stream parsers: a stream chunk has the same shape as a whole response, only
 * shorter, and function calls arrive whole in either.
 */
import type { StreamEvent } from '../../core/stream-event.ts';
import type { GeminiCandidate } from './gemini-api-types.ts';
import { newToolCallId } from './gemini-ids.ts';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.ts';
import { mapGeminiLogprobs } from './map-gemini-logprobs.ts';

/** What must be remembered about a choice across stream chunks. */
export interface ChoiceState {
  toolCalls: number;
  /** Gemini's STOP after a function call is OpenAI's `tool_calls`, even chunks later. */
  calledFunction: boolean;
  finished: boolean;
}

export type ChoiceStates = Map<number, ChoiceState>;

/** `position` is the candidate's place in the `candidates` list, for when Gemini omits `index`. */
export function* convertGeminiCandidate(candidate: GeminiCandidate, position: number, states: ChoiceStates): Generator<StreamEvent> {
  const choice = candidate.index ?? position;
  let state = states.get(choice);
  if (!state) states.set(choice, (state = { toolCalls: 0, calledFunction: false, finished: false }));

  for (const part of candidate.content?.parts ?? []) {
    if (part.functionCall) {
      const index = state.toolCalls++;
      state.calledFunction = true;
      yield {
        type: 'tool-call-start',
        choice,
        index,
        id: part.functionCall.id || newToolCallId(),
        name: part.functionCall.name,
        ...(part.thoughtSignature ? { extra: { google: { thought_signature: part.thoughtSignature } } } : {}),
      };
      yield { type: 'tool-call-args', choice, index, delta: JSON.stringify(part.functionCall.args ?? {}) };
    } else if (part.text) {
      // A text part's own thought signature has no place in OpenAI's message; Google requires
      // signatures back only on function calls, so dropping it costs no validity.
      yield { type: part.thought ? 'reasoning' : 'text', choice, delta: part.text };
    }
  }

  if (candidate.logprobsResult?.chosenCandidates?.length) {
    yield { type: 'logprobs', choice, content: mapGeminiLogprobs(candidate.logprobsResult) };
  }

  if (candidate.finishReason && !state.finished) {
    state.finished = true;
    yield { type: 'finish', choice, reason: mapGeminiFinishReason(candidate.finishReason, state.calledFunction) };
  }
}
