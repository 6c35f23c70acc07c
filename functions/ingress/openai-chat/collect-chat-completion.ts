/**
 * Unified events gathered into one `chat.completion` object, the non-streaming answer: the neutral
 * collector, then the OpenAI encoder. An error event is thrown, so a failed answer is an HTTP error,
 * never a partial completion.
 */
import { collectResult } from '../../core/collect-result.ts';
import { encodeFinal, type ChatCompletion } from './encode-final.ts';
import type { StreamEvent, Usage } from '../../core/stream-event.ts';

export type { ChatCompletion } from './encode-final.ts';

export function collectChatCompletion(
  events: Iterable<StreamEvent>,
  modelName: (upstreamModel: string) => string,
): { completion: ChatCompletion; usage: Usage | undefined } {
  const result = collectResult(events);
  return { completion: encodeFinal(result, modelName), usage: result.usage };
}
