/**
 * The one error a call fails with, in no API's vocabulary. Everything that can go wrong on a request
 * becomes a CallError before it reaches the client, with a status chosen on purpose; each front
 * door renders it in its own dialect's shape (ingress/openai-chat/render-error.ts for OpenAI's).
 * Anything else is a bug, answered as a 500 by the error boundary.
 *
 * `kind` says what went wrong and `fault` whose doing it was: a dialect's error type depends on
 * both (OpenAI calls a provider's 401 `authentication_error` but the gateway's own refused key
 * `invalid_request_error`), so neither the status nor the kind alone would do.
 */
export type ErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'request_too_large'
  | 'rate_limit'
  | 'timeout'
  /** A provider or every target is busy or failing for now: come back later. */
  | 'overloaded'
  /** A provider failed otherwise: a 5xx, no connection, a cut stream, an unreadable answer. */
  | 'upstream'
  /** A part of the gateway is not there (the jobs table and queue). */
  | 'unavailable'
  | 'internal'
  /** The client left before the answer. */
  | 'cancelled';

/** Whose doing it was: the caller's (its request, its key, its departure), a provider's, or the gateway's own. */
export type Fault = 'caller' | 'provider' | 'gateway';

export interface CallErrorOptions {
  status: number;
  kind: ErrorKind;
  fault: Fault;
  message: string;
  code?: string | null;
  param?: string | null;
  /** The provider that caused it, where known (the message names it too). */
  provider?: string;
  /** The provider's own error type where it said one (Anthropic's `overloaded_error`), for a door that speaks its dialect. */
  providerType?: string;
  /**
   * The wait a provider asked for, exactly as it said it (the gateway's own retries wait on it);
   * the client is told the whole seconds of the `retry-after` header instead.
   */
  retryAfterSeconds?: number;
  /** Response headers that belong with this error, such as `retry-after`. */
  headers?: Record<string, string>;
  cause?: unknown;
}

export class CallError extends Error {
  readonly status: number;
  readonly kind: ErrorKind;
  readonly fault: Fault;
  readonly code: string | null;
  readonly param: string | null;
  readonly provider: string | undefined;
  readonly providerType: string | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly headers: Record<string, string>;

  constructor(options: CallErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = 'CallError';
    this.status = options.status;
    this.kind = options.kind;
    this.fault = options.fault;
    this.code = options.code ?? null;
    this.param = options.param ?? null;
    this.provider = options.provider;
    this.providerType = options.providerType;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.headers = options.headers ?? {};
  }

  /** A provider caused it (for metrics, health records and retries), not the client or the gateway. */
  get upstream(): boolean {
    return this.fault === 'provider';
  }

  /** This error with more response headers (an explanation of the route, say). */
  withHeaders(headers: Record<string, string>): CallError {
    return this.copy({ headers: { ...this.headers, ...headers } });
  }

  /**
   * This error with `redact` applied to every text in it that may have come from a provider: the
   * message, code, param, provider type and header values (kind, fault and provider are the gateway's own).
   */
  redacted(redact: (text: string) => string): CallError {
    const message = redact(this.message);
    const code = this.code === null ? null : redact(this.code);
    const param = this.param === null ? null : redact(this.param);
    const providerType = this.providerType === undefined ? undefined : redact(this.providerType);
    const headers = Object.fromEntries(Object.entries(this.headers).map(([name, value]) => [name, redact(value)]));
    const headersSame = Object.entries(headers).every(([name, value]) => value === this.headers[name]);
    if (message === this.message && code === this.code && param === this.param && providerType === this.providerType && headersSame) return this;
    return this.copy({ message, code, param, headers, ...(providerType === undefined ? {} : { providerType }) });
  }

  private copy(changes: Pick<CallErrorOptions, 'headers'> & Partial<Pick<CallErrorOptions, 'message' | 'code' | 'param' | 'providerType'>>): CallError {
    return new CallError({
      status: this.status,
      kind: this.kind,
      fault: this.fault,
      code: this.code,
      param: this.param,
      ...(this.provider === undefined ? {} : { provider: this.provider }),
      ...(this.providerType === undefined ? {} : { providerType: this.providerType }),
      ...(this.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: this.retryAfterSeconds }),
      message: this.message,
      cause: this.cause,
      ...changes,
    });
  }
}

/** The caller's request is wrong (or asks what no target can do): a 400 in every dialect. */
export const invalidRequest = (message: string, param: string | null = null, code: string | null = null) =>
  new CallError({ status: 400, kind: 'invalid_request', fault: 'caller', message, param, code });
