/**
 * One cold start, in a fresh process (`node bench/coldstart/cold-start-probe.ts <kind> <index.mjs>`):
 * stands in for Lambda's Node.js runtime (the `awslambda` streaming global, as it behaves: the
 * prelude, 8 NUL bytes, then the body), imports the bundle, awaits what the handler awaits before
 * it can serve, and for a streaming function sends two chat completions through the handler, each
 * on a later turn of the event loop, as the runtime's next invocation arrives.
 * Prints one line, `RESULT <json>` (a ColdStartSample).
 */
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';

export type FunctionKind = 'floor' | 'gateway' | 'worker';

export interface RequestTiming {
  /** From the invocation to the prelude (status and headers) being written. */
  headersMs: number;
  /** From the invocation to the handler's end (the body written, the after-response work done). */
  endMs: number;
  status: number;
}

export interface ColdStartSample {
  /** From just before `import()` to ready (the import settled, plus the worker's first `ready`). */
  importToReadyMs: number;
  /** From the process's start to ready: the runtime's own start-up included. */
  processToReadyMs: number;
  /** CPU time (user and system) the process used until ready: less disturbed than wall time by a busy machine. */
  cpuToReadyMs: number;
  /** Peak resident memory so far, read once ready. */
  peakRssMb: number;
  first?: RequestTiming;
  second?: RequestTiming;
}

type StreamingHandler = (event: unknown, responseStream: Writable, context: object) => Promise<void>;
type BatchHandler = (event: unknown, context: object) => Promise<unknown>;

const [kind, bundle] = process.argv.slice(2) as [FunctionKind, string];
if (!['floor', 'gateway', 'worker'].includes(kind) || !bundle) throw new Error('usage: cold-start-probe.ts floor|gateway|worker <index.mjs>');

/** Collects what the handler writes and when the prelude was written. */
class ResponseSink extends Writable {
  prelude: { at: number; status: number } | undefined;
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void) {
    if (!this.prelude) this.prelude = { at: performance.now(), status: (JSON.parse(chunk.toString()) as { statusCode: number }).statusCode };
    callback();
  }
}

Object.assign(globalThis, {
  awslambda: {
    streamifyResponse: (handler: StreamingHandler) => handler,
    HttpResponseStream: {
      from(stream: Writable, prelude: Record<string, unknown>) {
        stream.write(JSON.stringify(prelude));
        stream.write(new Uint8Array(8));
        return stream;
      },
    },
  },
});

let invocation = 0;
const context = () => ({ awsRequestId: `coldstart-${++invocation}`, getRemainingTimeInMillis: () => 900_000 });

// The stand-in runtime's own functions run once before the bundle is imported, so that the first
// request's time is the gateway's rather than that of the harness's first calls: the runtime's
// own start is not what the benchmark judges.
new ResponseSink().end(JSON.stringify({ statusCode: 0 }));
context().getRemainingTimeInMillis();
invocation = 0;

const start = performance.now();
const { handler } = (await import(pathToFileURL(bundle).href)) as { handler: StreamingHandler | BatchHandler };
// The worker awaits its engine's first load inside each invocation: an empty batch measures it.
if (kind === 'worker') await (handler as BatchHandler)({ Records: [] }, context());
const ready = performance.now();
const sample: ColdStartSample = {
  importToReadyMs: ready - start,
  processToReadyMs: ready,
  cpuToReadyMs: (({ user, system }) => (user + system) / 1000)(process.cpuUsage()),
  peakRssMb: (process.resourceUsage().maxRSS * 1024) / 1e6,
};

async function chat(): Promise<RequestTiming> {
  const body = JSON.stringify({
    model: 'openai/gpt-4o-mini',
    stream: true,
    messages: [
      { role: 'system', content: 'You are a helpful assistant. Answer briefly.' },
      { role: 'user', content: 'Summarize why a Lambda cold start matters for an API gateway, in two sentences.' },
    ],
  });
  const event = {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/v1/chat/completions',
    rawQueryString: '',
    headers: { authorization: `Bearer ${process.env.BENCH_GATEWAY_KEY ?? ''}`, 'content-type': 'application/json' },
    requestContext: { http: { method: 'POST', path: '/v1/chat/completions' }, requestId: `coldstart-${invocation}` },
    body,
    isBase64Encoded: false,
  };
  // As the runtime hands the handler each invocation: when its call for the next one (to the
  // Runtime API, on libuv's thread pool) answers, a turn of the event loop after the previous
  // invocation or the import, never in the microtasks the import's last await left running.
  await new Promise((resolve) => setImmediate(resolve));
  const sink = new ResponseSink();
  const at = performance.now();
  await (handler as StreamingHandler)(event, sink, context());
  const end = performance.now();
  if (!sink.prelude) throw new Error('the handler wrote no prelude');
  return { headersMs: sink.prelude.at - at, endMs: end - at, status: sink.prelude.status };
}

if (kind !== 'worker') {
  sample.first = await chat();
  sample.second = await chat();
}
process.stdout.write(`RESULT ${JSON.stringify(sample)}\n`);
process.exit(0);
