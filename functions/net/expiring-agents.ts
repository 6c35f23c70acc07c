/**
 * Connection pools whose idle connections expire by the clock when they are taken for a request,
 * not only by the timer Node sets on them. A Lambda instance is frozen between invocations: the
 * timer that closes a connection idle past the pool's timeout cannot run then, and when the next
 * invocation thaws the process, its request is handed that connection before the timer fires.
 * By then the server has often closed it (its own idle timeout passed too), the request is reset,
 * and the provider would be blamed for a failure that was the gateway's.
 *
 * So a connection idle past its timeout is closed when it is taken, before anything is written
 * on it, and the request fails in a way `sendRequest` knows to send again at once: the request
 * never left, so sending it again cannot repeat it. The same goes for a pooled connection already
 * closed when taken (the pool skips those only at the end it does not take from).
 *
 * They can also open a connection to a host ahead of its first request (warm-connections.ts),
 * except through a proxy, whose tunnel is opened for a request.
 */
import type { ClientRequest, AgentOptions as HttpAgentOptions } from 'node:http';
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent, type AgentOptions as HttpsAgentOptions } from 'node:https';
import type { Duplex } from 'node:stream';
import type { Agents } from './send-request.ts';
import { holdWarmConnections, type AgentWithOptions, type OpenWarmConnection } from './warm-connections.ts';

/** When each pooled connection was put back in its pool. */
const idleSince = new WeakMap<Duplex, number>();
/** Requests whose connection was closed as expired before they were written on it. */
const expiredBeforeSending = new WeakSet<ClientRequest>();

/** Whether `request` failed because its connection had expired before it was written on: it never left. */
export const neverLeft = (request: ClientRequest): boolean => expiredBeforeSending.has(request);

export interface ExpiringAgentOptions extends HttpAgentOptions {
  /**
   * The clock idle time is measured by: the wall clock by default, which counts the time a paused
   * machine did not run (a jump forward costs at most a new connection); tests move their own.
   */
  now?: () => number;
}

export interface ExpiringAgents extends Agents {
  /** Opens a connection to `url`'s host for its next request to take (warm-connections.ts); nothing through a proxy. */
  preconnect(url: string): void;
}

export function createExpiringAgents({ now = Date.now, ...options }: ExpiringAgentOptions): ExpiringAgents {
  /** Node's agents call these two on every pooled connection, and document them as theirs to override. */
  const expiring = <A extends HttpAgent>(agent: A): A => {
    const keepSocketAlive = agent.keepSocketAlive.bind(agent);
    const reuseSocket = agent.reuseSocket.bind(agent);
    // Node sets the connection's timer here (`timeout`, or the server's `Keep-Alive` hint), and
    // returns whether to keep it, which @types/node types as void.
    agent.keepSocketAlive = (socket: Duplex): boolean => {
      const keep: unknown = keepSocketAlive(socket);
      idleSince.set(socket, now());
      return keep !== false;
    };
    agent.reuseSocket = (socket: Duplex & { timeout?: number }, request: ClientRequest): void => {
      const since = idleSince.get(socket);
      const expired = since !== undefined && socket.timeout !== undefined && socket.timeout > 0 && now() - since >= socket.timeout;
      if (expired || socket.destroyed) {
        expiredBeforeSending.add(request);
        socket.destroy();
      }
      reuseSocket(socket, request);
    };
    return agent;
  };
  const http = expiring(new HttpAgent(options));
  const https = expiring(new HttpsAgent(options as HttpsAgentOptions));
  const warm = new Map<string, OpenWarmConnection>();
  if (!proxiedFrom(options.proxyEnv, 'http:')) warm.set('http:', holdWarmConnections(http as AgentWithOptions, now));
  if (!proxiedFrom(options.proxyEnv, 'https:')) warm.set('https:', holdWarmConnections(https as AgentWithOptions, now));
  return {
    http,
    https,
    preconnect(url) {
      const parsed = new URL(url);
      warm.get(parsed.protocol)?.(parsed);
    },
  };
}

/**
 * Whether an agent given `proxyEnv` sends `protocol`'s requests through a proxy: when the
 * environment names one for it, as Node reads it (`https_proxy` before `HTTPS_PROXY`, an http or
 * https URL). NO_PROXY is not read: a host it exempts only goes without a warm connection.
 */
function proxiedFrom(env: ExpiringAgentOptions['proxyEnv'], protocol: 'http:' | 'https:'): boolean {
  if (!env) return false;
  const url = protocol === 'https:' ? env['https_proxy'] || env['HTTPS_PROXY'] : env['http_proxy'] || env['HTTP_PROXY'];
  return url !== undefined && /^https?:\/\//.test(url);
}
