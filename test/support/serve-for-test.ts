/**
 * A server on 127.0.0.1 for one test, the connections it accepts counted, and connection pools
 * that keep connections alive to reach it through (net/expiring-agents.ts): the pools, the
 * server's connections and the server are closed when the test finishes.
 */
import { createServer, type RequestListener } from 'node:http';
import type { Socket } from 'node:net';
import { onTestFinished } from 'vitest';
import { createExpiringAgents, type ExpiringAgentOptions, type ExpiringAgents } from '../../functions/net/expiring-agents.ts';
import { listenOnLoopback } from './listen-on-loopback.ts';

export interface ServedForTest {
  /** `http://127.0.0.1:PORT`. */
  origin: string;
  agents: ExpiringAgents;
  /** Every connection the server accepted, in order. */
  connections: Socket[];
}

export async function serveForTest(listener: RequestListener, agentOptions: ExpiringAgentOptions): Promise<ServedForTest> {
  const server = createServer({ keepAliveTimeout: 600_000 }, listener);
  const connections: Socket[] = [];
  server.on('connection', (socket: Socket) => connections.push(socket));
  const { origin, close } = await listenOnLoopback(server);
  const agents = createExpiringAgents(agentOptions);
  onTestFinished(async () => {
    agents.http.destroy();
    server.closeAllConnections();
    await close();
  });
  return { origin, agents, connections };
}
