/**
 * The cold-start benchmark's floor: a Function URL streaming handler that does nothing but answer
 * a short stream, bundled and started exactly as the gateway is. What a cold start costs with no
 * code of ours in it.
 */
import type { Writable } from 'node:stream';

interface StreamingRuntime {
  streamifyResponse(handler: (event: unknown, responseStream: Writable) => Promise<void>): unknown;
  HttpResponseStream: { from(stream: Writable, prelude: { statusCode: number; headers: Record<string, string> }): Writable };
}

declare const awslambda: StreamingRuntime;

export const handler = awslambda.streamifyResponse(async (_event, responseStream) => {
  const stream = awslambda.HttpResponseStream.from(responseStream, { statusCode: 200, headers: { 'content-type': 'text/event-stream' } });
  stream.write('data: {"choices":[{"index":0,"delta":{"content":"Hello"}}]}\n\n');
  stream.end('data: [DONE]\n\n');
});
