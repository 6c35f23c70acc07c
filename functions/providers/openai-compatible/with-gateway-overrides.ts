/**
 * What the gateway itself asks of a call after decode (the cascade's token log-probabilities, the
 * worker's flex tier), written onto a Chat Completions body, the client's own or an encoded one.
 * A new body when there is anything to write: the client's is never changed.
 */
import type { GatewayOverrides } from '../../core/call.ts';

export function withGatewayOverrides<Body extends Readonly<Record<string, unknown>>>(body: Body, overrides: GatewayOverrides): Body {
  if (overrides.logprobs === undefined && overrides.serviceTier === undefined) return body;
  return {
    ...body,
    ...(overrides.logprobs !== undefined && { logprobs: overrides.logprobs }),
    ...(overrides.serviceTier !== undefined && { service_tier: overrides.serviceTier }),
  };
}
