/**
 * The health outcome of a call from how it ended: no error is `ok`; a GatewayError is classed by
 * its code first (the upstream error constructors give timeouts, unreachable providers and cut
 * streams codes of their own), then by its status. A call the client abandoned (499) says nothing
 * about the provider and is not counted.
 */
import { GatewayError } from '../http/gateway-error.ts';
import type { HealthOutcome } from './health-sample.ts';

const OUTCOME_BY_CODE: Readonly<Record<string, HealthOutcome>> = {
  upstream_timeout: 'timeout',
  upstream_unreachable: 'connection',
  upstream_stream_incomplete: 'cut',
};

/** The outcome to count, or undefined for a call that must not be counted (the client left). */
export function classifyOutcome(error: unknown): HealthOutcome | undefined {
  if (error === undefined) return 'ok';
  // Anything but a GatewayError is a failure the gateway could not read: a server-side failure.
  if (!(error instanceof GatewayError)) return '5xx';
  if (error.code === 'client_closed_request') return undefined;
  const byCode = error.code === null ? undefined : OUTCOME_BY_CODE[error.code];
  if (byCode) return byCode;
  if (error.status === 504) return 'timeout';
  if (error.status === 429) return '429';
  if (error.status >= 400 && error.status < 500) return '4xx';
  return '5xx';
}
