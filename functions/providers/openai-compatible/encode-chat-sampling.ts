/** The call's sampling numbers as Chat Completions fields, as the caller sent them (providers judge their ranges). */
import type { ChatRequest } from '../../ingress/openai-chat/chat-request-schema.ts';
import { leftOutNote } from '../../core/left-out-note.ts';
import type { Sampling } from '../../core/output.ts';
import { CHAT_COMPLETIONS } from './chat-completions-name.ts';

export type ChatSamplingFields = Partial<Pick<ChatRequest, 'temperature' | 'top_p' | 'seed' | 'presence_penalty' | 'frequency_penalty'>>;

/** Chat Completions has no top-k: a caller's `topK` is left out, with a note. */
export function encodeChatSampling(sampling: Sampling, notes: string[]): ChatSamplingFields {
  if (sampling.topK !== undefined) notes.push(leftOutNote({ kind: 'parameter', name: 'top_k', target: CHAT_COMPLETIONS }));
  return {
    ...(sampling.temperature !== undefined && { temperature: sampling.temperature }),
    ...(sampling.topP !== undefined && { top_p: sampling.topP }),
    ...(sampling.seed !== undefined && { seed: sampling.seed }),
    ...(sampling.presencePenalty !== undefined && { presence_penalty: sampling.presencePenalty }),
    ...(sampling.frequencyPenalty !== undefined && { frequency_penalty: sampling.frequencyPenalty }),
  };
}
