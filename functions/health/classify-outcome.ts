/**
 * Whose doing a failed call was, and the health outcome it counts as. Only what the provider did
 * counts against a target's health and its breaker: otherwise any key holder could open a breaker
 * every tenant shares by sending what the gateway cannot handle, leaving, or asking for an
 * impossibly short deadline. So every failure is attributed, here and only here:
 *
 * - provider: what the provider answered or failed to (a CallError of fault `provider`: its
 *   status, a timeout within the gateway's own limit, a connection that failed, a stream cut short,
 *   a response the adapter could not read);
 * - caller: the client left (499), its own deadline cut the attempt short, or its request was
 *   refused before anything was sent (an adapter's 400);
 * - gateway: anything else, a failure inside the gateway (an exception while building the request,
 *   a missing credential): the client gets a 500, the provider is not blamed.
 */
import { CallError } from '../core/call-error.ts';
import type { HealthOutcome } from './health-sample.ts';

export type FailureSource = 'provider' | 'caller' | 'gateway';

export interface AttemptCircumstances {
  /** The attempt's time limit was the caller's deadline, shorter than the gateway's own would have been. */
  callerSetTimeout?: boolean;
}

const OUTCOME_BY_CODE: Readonly<Record<string, HealthOutcome>> = {
  upstream_timeout: 'timeout',
  upstream_unreachable: 'connection',
  upstream_stream_incomplete: 'cut',
};

/** Who a failure (never undefined: that is a success) is down to. */
export function failureSource(error: unknown, circumstances: AttemptCircumstances = {}): FailureSource {
  if (!(error instanceof CallError)) return 'gateway';
  if (error.code === 'client_closed_request') return 'caller';
  if (error.upstream) return error.code === 'upstream_timeout' && circumstances.callerSetTimeout ? 'caller' : 'provider';
  return error.status >= 400 && error.status < 500 ? 'caller' : 'gateway';
}

/**
 * The outcome to count, or undefined for a call that says nothing about the provider. A provider's
 * failure is classed by its code first (the upstream error constructors give timeouts, unreachable
 * providers and cut streams codes of their own), then by its status.
 */
export function classifyOutcome(error: unknown, circumstances: AttemptCircumstances = {}): HealthOutcome | undefined {
  if (error === undefined) return 'ok';
  if (!(error instanceof CallError) || failureSource(error, circumstances) !== 'provider') return undefined;
  const byCode = error.code === null ? undefined : OUTCOME_BY_CODE[error.code];
  if (byCode) return byCode;
  if (error.status === 504) return 'timeout';
  if (error.status === 429) return '429';
  if (error.status >= 400 && error.status < 500) return '4xx';
  return '5xx';
}
