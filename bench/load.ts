/**
 * The load generator: undici's raw `dispatch` over keep-alive connections (one per worker, so
 * nothing queues), timing each request from dispatch to its first body byte and to its last. A
 * closed loop: each of `concurrency` workers sends its next request as soon as its previous one
 * ended.
 */
import { Pool, type Dispatcher } from 'undici';

export interface RequestSpec {
  path: string;
  headers: Record<string, string>;
  body: string;
  /**
   * What a streaming request's body must end with to count as completed (`data: [DONE]` for
   * OpenAI's streams, message_stop's data for Anthropic's); absent for a JSON request.
   */
  streamEnd?: string;
  /**
   * How many bytes may follow `streamEnd` (8 unless given): Responses streams end with an event
   * whose data, the whole response object, comes after its name.
   */
  streamEndWithin?: number;
}

export interface Sample {
  ok: boolean;
  status: number;
  /** Milliseconds from sending to the first body byte (the first SSE event when streaming). */
  firstByteMs: number;
  /** Milliseconds from sending to the end of the response. */
  totalMs: number;
  error?: string;
}

/**
 * `onFirstByte` runs when the first body byte arrives (the memory test counts streams really open);
 * with `pauseMs`, the client stops reading for that long after each chunk (a slow reader).
 */
export function send(dispatcher: Dispatcher, spec: RequestSpec, onFirstByte?: () => void, pauseMs = 0): Promise<Sample> {
  return new Promise((resolve) => {
    const start = performance.now();
    let status = 0;
    let firstByteAt = -1;
    let bytes = 0;
    let tail = '';
    const end = spec.streamEnd;
    // Only the last few bytes matter for the end, however the stream was cut into chunks.
    const keep = (end?.length ?? 0) + (spec.streamEndWithin ?? 8);
    const handler: Dispatcher.DispatchHandler = {
      onRequestStart() {},
      onResponseStart(_controller, statusCode) {
        status = statusCode;
      },
      onResponseData(controller, chunk) {
        if (pauseMs > 0) {
          controller.pause();
          setTimeout(() => controller.resume(), pauseMs);
        }
        if (firstByteAt < 0) {
          firstByteAt = performance.now();
          onFirstByte?.();
        }
        bytes += chunk.length;
        if (end) tail = (tail + chunk.toString('latin1', Math.max(0, chunk.length - keep))).slice(-keep);
      },
      onResponseEnd() {
        const endedAt = performance.now();
        const complete = end ? tail.includes(end) : bytes > 0;
        resolve({
          ok: status === 200 && complete,
          status,
          firstByteMs: (firstByteAt < 0 ? endedAt : firstByteAt) - start,
          totalMs: endedAt - start,
          ...(status === 200 && !complete ? { error: end ? `stream ended without ${end}` : 'empty body' } : {}),
          ...(status !== 200 ? { error: `HTTP ${status}` } : {}),
        });
      },
      onResponseError(_controller, error) {
        resolve({ ok: false, status, firstByteMs: 0, totalMs: performance.now() - start, error: error.message });
      },
    };
    dispatcher.dispatch({ path: spec.path, method: 'POST', headers: spec.headers, body: spec.body }, handler);
  });
}

export function openPool(origin: string, connections: number): Pool {
  return new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 60_000 });
}

/** Everything measured over one or more runs of the same load against the same target. */
export class Recorder {
  readonly firstByte: number[] = [];
  readonly total: number[] = [];
  failures = 0;
  firstFailure: string | undefined;
  seconds = 0;

  add(sample: Sample): void {
    if (!sample.ok) {
      this.failures++;
      this.firstFailure ??= sample.error ?? `HTTP ${sample.status}`;
      return;
    }
    this.firstByte.push(sample.firstByteMs);
    this.total.push(sample.totalMs);
  }

  get requests(): number {
    return this.total.length;
  }

  get requestsPerSecond(): number {
    return this.seconds > 0 ? this.requests / this.seconds : 0;
  }
}

export interface LoopOptions {
  concurrency: number;
  durationMs: number;
  /** Stops earlier once this many requests were sent. */
  maxRequests?: number;
}

/** Runs the closed loop for `durationMs` and adds every sample to the recorder. */
export async function closedLoop(dispatcher: Dispatcher, spec: RequestSpec, options: LoopOptions, recorder: Recorder): Promise<void> {
  const started = performance.now();
  const deadline = started + options.durationMs;
  const max = options.maxRequests ?? Number.POSITIVE_INFINITY;
  let sent = 0;
  const worker = async () => {
    while (performance.now() < deadline && sent < max) {
      sent++;
      recorder.add(await send(dispatcher, spec));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  recorder.seconds += (performance.now() - started) / 1000;
}

export interface Summary {
  mean: number;
  p50: number;
  p99: number;
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) return { mean: Number.NaN, p50: Number.NaN, p99: Number.NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  let sum = 0;
  for (const value of sorted) sum += value;
  return { mean: sum / sorted.length, p50: at(0.5), p99: at(0.99) };
}
