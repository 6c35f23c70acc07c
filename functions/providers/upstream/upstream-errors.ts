/**
 * How upstream failures become call errors: a 4xx keeps its status and the provider's message,
 * a 429 keeps its `retry-after`, 5xx and connection failures become 502/503, timeouts 504.
 * Every message names the provider, so a client can tell the gateway from what is behind it.
 */
import { CallError, type CallErrorOptions, type ErrorKind } from '../../core/call-error.ts';
import type { UpstreamErrorInfo } from '../provider-adapter.ts';

/** Every error made here but the client's own departure: a provider's failure, naming the provider. */
const upstreamError = (provider: string, options: Omit<CallErrorOptions, 'fault' | 'provider'>): CallError =>
  new CallError({ ...options, fault: 'provider', provider });

/** The gateway's own codes for upstream failures: a bounded set, fit for a metric dimension. */
const UPSTREAM_CODES = new Set([
  'upstream_error',
  'upstream_overloaded',
  'upstream_unreachable',
  'upstream_timeout',
  'upstream_stream_incomplete',
  'upstream_bad_response',
]);

/**
 * The failure's code when a provider caused it, else undefined: the gateway's own `upstream_*`
 * code, or `upstream_<status>` when the code is the provider's (any string a provider chooses).
 */
export function upstreamErrorCode(error: unknown): string | undefined {
  if (!(error instanceof CallError) || !error.upstream) return undefined;
  return error.code !== null && UPSTREAM_CODES.has(error.code) ? error.code : `upstream_${error.status}`;
}

/** A provider's 4xx by what it means; any other (408 included) is a request it refused. */
const KIND_BY_STATUS: Record<number, ErrorKind> = {
  401: 'authentication',
  403: 'permission',
  404: 'not_found',
  413: 'request_too_large',
  429: 'rate_limit',
};

/** 503 for "try again later" (overloaded: Anthropic's 529, anyone's 503), 502 for the rest. */
const gatewayStatusFor5xx = (status: number) => (status === 503 || status === 529 ? 503 : 502);

export function upstreamStatusError(
  provider: string,
  status: number,
  info: UpstreamErrorInfo,
  retryAfterHeader: string | null,
): CallError {
  const headers: Record<string, string> = {};
  const retryAfter =
    (retryAfterHeader === null ? undefined : readRetryAfter(retryAfterHeader)) ??
    (info.retryAfterSeconds === undefined ? undefined : { header: wholeSeconds(info.retryAfterSeconds), seconds: info.retryAfterSeconds });
  let retryAfterSeconds: number | undefined;
  if (retryAfter !== undefined && (status === 429 || status >= 500)) {
    headers['retry-after'] = retryAfter.header;
    retryAfterSeconds = retryAfter.seconds;
  }

  const providerType = info.type === undefined ? {} : { providerType: info.type };
  if (status >= 400 && status < 500) {
    return upstreamError(provider, {
      status,
      kind: KIND_BY_STATUS[status] ?? 'invalid_request',
      ...providerType,
      message: `${provider}: ${info.message ?? `request rejected with status ${status}`}`,
      code: info.code ?? info.type ?? null,
      param: info.param ?? null,
      headers,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    });
  }
  const gatewayStatus = gatewayStatusFor5xx(status);
  return upstreamError(provider, {
    status: gatewayStatus,
    kind: gatewayStatus === 503 ? 'overloaded' : 'upstream',
    ...providerType,
    message: `${provider} failed with status ${status}${info.message ? `: ${info.message}` : ''}`,
    code: gatewayStatus === 503 ? 'upstream_overloaded' : 'upstream_error',
    headers,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}

const HTTP_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/** The longest wait a client is told: a provider asking for more than a day says "much later", not when. */
const MAX_FORWARDED_RETRY_AFTER_SECONDS = 86_400;

/** Seconds as RFC 9110's `delay-seconds`: a whole, non-negative number (rounded up, so a client never comes back early), at most a day. */
const wholeSeconds = (seconds: number): string => String(Math.min(MAX_FORWARDED_RETRY_AFTER_SECONDS, Math.max(0, Math.ceil(seconds))));

/**
 * A provider's `retry-after`: what the client is told (whole seconds, or an HTTP date: RFC 9110's
 * IMF-fixdate, as it came) and, for a number, the exact seconds the provider asked for. Anything
 * else is not forwarded, since it is text the client need not see and could carry anything.
 */
function readRetryAfter(value: string): { header: string; seconds?: number } | undefined {
  const trimmed = value.trim();
  if (/^-?\d+(?:\.\d+)?$/.test(trimmed)) {
    const seconds = Number(trimmed);
    return { header: wholeSeconds(seconds), seconds };
  }
  return HTTP_DATE.test(trimmed) ? { header: trimmed } : undefined;
}

/** An error the provider reported inside a stream that had already started. */
export function upstreamStreamError(provider: string, info: UpstreamErrorInfo, status = 502): CallError {
  const error = upstreamStatusError(provider, status, info, null);
  return status >= 500
    ? upstreamError(provider, {
        status: error.status,
        kind: error.kind,
        ...(error.providerType === undefined ? {} : { providerType: error.providerType }),
        code: info.code ?? info.type ?? error.code,
        message: `${provider} reported an error mid-stream: ${info.message ?? 'no message'}`,
      })
    : error;
}

export const upstreamUnreachable = (provider: string, cause: unknown) =>
  upstreamError(provider, {
    status: 503,
    kind: 'upstream',
    code: 'upstream_unreachable',
    message: `Could not reach ${provider}: ${describeCause(cause)}`,
    cause,
  });

export const upstreamTimeout = (provider: string, afterMs: number, phase: 'response' | 'stream') =>
  upstreamError(provider, {
    status: 504,
    kind: 'timeout',
    code: 'upstream_timeout',
    message:
      phase === 'response'
        ? `${provider} did not answer within ${afterMs} ms`
        : `${provider} sent nothing for ${afterMs} ms in the middle of the stream`,
  });

export const upstreamStreamCut = (provider: string, detail = 'the connection closed before the end of the answer') =>
  upstreamError(provider, {
    status: 502,
    kind: 'upstream',
    code: 'upstream_stream_incomplete',
    message: `${provider} stream ended early: ${detail}`,
  });

export const upstreamBadResponse = (provider: string, detail: string) =>
  upstreamError(provider, {
    status: 502,
    kind: 'upstream',
    code: 'upstream_bad_response',
    message: `${provider} sent a response the gateway could not read: ${detail}`,
  });

/** The error's code (ECONNREFUSED, UND_ERR_SOCKET...) only: its message can name internal hosts. */
function describeCause(cause: unknown): string {
  const code = cause instanceof Error && 'code' in cause ? cause.code : undefined;
  return typeof code === 'string' ? code : 'connection failed';
}

/** Not the provider's failure: the client left (nginx's 499), for logs and health records. */
export const clientClosedRequest = () =>
  new CallError({ status: 499, kind: 'cancelled', fault: 'caller', code: 'client_closed_request', message: 'The client closed the connection.' });
