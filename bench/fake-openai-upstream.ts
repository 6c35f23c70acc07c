/**
 * A fake OpenAI on loopback that answers `POST /v1/chat/completions` (openai-answer.ts) and
 * `POST /v1/responses` (responses-answer.ts) at once.
 *
 * A model named `bench-slow-<ms>` (or `openai/bench-slow-<ms>`, as the bare proxy passes it on)
 * streams one event every <ms> milliseconds instead: the slow streams of the memory test. Selecting it by
 * model name works the same directly, through the bare proxy and through the gateway.
 *
 * Run as its own process: `node bench/fake-openai-upstream.ts` (PORT, default 0) prints
 * `listening on http://127.0.0.1:PORT`.
 */
import { completionBody, completionFrames, parseChatRequest } from './openai-answer.ts';
import { parseModelAndStream } from './bench-answer.ts';
import { responseBody, responseFrames } from './responses-answer.ts';
import { serveFakeUpstream } from './serve-fake-upstream.ts';

const HEADERS = { 'x-request-id': 'req_bench', 'openai-processing-ms': '1' };

const slowDelayMs = (model: string): number => {
  const match = /(?:^|\/)bench-slow-(\d+)$/.exec(model);
  return match?.[1] ? Number(match[1]) : 0;
};

serveFakeUpstream('fake upstream', {
  '/v1/chat/completions': (body) => {
    const request = parseChatRequest(body);
    if (!request) return undefined;
    if (!request.stream) return { headers: HEADERS, json: completionBody(request.model) };
    return { headers: HEADERS, frames: completionFrames(request.model, request.includeUsage), delayMs: slowDelayMs(request.model) };
  },
  '/v1/responses': (body) => {
    const request = parseModelAndStream(body);
    if (!request) return undefined;
    if (!request.stream) return { headers: HEADERS, json: responseBody(request.model) };
    return { headers: HEADERS, frames: responseFrames(request.model), delayMs: 0 };
  },
});
