/**
 * A fake OpenAI on loopback that answers at once: `POST /v1/chat/completions` gets a small,
 * realistic `chat.completion`, or with `stream: true` 20 `chat.completion.chunk` events, a usage
 * chunk when `stream_options.include_usage` is set, and `data: [DONE]`.
 *
 * A model named `bench-slow-<ms>` (or `openai/bench-slow-<ms>`, as the bare proxy passes it on)
 * streams one event every <ms> milliseconds instead: the slow streams of the memory test. Selecting it by
 * model name works the same directly, through the bare proxy and through the gateway.
 *
 * Run as its own process: `node bench/fake-openai-upstream.ts` (PORT, default 0) prints
 * `listening on http://127.0.0.1:PORT`.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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

interface BenchRequest {
  model: string;
  stream: boolean;
  includeUsage: boolean;
}

const completionCache = new Map<string, string>();
const streamCache = new Map<string, readonly string[]>();

/** The non-streaming answer, serialized once per model name. */
function completionBody(model: string): string {
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

/** The streamed answer as SSE frames, built once per model name and usage flag. */
function streamFrames(model: string, includeUsage: boolean): readonly string[] {
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

function parseRequest(body: string): BenchRequest | undefined {
  try {
    const json = JSON.parse(body) as { model?: unknown; stream?: unknown; stream_options?: { include_usage?: unknown } };
    if (typeof json.model !== 'string') return undefined;
    return { model: json.model, stream: json.stream === true, includeUsage: json.stream_options?.include_usage === true };
  } catch {
    return undefined;
  }
}

const slowDelayMs = (model: string): number => {
  const match = /(?:^|\/)bench-slow-(\d+)$/.exec(model);
  return match?.[1] ? Number(match[1]) : 0;
};

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"message":"not found","type":"invalid_request_error"}}');
    return;
  }
  const request = parseRequest(Buffer.concat(chunks).toString('utf8'));
  if (!request) {
    res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":{"message":"bad request","type":"invalid_request_error"}}');
    return;
  }
  const headers = { 'x-request-id': 'req_bench', 'openai-processing-ms': '1' };
  if (!request.stream) {
    const body = completionBody(request.model);
    res.writeHead(200, { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }).end(body);
    return;
  }

  res.writeHead(200, { ...headers, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  const frames = streamFrames(request.model, request.includeUsage);
  const delayMs = slowDelayMs(request.model);
  if (delayMs === 0) {
    // At once, but one write per event, as a real provider's events arrive.
    for (const frame of frames) res.write(frame);
    res.end();
    return;
  }
  for (const frame of frames) {
    if (res.destroyed) return;
    res.write(frame);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  res.end();
}

const server = createServer((req, res) => {
  handle(req, res).catch(() => res.destroy());
});
server.keepAliveTimeout = 60_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', 2048, () => {
  const { port } = server.address() as AddressInfo;
  console.log(`fake upstream listening on http://127.0.0.1:${port}`);
});

// A clean exit on SIGTERM, so `--cpu-prof` can write its profile.
process.once('SIGTERM', () => process.exit(0));
