/**
 * A fake Anthropic on loopback that answers `POST /v1/messages` at once (anthropic-answer.ts),
 * for the Messages door's native rows.
 *
 * Run as its own process: `node bench/fake-anthropic-upstream.ts` (PORT, default 0) prints
 * `listening on http://127.0.0.1:PORT`.
 */
import { messageBody, messageFrames } from './anthropic-answer.ts';
import { parseModelAndStream } from './bench-answer.ts';
import { serveFakeUpstream } from './serve-fake-upstream.ts';

const HEADERS = { 'request-id': 'req_01BENCHbench', 'anthropic-organization-id': '00000000-0000-0000-0000-000000000000' };

serveFakeUpstream('fake Anthropic upstream', {
  '/v1/messages': (body) => {
    const request = parseModelAndStream(body);
    if (!request) return undefined;
    if (!request.stream) return { headers: HEADERS, json: messageBody(request.model) };
    return { headers: HEADERS, frames: messageFrames(request.model), delayMs: 0 };
  },
});
