import type { Usage } from '../../chat/stream-event.ts';
import type { GatewayError } from '../gateway-error.ts';

/** What a route tells the request log: what served it, and how a stream ended once it has. */
export interface RouteAnnotations {
  provider?: string;
  model?: string;
  usage?: Usage | undefined;
  /** USD by the price book, from the actual usage. */
  costUsd?: number | undefined;
  /** How many targets the route plan held. */
  candidates?: number;
}

export interface RouteContext {
  requestId: string;
  /** The caller's key as its hex SHA-256 digest; absent on an open gateway (what owns a job). */
  keyDigest?: string;
  /** Whether the caller's key may use a target (`provider/model`); absent when it may use any. */
  allowed?: (target: string) => boolean;
  annotate(fields: RouteAnnotations): void;
  /** For streams: logs the request when the stream ends rather than when its headers go out. */
  finish(outcome: { usage: Usage | undefined; error: GatewayError | undefined; costUsd?: number | undefined }): void;
}
