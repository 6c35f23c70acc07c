/**
 * The OpenAI Chat body behind a call, with the gateway's overrides applied, for a provider family
 * whose request translator still reads that body rather than the neutral call. Each family moves
 * to the call in its own commit; this file goes with the last of them.
 */
import type { ChatRequest } from '../chat/chat-request-schema.ts';
import type { Call } from '../core/call.ts';
import { CallError } from '../core/call-error.ts';

export function chatBodyOf(call: Call): ChatRequest {
  if (call.origin.dialect !== 'openai-chat') {
    throw new CallError({
      status: 400,
      kind: 'invalid_request',
      fault: 'caller',
      code: 'unsupported_dialect',
      message: `This provider cannot yet serve a call that arrived as ${call.origin.dialect}.`,
    });
  }
  const body = call.origin.body as ChatRequest;
  const { logprobs, serviceTier } = call.overrides;
  if (!logprobs && serviceTier === undefined) return body;
  return { ...body, ...(logprobs && { logprobs: true }), ...(serviceTier !== undefined && { service_tier: serviceTier }) };
}
