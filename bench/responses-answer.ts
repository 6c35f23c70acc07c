/**
 * The fake OpenAI's answer to a Responses request (`POST /v1/responses`), shaped as OpenAI's own:
 * a `response` with one message item, or with `stream: true` its events, each named after its
 * type and numbered: response.created, response.in_progress, the message item and its text part
 * added, one output_text.delta per token (as many as the chat fake's chunks), the text, part and
 * item done, response.completed with the usage. Each serialized once per model name.
 */
import { ANSWER_TEXT, ANSWER_TOKENS } from './bench-answer.ts';

const ID = 'resp_BENCHbench0123456789abcdef0123456789abcdef';
const MESSAGE_ID = 'msg_BENCHbench0123456789abcdef0123456789abcdef';
const CREATED = 1_767_225_600;
const INPUT_TOKENS = 42;
const USAGE = {
  input_tokens: INPUT_TOKENS,
  input_tokens_details: { cached_tokens: 0 },
  output_tokens: ANSWER_TOKENS.length,
  output_tokens_details: { reasoning_tokens: 0 },
  total_tokens: INPUT_TOKENS + ANSWER_TOKENS.length,
};

const bodyCache = new Map<string, string>();
const streamCache = new Map<string, readonly string[]>();

const textPart = (text: string) => ({ type: 'output_text', annotations: [], logprobs: [], text });
const messageItem = (status: 'in_progress' | 'completed', content: unknown[]) => ({ id: MESSAGE_ID, type: 'message', status, content, role: 'assistant' });

/** The response object, as OpenAI sends it whole and inside response.created / .completed. */
const response = (model: string, status: 'in_progress' | 'completed', output: unknown[], usage: typeof USAGE | null) => ({
  id: ID,
  object: 'response',
  created_at: CREATED,
  status,
  background: false,
  error: null,
  incomplete_details: null,
  instructions: null,
  max_output_tokens: 256,
  model,
  output,
  parallel_tool_calls: true,
  previous_response_id: null,
  reasoning: { effort: null, summary: null },
  service_tier: 'default',
  store: false,
  temperature: 0.2,
  text: { format: { type: 'text' }, verbosity: 'medium' },
  tool_choice: 'auto',
  tools: [],
  top_p: 1,
  truncation: 'disabled',
  usage,
  user: null,
  metadata: {},
});

/** The non-streaming answer. */
export function responseBody(model: string): string {
  let body = bodyCache.get(model);
  if (body === undefined) {
    body = JSON.stringify(response(model, 'completed', [messageItem('completed', [textPart(ANSWER_TEXT)])], USAGE));
    bodyCache.set(model, body);
  }
  return body;
}

/** The streamed answer as SSE frames. */
export function responseFrames(model: string): readonly string[] {
  let frames = streamCache.get(model);
  if (frames === undefined) {
    let sequence = 0;
    const event = (type: string, fields: Record<string, unknown>) =>
      `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence++, ...fields })}\n\n`;
    const at = { item_id: MESSAGE_ID, output_index: 0, content_index: 0 };
    const done = messageItem('completed', [textPart(ANSWER_TEXT)]);
    frames = [
      event('response.created', { response: response(model, 'in_progress', [], null) }),
      event('response.in_progress', { response: response(model, 'in_progress', [], null) }),
      event('response.output_item.added', { output_index: 0, item: messageItem('in_progress', []) }),
      event('response.content_part.added', { ...at, part: textPart('') }),
      ...ANSWER_TOKENS.map((delta) => event('response.output_text.delta', { ...at, delta, logprobs: [] })),
      event('response.output_text.done', { ...at, text: ANSWER_TEXT, logprobs: [] }),
      event('response.content_part.done', { ...at, part: textPart(ANSWER_TEXT) }),
      event('response.output_item.done', { output_index: 0, item: done }),
      event('response.completed', { response: response(model, 'completed', [done], USAGE) }),
    ];
    streamCache.set(model, frames);
  }
  return frames;
}
