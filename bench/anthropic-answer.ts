/**
 * The fake Anthropic's answer to a Messages request, shaped as Claude's own (the recorded ones in
 * test/fixtures/recorded/anthropic): a `message` with one text block, or with `stream: true` its
 * events, message_start, the text block's start, a ping, one text_delta per token (as many as
 * the fake OpenAI's chunks), the block's stop, message_delta and message_stop. Each serialized
 * once per model name.
 */
import { ANSWER_TOKENS } from './bench-answer.ts';

const ID = 'msg_01BENCHbench0123456789abcd';
const INPUT_TOKENS = 42;
const USAGE = {
  input_tokens: INPUT_TOKENS,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
  output_tokens: ANSWER_TOKENS.length,
  service_tier: 'standard',
};

const messageCache = new Map<string, string>();
const streamCache = new Map<string, readonly string[]>();

const message = (model: string, content: unknown[], stopReason: string | null, usage: Record<string, unknown>) => ({
  model,
  id: ID,
  type: 'message',
  role: 'assistant',
  content,
  stop_reason: stopReason,
  stop_sequence: null,
  usage,
});

/** The non-streaming answer. */
export function messageBody(model: string): string {
  let body = messageCache.get(model);
  if (body === undefined) {
    body = JSON.stringify(message(model, [{ type: 'text', text: ANSWER_TOKENS.join('') }], 'end_turn', USAGE));
    messageCache.set(model, body);
  }
  return body;
}

/** The streamed answer as SSE frames, each event named after its type as Anthropic names them. */
export function messageFrames(model: string): readonly string[] {
  let frames = streamCache.get(model);
  if (frames === undefined) {
    const event = (data: { type: string; [field: string]: unknown }) => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
    frames = [
      event({ type: 'message_start', message: message(model, [], null, { ...USAGE, output_tokens: 1 }) }),
      event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      event({ type: 'ping' }),
      ...ANSWER_TOKENS.map((text) => event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })),
      event({ type: 'content_block_stop', index: 0 }),
      event({
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { input_tokens: INPUT_TOKENS, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: ANSWER_TOKENS.length },
      }),
      event({ type: 'message_stop' }),
    ];
    streamCache.set(model, frames);
  }
  return frames;
}
