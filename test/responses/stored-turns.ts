/** Stored responses as POST /v1/responses would store them: a turn, and the turn that continues it. */
import type { StoredResponse } from '../../functions/responses/response-store.ts';

type Item = Record<string, unknown>;

export const userMessage = (id: string, text: string): Item => ({ id, type: 'message', role: 'user', status: 'completed', content: [{ type: 'input_text', text }] });
export const assistantMessage = (id: string, text: string): Item => ({
  id,
  type: 'message',
  role: 'assistant',
  status: 'completed',
  content: [{ type: 'output_text', text, annotations: [] }],
});

/** A turn: its input and output, after the conversation of `previous` when it continues one. */
export function storedTurn(options: { id: string; owner: string; createdAt: number; input: Item[]; output: Item[]; previous?: StoredResponse }): StoredResponse {
  const { id, owner, createdAt, input, output, previous } = options;
  return {
    id,
    owner,
    createdAt,
    response: {
      id,
      object: 'response',
      created_at: createdAt,
      status: 'completed',
      model: 'openai/gpt-4o-mini',
      output,
      previous_response_id: previous?.id ?? null,
      store: true,
      usage: { input_tokens: 12, output_tokens: 3, total_tokens: 15 },
    },
    inputItems: input,
    conversation: [...(previous?.conversation ?? []), ...input, ...output],
  };
}
