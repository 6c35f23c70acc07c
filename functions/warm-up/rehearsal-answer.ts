/**
 * The answer the rehearsal's in-memory provider gives: a short streamed chat completion in
 * OpenAI's wire format (role, two content, finish and usage chunks, then `[DONE]`), for the model the
 * request named, as one raw HTTP/1.1 response.
 */
import type { ReceivedRequest } from './in-memory-agents.ts';

export function rehearsalAnswer(request: ReceivedRequest): string {
  const { model } = JSON.parse(request.body.toString('utf8')) as { model?: unknown };
  const chunk = (choices: unknown[], usage?: object) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-rehearsal', object: 'chat.completion.chunk', created: 0, model: typeof model === 'string' ? model : 'unknown', choices, ...(usage && { usage }) })}\n\n`;
  const body = [
    chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]),
    // Two chunks of text: the second is read as a real answer's are, from the first's template.
    chunk([{ index: 0, delta: { content: 'Ready' }, finish_reason: null }]),
    chunk([{ index: 0, delta: { content: '.' }, finish_reason: null }]),
    chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]),
    chunk([], { prompt_tokens: 12, completion_tokens: 2, total_tokens: 14 }),
    'data: [DONE]\n\n',
  ].join('');
  return [
    'HTTP/1.1 200 OK',
    'content-type: text/event-stream; charset=utf-8',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    '',
    body,
  ].join('\r\n');
}
