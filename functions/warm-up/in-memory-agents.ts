/**
 * Connection pools whose connections never leave the process: each request's connection is one
 * end of an in-memory stream pair (`duplexPair`), and the other end answers it with `respond`'s
 * raw HTTP/1.1 response once the request is in whole. Node's HTTP client runs as it does against
 * a socket (a custom agent may hand it any duplex stream); nothing is resolved, dialled or sent.
 * No keep-alive: the client asks for the connection to be closed and ends its side once the
 * response is read. The server never ends its own, so an answer shorter than it says it is leaves
 * the client waiting, as a stalled server would (the rehearsal's time limit then applies).
 */
import { Agent as HttpAgent, type ClientRequestArgs } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { duplexPair, type Duplex } from 'node:stream';
import type { Agents } from '../net/send-request.ts';

/** What the in-memory server was sent: the request line and headers as text, then the body. */
export interface ReceivedRequest {
  head: string;
  body: Buffer;
}

/** The raw response (status line, headers, body) to a request, with its `content-length`. */
export type Respond = (request: ReceivedRequest) => string;

const HEAD_END = '\r\n\r\n';

export function createInMemoryAgents(respond: Respond): Agents {
  const connect = (): Duplex => {
    const [client, server] = duplexPair();
    answerOnce(server, respond);
    return client;
  };
  // No keep-alive: a connection serves one request and is destroyed after it.
  return {
    http: new (class extends HttpAgent {
      override createConnection(_options: ClientRequestArgs): Duplex {
        return connect();
      }
    })({ keepAlive: false }),
    https: new (class extends HttpsAgent {
      override createConnection(_options: ClientRequestArgs): Duplex {
        return connect();
      }
    })({ keepAlive: false }),
  };
}

/** Reads one request (its head, then `content-length` bytes of body) and writes the response. */
function answerOnce(server: Duplex, respond: Respond): void {
  let received = Buffer.alloc(0);
  const onData = (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    const headEnd = received.indexOf(HEAD_END);
    if (headEnd < 0) return;
    const head = received.subarray(0, headEnd).toString('latin1');
    const length = Number(/^content-length:\s*(\d+)\s*$/im.exec(head)?.[1] ?? 0);
    const body = received.subarray(headEnd + HEAD_END.length);
    if (body.length < length) return;
    server.off('data', onData);
    try {
      server.write(respond({ head, body: body.subarray(0, length) }));
    } catch (error) {
      // The client sees its connection fail, as it would a server's that broke.
      server.destroy(error as Error);
    }
  };
  server.on('data', onData);
  // Nothing here outlives the client's end: the pair is collected with it.
  server.on('error', () => {});
}
