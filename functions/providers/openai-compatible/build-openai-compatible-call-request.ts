/**
 * A call as a Chat Completions request. One that arrived in OpenAI's own Chat dialect is sent as
 * the client wrote it (native mode: its unknown fields included); one from another front door is
 * encoded from the call (translated mode, encode-chat-body.ts), what it left out in the request's
 * notes. The gateway's own overrides are written onto a native body; a translated one has them
 * already, in the decoded fields overrideCall sets (core/override-call.ts). Either way the
 * provider's quirks are applied.
 */
import type { ChatRequest } from '../../ingress/openai-chat/chat-request-schema.ts';
import type { Call } from '../../core/call.ts';
import type { BuildContext, UpstreamRequest } from '../provider-adapter.ts';
import type { OpenAICompatibleQuirks } from '../provider-registry.ts';
import { buildOpenAICompatibleRequest } from './build-openai-compatible-request.ts';
import { encodeChatBody } from './encode-chat-body.ts';
import { finishOpenAICompatibleRequest } from './finish-openai-compatible-request.ts';
import { withGatewayOverrides } from './with-gateway-overrides.ts';

export function buildOpenAICompatibleCallRequest(call: Call, context: BuildContext, quirks: OpenAICompatibleQuirks): UpstreamRequest {
  if (call.origin.dialect === 'openai-chat') {
    // The OpenAI Chat door's body, as its schema validated it.
    const body = call.origin.body as ChatRequest;
    return buildOpenAICompatibleRequest(withGatewayOverrides(body, call.overrides), context, quirks);
  }
  const { body, notes } = encodeChatBody(call, context);
  const request = finishOpenAICompatibleRequest(body, context, quirks);
  return notes.length > 0 ? { ...request, notes } : request;
}
