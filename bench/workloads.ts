/**
 * What the overhead benchmark sends each target: the same short question through OpenAI's chat
 * completions, Anthropic's Messages or OpenAI's Responses, as a JSON request and a streaming one, and the check that
 * a target hands the fake upstream's answer back intact before it is timed.
 */
import type { RequestSpec } from './load.ts';
import { verifyChatTarget, verifyMessagesTarget, verifyResponsesTarget } from './verify-target.ts';

export const GATEWAY_KEY = 'sk-switchyard-bench';

export interface Workload {
  json: RequestSpec;
  stream: RequestSpec;
  /** Throws unless the target at `url` answers both requests with the whole answer. */
  verify(url: string, label: string): Promise<void>;
}

const SYSTEM = 'You are a concise assistant for an internal engineering team. Answer in plain text.';
const QUESTION = 'In one sentence: what does an LLM gateway do for the applications that call it?';

export function chatWorkload(model: string): Workload {
  const request = (stream: boolean): RequestSpec => ({
    path: '/v1/chat/completions',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${GATEWAY_KEY}` },
    body: JSON.stringify({
      model,
      messages: [
        { role: 'system', content: SYSTEM },
        { role: 'user', content: QUESTION },
      ],
      max_completion_tokens: 256,
      temperature: 0.2,
      ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    }),
    ...(stream ? { streamEnd: 'data: [DONE]' } : {}),
  });
  const json = request(false);
  const stream = request(true);
  return { json, stream, verify: (url, label) => verifyChatTarget(url, json, stream, label) };
}

/** As the Anthropic SDK sends it: the key in x-api-key, with anthropic-version. */
export function messagesWorkload(model: string): Workload {
  const request = (stream: boolean): RequestSpec => ({
    path: '/v1/messages',
    headers: { 'content-type': 'application/json', 'x-api-key': GATEWAY_KEY, 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({
      model,
      max_tokens: 256,
      temperature: 0.2,
      system: SYSTEM,
      messages: [{ role: 'user', content: QUESTION }],
      ...(stream ? { stream: true } : {}),
    }),
    ...(stream ? { streamEnd: 'data: {"type":"message_stop"}' } : {}),
  });
  const json = request(false);
  const stream = request(true);
  return { json, stream, verify: (url, label) => verifyMessagesTarget(url, json, stream, label) };
}

/** As the OpenAI SDK's `responses.create` sends it: instructions and the question as input, nothing stored. */
export function responsesWorkload(model: string): Workload {
  const request = (stream: boolean): RequestSpec => ({
    path: '/v1/responses',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${GATEWAY_KEY}` },
    body: JSON.stringify({
      model,
      instructions: SYSTEM,
      input: QUESTION,
      max_output_tokens: 256,
      temperature: 0.2,
      store: false,
      ...(stream ? { stream: true } : {}),
    }),
    ...(stream ? { streamEnd: 'event: response.completed\n', streamEndWithin: 16_384 } : {}),
  });
  const json = request(false);
  const stream = request(true);
  return { json, stream, verify: (url, label) => verifyResponsesTarget(url, json, stream, label) };
}
