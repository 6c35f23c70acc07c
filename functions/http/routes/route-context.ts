import type { Usage } from '../../core/stream-event.ts';
import type { Caller } from '../../routing/caller.ts';
import type { CallError } from '../../core/call-error.ts';

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
  /** The authenticated key (what owns a job) and its model policy: passed on to whatever plans a route. */
  caller: Caller;
  annotate(fields: RouteAnnotations): void;
  /** For streams: logs the request when the stream ends rather than when its headers go out. */
  finish(outcome: { usage: Usage | undefined; error: CallError | undefined; costUsd?: number | undefined }): void;
}
