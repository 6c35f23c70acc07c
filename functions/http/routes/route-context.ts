import type { Usage } from '../../chat/stream-event.ts';
import type { GatewayError } from '../gateway-error.ts';

/** What a route tells the request log: what served it, and how a stream ended once it has. */
export interface RouteAnnotations {
  provider?: string;
  model?: string;
  usage?: Usage | undefined;
}

export interface RouteContext {
  requestId: string;
  annotate(fields: RouteAnnotations): void;
  /** For streams: logs the request when the stream ends rather than when its headers go out. */
  finish(outcome: { usage: Usage | undefined; error: GatewayError | undefined }): void;
}
