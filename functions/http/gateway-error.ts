/**
 * The one error type the gateway answers with. Everything that can go wrong on a request becomes
 * a GatewayError before it reaches the client, so every error has OpenAI's shape and a status
 * chosen on purpose; anything else is a bug and is answered as a 500 by the error boundary.
 */
export type OpenAIErrorType =
  | 'invalid_request_error'
  | 'authentication_error'
  | 'permission_error'
  | 'not_found_error'
  | 'rate_limit_error'
  | 'server_error'
  | 'upstream_error'
  | 'timeout_error';

export interface GatewayErrorOptions {
  status: number;
  message: string;
  type: OpenAIErrorType;
  code?: string | null;
  param?: string | null;
  /** Response headers that belong with this error, such as `retry-after`. */
  headers?: Record<string, string>;
  /** A provider caused it (for metrics and, later, health records), not the client or the gateway. */
  upstream?: boolean;
  /**
   * The wait a provider asked for, exactly as it said it (the gateway's own retries wait on it);
   * the client is told the whole seconds of the `retry-after` header instead.
   */
  retryAfterSeconds?: number;
  cause?: unknown;
}

export interface OpenAIErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

export class GatewayError extends Error {
  readonly status: number;
  readonly type: OpenAIErrorType;
  readonly code: string | null;
  readonly param: string | null;
  readonly headers: Record<string, string>;
  readonly upstream: boolean;
  readonly retryAfterSeconds: number | undefined;

  constructor(options: GatewayErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = 'GatewayError';
    this.status = options.status;
    this.type = options.type;
    this.code = options.code ?? null;
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
    this.upstream = options.upstream ?? false;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** This error with more response headers (an explanation of the route, say). */
  withHeaders(headers: Record<string, string>): GatewayError {
    return this.copy({ headers: { ...this.headers, ...headers } });
  }

  /**
   * This error with `redact` applied to every text in it that may have come from a provider: the
   * message, code, param and header values (`type` is always the gateway's own).
   */
  redacted(redact: (text: string) => string): GatewayError {
    const message = redact(this.message);
    const code = this.code === null ? null : redact(this.code);
    const param = this.param === null ? null : redact(this.param);
    const headers = Object.fromEntries(Object.entries(this.headers).map(([name, value]) => [name, redact(value)]));
    const headersSame = Object.entries(headers).every(([name, value]) => value === this.headers[name]);
    if (message === this.message && code === this.code && param === this.param && headersSame) return this;
    return this.copy({ message, code, param, headers });
  }

  private copy(changes: Pick<GatewayErrorOptions, 'headers'> & Partial<Pick<GatewayErrorOptions, 'message' | 'code' | 'param'>>): GatewayError {
    return new GatewayError({
      status: this.status,
      type: this.type,
      code: this.code,
      param: this.param,
      upstream: this.upstream,
      ...(this.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: this.retryAfterSeconds }),
      message: this.message,
      cause: this.cause,
      ...changes,
    });
  }

  toJSON(): OpenAIErrorBody {
    return {
      error: { message: this.message, type: this.type, param: this.param, code: this.code },
    };
  }
}

export const invalidRequest = (message: string, param: string | null = null, code: string | null = null) =>
  new GatewayError({ status: 400, type: 'invalid_request_error', message, param, code });
