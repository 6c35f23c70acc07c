/**
 * The answer the rehearsal's in-memory provider gives: a short streamed chat completion for the
 * model the request named, in the shape OpenAI streams one (as recorded in
 * test/fixtures/recorded/openai/openai-text): every chunk with the members OpenAI's have, in their
 * order (`service_tier`, `system_fingerprint`, `logprobs`, `usage: null` until the usage chunk, an
 * `obfuscation` string of varying length), the usage with its details, each event its own HTTP
 * chunk of a chunked response (`connection: close`, as the rehearsal's client asks:
 * in-memory-agents.ts). So the first real answer is read by code that has read objects of its
 * shapes, and a short answer's worth of text chunks, rather than meeting them for the first time.
 * It is written at once, where a provider's arrives over many reads.
 */
import type { ReceivedRequest } from './in-memory-agents.ts';

/** A short answer's text, one token a chunk. */
const TOKENS = ['Ready', '.', ' The', ' first', ' request', ' is', ' read', ' by', ' code', ' that', ' has', ' run', ' before', '.'];

export function rehearsalAnswer(request: ReceivedRequest): string {
  const { model } = JSON.parse(request.body.toString('utf8')) as { model?: unknown };
  const head = {
    id: 'chatcmpl-rehearsal',
    object: 'chat.completion.chunk',
    created: 0,
    model: typeof model === 'string' ? model : 'unknown',
    service_tier: 'default',
    system_fingerprint: 'fp_rehearsal',
  };
  const event = (choices: unknown[], usage: object | null, index: number) =>
    `data: ${JSON.stringify({ ...head, choices, usage, obfuscation: 'rehearsal'.slice(0, 1 + (index % 9)) })}\n\n`;
  const choice = (delta: object, finishReason: string | null) => [{ index: 0, delta, logprobs: null, finish_reason: finishReason }];
  const events = [
    event(choice({ role: 'assistant', content: '', refusal: null }, null), null, 0),
    ...TOKENS.map((token, index) => event(choice({ content: token }, null), null, index + 1)),
    event(choice({}, 'stop'), null, TOKENS.length + 1),
    event(
      [],
      {
        prompt_tokens: 12,
        completion_tokens: TOKENS.length,
        total_tokens: 12 + TOKENS.length,
        prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
      },
      TOKENS.length + 2,
    ),
    'data: [DONE]\n\n',
  ];
  const chunk = (text: string) => `${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`;
  return ['HTTP/1.1 200 OK', 'content-type: text/event-stream; charset=utf-8', 'transfer-encoding: chunked', 'connection: close', '', events.map(chunk).join('') + '0\r\n\r\n'].join('\r\n');
}
