/**
 * A call as a Chat Completions request. One that arrived in OpenAI's own Chat dialect is sent as
 * the client wrote it (native mode: its unknown fields included), with what the gateway asked for
 * itself (`call.overrides`) written on.
 */
import type { ChatRequest } from '../../chat/chat-request-schema.ts';
import type { Call } from '../../core/call.ts';
import { chatBodyOf } from '../chat-body-of.ts';
import type { BuildContext, UpstreamRequest } from '../provider-adapter.ts';
import type { OpenAICompatibleQuirks } from '../provider-registry.ts';
import { buildOpenAICompatibleRequest } from './build-openai-compatible-request.ts';
import { withGatewayOverrides } from './with-gateway-overrides.ts';

export function buildOpenAICompatibleCallRequest(call: Call, context: BuildContext, quirks: OpenAICompatibleQuirks): UpstreamRequest {
  const body: ChatRequest = chatBodyOf(call);
  return buildOpenAICompatibleRequest(withGatewayOverrides(body, call.overrides), context, quirks);
}
