/**
 * What the gateway itself asks of a call after decode (the cascade's token log-probabilities, the
 * worker's flex tier), written onto the client's own Chat body for native mode. A new body when
 * there is anything to write: the client's is never changed.
 */
import type { ChatRequest } from '../../ingress/openai-chat/chat-request-schema.ts';
import type { GatewayOverrides } from '../../core/call.ts';

export function withGatewayOverrides(body: ChatRequest, overrides: GatewayOverrides): ChatRequest {
  if (overrides.logprobs === undefined && overrides.serviceTier === undefined) return body;
  return {
    ...body,
    ...(overrides.logprobs !== undefined && { logprobs: overrides.logprobs }),
    ...(overrides.serviceTier !== undefined && { service_tier: overrides.serviceTier }),
  };
}
