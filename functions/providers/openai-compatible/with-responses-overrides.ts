/**
 * What the gateway itself asks of a call after decode (the cascade's token log-probabilities, the
 * worker's flex tier), written onto a Responses body sent natively, the way the provider's
 * Responses API takes it. A new body when there is anything to write: the client's is never changed.
 */
import type { GatewayOverrides } from '../../core/call.ts';
import type { ResponsesApi } from '../provider-registry.ts';
import { withIncluded } from './with-included.ts';

export function withResponsesOverrides(body: Readonly<Record<string, unknown>>, overrides: GatewayOverrides, api: ResponsesApi): Readonly<Record<string, unknown>> {
  let written = body;
  // Key by key, so that a new override does not compile here until it is decided for Responses.
  for (const key of Object.keys(overrides) as Array<keyof GatewayOverrides>) {
    switch (key) {
      case 'logprobs':
        if (overrides.logprobs === undefined) break;
        written = api.logprobs === 'include' ? withIncluded(written, 'message.output_text.logprobs') : { ...written, logprobs: true };
        break;
      case 'serviceTier':
        if (overrides.serviceTier !== undefined) written = { ...written, service_tier: overrides.serviceTier };
        break;
      default:
        key satisfies never;
    }
  }
  return written;
}
