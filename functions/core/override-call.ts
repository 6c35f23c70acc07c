/**
 * What the gateway itself changes in a call after decode (the cascade's log-probabilities, the
 * worker's flex tier): set in the decoded fields, which translated requests are built from, and
 * recorded in `overrides`, which a native body (sent as the caller wrote it) applies on its own.
 */
import type { Call, GatewayOverrides } from './call.ts';

export function overrideCall(call: Call, overrides: GatewayOverrides): Call {
  return {
    ...call,
    ...(overrides.serviceTier !== undefined && { serviceTier: overrides.serviceTier }),
    output: overrides.logprobs ? { ...call.output, logprobs: call.output.logprobs ?? {} } : call.output,
    overrides: { ...call.overrides, ...overrides },
  };
}
