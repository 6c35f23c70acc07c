/**
 * The gateway's port, bound before anything else starts: a port another process holds is then
 * told in one line, before any embedded service has started (and would have to be stopped
 * again). The server answers nothing until the gateway is ready: requests that arrive before
 * wait for it.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The port cannot be had: held by another process, or privileged. */
export class PortUnavailableError extends Error {
  override name = 'PortUnavailableError';
}

export interface BoundPort {
  url: string;
  /**
   * Starts answering, the requests that have been waiting first. `checkContinue` takes the
   * requests sent with `expect: 100-continue` (node-http.ts createContinueListener); without it
   * they are told to continue, and go to `listener`.
   */
  serve(listener: RequestListener, checkContinue?: RequestListener): void;
  /** Stops listening and drops open connections; once, however often it is called. */
  close(): Promise<void>;
}

export async function bindPort(port: number, host = '127.0.0.1'): Promise<BoundPort> {
  const listeners = Promise.withResolvers<{ request: RequestListener; checkContinue: RequestListener }>();
  const server = createServer((req, res) => void listeners.promise.then(({ request }) => request(req, res)));
  // Node answers `expect: 100-continue` itself unless this event is listened to: held until ready too.
  server.on('checkContinue', (req, res) => void listeners.promise.then(({ checkContinue }) => checkContinue(req, res)));
  await new Promise<void>((resolve, reject) => {
    const refuse = (error: NodeJS.ErrnoException) => reject(portError(error, port, host, 'PORT'));
    server.once('error', refuse);
    server.listen(port, host, () => {
      server.off('error', refuse);
      resolve();
    });
  });
  const { address, port: bound } = server.address() as AddressInfo;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${address}:${bound}`,
    serve: (request, checkContinue) =>
      listeners.resolve({
        request,
        checkContinue:
          checkContinue ??
          ((req, res) => {
            res.writeContinue();
            request(req, res);
          }),
      }),
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })),
  };
}

/** A port that cannot be had, told in one line naming the variable that chose it; other errors as they are. */
export function portError(error: NodeJS.ErrnoException, port: number, host: string, variable: string): Error {
  if (error.code === 'EADDRINUSE') {
    return new PortUnavailableError(`port ${port} on ${host} is in use by another process. Stop it, or set ${variable} to another port (${variable}=0 takes any free one).`);
  }
  if (error.code === 'EACCES') {
    return new PortUnavailableError(`port ${port} on ${host} needs privileges this process does not have: set ${variable} to a port above 1023.`);
  }
  return error;
}
