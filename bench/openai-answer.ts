/**
 * The fake OpenAI's answer to a chat completion: a small, realistic `chat.completion`, or with
 * `stream: true` 20 `chat.completion.chunk` events, a usage chunk when
 * `stream_options.include_usage` is set, and `data: [DONE]`. Each serialized once per model name.
 */
import { ANSWER_TOKENS } from './bench-answer.ts';

const TOKENS = ANSWER_TOKENS;
const CREATED = 1_767_225_600;
const ID = 'chatcmpl-BENCHbench0123456789abcdefXYZ';
const FINGERPRINT = 'fp_bench0001';
const USAGE = {
  prompt_tokens: 42,
  completion_tokens: TOKENS.length,
  total_tokens: 42 + TOKENS.length,
  prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
};

export interface ChatRequest {
  model: string;
  stream: boolean;
  includeUsage: boolean;
}

const completionCache = new Map<string, string>();
const streamCache = new Map<string, readonly string[]>();

/** The non-streaming answer. */
export function completionBody(model: string): string {
  let body = completionCache.get(model);
  if (body === undefined) {
    body = JSON.stringify({
      id: ID,
      object: 'chat.completion',
      created: CREATED,
      model,
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: TOKENS.join(''), refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: USAGE,
      service_tier: 'default',
      system_fingerprint: FINGERPRINT,
    });
    completionCache.set(model, body);
  }
  return body;
}

/** The streamed answer as SSE frames, per model name and usage flag. */
export function completionFrames(model: string, includeUsage: boolean): readonly string[] {
  const key = `${model}\n${includeUsage}`;
  let frames = streamCache.get(key);
  if (frames === undefined) {
    const head = { id: ID, object: 'chat.completion.chunk', created: CREATED, model, service_tier: 'default', system_fingerprint: FINGERPRINT };
    const usageNull = includeUsage ? { usage: null } : {};
    const chunk = (delta: Record<string, unknown>, finishReason: string | null) =>
      `data: ${JSON.stringify({ ...head, choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }], ...usageNull })}\n\n`;
    frames = [
      chunk({ role: 'assistant', content: '', refusal: null }, null),
      ...TOKENS.map((token) => chunk({ content: token }, null)),
      chunk({}, 'stop'),
      ...(includeUsage ? [`data: ${JSON.stringify({ ...head, choices: [], usage: USAGE })}\n\n`] : []),
      'data: [DONE]\n\n',
    ];
    streamCache.set(key, frames);
  }
  return frames;
}

export function parseChatRequest(body: string): ChatRequest | undefined {
  try {
    const json = JSON.parse(body) as { model?: unknown; stream?: unknown; stream_options?: { include_usage?: unknown } };
    if (typeof json.model !== 'string') return undefined;
    return { model: json.model, stream: json.stream === true, includeUsage: json.stream_options?.include_usage === true };
  } catch {
    return undefined;
  }
}
