/**
 * The transport-neutral request and response the gateway's HTTP layer is written against. The
 * Node server and the Lambda Function URL each have a thin adapter to and from these.
 */
export interface HttpRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  /** The query string without its `?` (`limit=10&status=queued`); absent or empty when there is none. */
  query?: string;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string | undefined>>;
  /** The body as text; adapters enforce the size limit before it gets here. */
  body: string;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /**
   * Runs `work` once the adapter has handed the response over (ended it, or lost its client), or
   * at once if it already has; given by adapters that can tell (adapters/delivery.ts). Without it,
   * such work runs when it is ready.
   */
  whenDelivered?: (work: () => void) => void;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /**
   * A whole body, or a stream the adapter writes with backpressure. A stream's headers go out
   * with its first chunk, so that chunk should be ready when the response is.
   */
  body: string | AsyncIterable<string>;
}

/** A response whose body is whole text (JSON answers, every error). */
export type WholeResponse = HttpResponse & { body: string };

export type HttpHandler = (request: HttpRequest) => Promise<HttpResponse>;
