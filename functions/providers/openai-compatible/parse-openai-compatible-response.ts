import type { StreamEvent } from '../../core/stream-event.ts';
import type { ResponseContext } from '../provider-adapter.ts';
import { upstreamBadResponse } from '../upstream/upstream-errors.ts';
import type { OpenAICompletion } from './openai-api-types.ts';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.ts';
import { mapOpenAIStart } from './map-openai-start.ts';
import { mapOpenAIUsage } from './map-openai-usage.ts';

/** A whole `chat.completion` object as events, normalizing `reasoning` into reasoning text. */
export function parseOpenAICompatibleResponse(body: unknown, context: ResponseContext, provider: string): StreamEvent[] {
  if (typeof body !== 'object' || body === null || !Array.isArray((body as OpenAICompletion).choices)) {
    throw upstreamBadResponse(provider, 'the response has no choices');
  }
  const completion = body as OpenAICompletion;
  const events: StreamEvent[] = [mapOpenAIStart(completion, context)];

  for (const [position, choice] of (completion.choices ?? []).entries()) {
    const index = choice.index ?? position;
    const message = choice.message;
    const reasoning = message?.reasoning_content ?? message?.reasoning;
    if (reasoning) events.push({ type: 'reasoning', choice: index, delta: reasoning });
    if (message?.content) events.push({ type: 'text', choice: index, delta: message.content });
    if (message?.refusal) events.push({ type: 'refusal', choice: index, delta: message.refusal });
    for (const [callIndex, call] of (message?.tool_calls ?? []).entries()) {
      events.push({ type: 'tool-call-start', choice: index, index: callIndex, id: call.id, name: call.function?.name ?? '' });
      const args = call.function?.arguments;
      if (args) events.push({ type: 'tool-call-args', choice: index, index: callIndex, delta: args });
    }
    if (choice.logprobs?.content?.length) events.push({ type: 'logprobs', choice: index, content: choice.logprobs.content });
    if (choice.finish_reason) events.push({ type: 'finish', choice: index, reason: mapOpenAIFinishReason(choice.finish_reason) });
  }
  if (completion.usage) events.push({ type: 'usage', usage: mapOpenAIUsage(completion.usage) });
  return events;
}
