/**
 * Connections opened ahead of the first request to a host, and handed to it: a new instance's
 * first provider call would otherwise wait for a TCP and TLS handshake with the provider (a round
 * trip or two, tens of milliseconds across regions) that can be done while the instance is still
 * starting. Nothing is sent on such a connection until a request takes it.
 *
 * The agent is given one in place of the connection it would open (`createConnection`, which Node
 * documents as a custom agent's to override) when the request's host, port and server name are
 * the warm one's. A warm connection idle past the agent's timeout, by the clock when it is taken
 * (a frozen Lambda instance runs no timers), or closed, or sent anything by the server, is closed
 * instead, and the request opens its own: nothing was written on it, so nothing is repeated.
 */
import type { AgentOptions, Agent as HttpAgent, ClientRequestArgs } from 'node:http';
import { isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** An agent with the options it opens its connections with (`https.Agent` types them; `http.Agent` has them too). */
export type AgentWithOptions = HttpAgent & { readonly options: AgentOptions; readonly defaultPort: number };

interface WarmConnection {
  socket: Socket;
  openedAt: number;
  /** Removes the listeners it was held with, when a request takes it or it closes. */
  forget: () => void;
}

/** Opens a connection to `url`'s host for the next request there to take, unless one is waiting. */
export type OpenWarmConnection = (url: URL) => void;

const keyOf = (host: string | null | undefined, port: string | number | null | undefined, servername: string | null | undefined): string =>
  `${host ?? ''}:${port ?? ''}:${servername ?? ''}`;

/** Makes `agent` hand out the warm connections the returned function opens (see above). */
export function holdWarmConnections(agent: AgentWithOptions, now: () => number): OpenWarmConnection {
  const createConnection = agent.createConnection.bind(agent);
  const warm = new Map<string, WarmConnection>();

  const take = (key: string): WarmConnection | undefined => {
    const connection = warm.get(key);
    if (!connection) return undefined;
    warm.delete(key);
    connection.forget();
    return connection;
  };
  const usable = ({ socket, openedAt }: WarmConnection): boolean => {
    const expired = socket.timeout !== undefined && socket.timeout > 0 && now() - openedAt >= socket.timeout;
    // Bytes from a server that was sent nothing are a goodbye (a 408, say): not a connection to write on.
    return !expired && !socket.destroyed && socket.writable && socket.readableLength === 0;
  };

  agent.createConnection = (options: ClientRequestArgs & { servername?: string | null }, callback?: (error: Error | null, stream: Duplex) => void) => {
    const connection = take(keyOf(options.host, options.port, options.servername));
    if (connection && usable(connection)) {
      // Held unreferenced, so that it kept no process alive; the request's pool takes it from here.
      connection.socket.ref();
      return connection.socket;
    }
    connection?.socket.destroy();
    return createConnection(options, callback);
  };

  return (url: URL) => {
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(url.port) || agent.defaultPort;
    // As Node's agent names the server, for http too: by host name, never by address ('').
    const servername = isIP(host) === 0 ? host : '';
    const key = keyOf(host, port, servername);
    const waiting = warm.get(key);
    if (waiting && usable(waiting)) return;
    take(key)?.socket.destroy();

    // What Node's agent creates a connection with: its own options over the request's (createSocket).
    const options: ClientRequestArgs & { keepAlive?: boolean; keepAliveInitialDelay?: number; _agentKey?: string } = {
      ...agent.options,
      host,
      port,
      ...(url.protocol === 'https:' && servername !== '' && { servername }),
      ...(agent.options.keepAlive && { keepAlive: true, keepAliveInitialDelay: agent.options.keepAliveMsecs ?? 1_000 }),
    };
    // The pool's name for the connection, under which an https agent keeps its TLS session for the next.
    options._agentKey = agent.getName(options);
    const socket = createConnection(options) as Socket | null | undefined;
    if (!socket) return;
    const onTimeout = () => socket.destroy();
    // Trying a host's next address gives the socket a new handle, referenced again.
    const onConnect = () => socket.unref();
    // A connection that fails or closes before a request takes it is forgotten; the request opens its own.
    const onError = () => {};
    const onClose = () => {
      if (warm.get(key) === connection) take(key);
    };
    const connection: WarmConnection = {
      socket,
      openedAt: now(),
      forget: () => {
        socket.off('timeout', onTimeout);
        socket.off('connect', onConnect);
        socket.off('error', onError);
        socket.off('close', onClose);
      },
    };
    warm.set(key, connection);
    socket.unref();
    socket.on('timeout', onTimeout);
    socket.once('connect', onConnect);
    socket.on('error', onError);
    socket.on('close', onClose);
  };
}
