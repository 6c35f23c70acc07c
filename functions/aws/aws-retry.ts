/**
 * When a failed AWS call is worth another attempt, and how long to wait first, as the AWS SDKs
 * decide it: throttling, 5xx answers, timeouts and connections dropped before an answer; 3
 * attempts in all, with a full-jitter exponential backoff (here from 100 ms, from 500 ms after
 * throttling, at most 20 s) and no retry quota. A write sent again after a timeout or a dropped
 * connection may have been applied the first time: a conditional one then fails its condition,
 * as it would with the SDK.
 */
import { AwsServiceError } from './aws-service-error.ts';

export const MAX_ATTEMPTS = 3;

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'ProvisionedThroughputExceededException',
  'TransactionInProgressException',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
]);
const TRANSIENT_CODES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'InternalServerError', 'ServiceUnavailable']);
const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);
/** Socket failures before an answer: the call may be sent again (Lambda's frozen keep-alive sockets end this way). */
const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export const isThrottling = (error: AwsServiceError): boolean => THROTTLING_CODES.has(error.name) || error.status === 429;

export function isRetryable(error: unknown): boolean {
  if (!(error instanceof AwsServiceError)) return false;
  if (error.status === undefined) return NETWORK_CODES.has((error.cause as NodeJS.ErrnoException | undefined)?.code ?? '') || error.name === 'TimeoutError';
  return isThrottling(error) || TRANSIENT_CODES.has(error.name) || TRANSIENT_STATUSES.has(error.status);
}

/** The wait before attempt `attempt + 1` (`attempt` counts from 1), for a `random()` in [0, 1). */
export function retryDelayMs(error: AwsServiceError, attempt: number, random: () => number): number {
  const base = isThrottling(error) ? 500 : 100;
  return Math.floor(random() * Math.min(20_000, base * 2 ** (attempt - 1)));
}
