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

  constructor(options: GatewayErrorOptions) {
    super(options.message, { cause: options.cause });
    this.name = 'GatewayError';
    this.status = options.status;
    this.type = options.type;
    this.code = options.code ?? null;
    this.param = options.param ?? null;
    this.headers = options.headers ?? {};
    this.upstream = options.upstream ?? false;
  }

  /** This error with `redact` applied to its message, for the way out. */
  redacted(redact: (text: string) => string): GatewayError {
    const message = redact(this.message);
    if (message === this.message) return this;
    return new GatewayError({
      status: this.status,
      type: this.type,
      code: this.code,
      param: this.param,
      headers: this.headers,
      upstream: this.upstream,
      message,
      cause: this.cause,
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
