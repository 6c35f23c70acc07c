/**
 * The gateway on a Node http server: what `npm start` runs, and what end-to-end tests start.
 * The same createGateway() the Lambda runs, behind the Node adapter instead of the Function URL.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Environment, type GatewayConfig } from '../config/load-config.ts';
import { createNodeListener } from '../http/adapters/node-http.ts';
import { createGateway } from '../http/create-gateway.ts';
import type { GatewayLogger } from '../observability/logger.ts';

export interface StartServerOptions {
  env: Environment;
  port: number;
  host?: string;
  logger: GatewayLogger;
}

export interface RunningServer {
  url: string;
  config: GatewayConfig;
  close(): Promise<void>;
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const config = loadConfig(options.env);
  const { logger } = options;
  if (config.gatewayKeys === 'open') {
    logger.warn(
      `The gateway is open: SWITCHYARD_API_KEYS is unset and NODE_ENV is '${options.env.NODE_ENV}', so requests need no key. Set SWITCHYARD_API_KEYS to require one.`,
    );
  }
  for (const provider of config.providers.values()) {
    if (provider.apiKey) logger.info(`provider ${provider.definition.id}: configured`, { baseUrl: provider.baseUrl });
    else logger.info(`provider ${provider.definition.id}: unconfigured (set ${provider.apiKeyVariable})`);
  }

  const server = createServer(
    createNodeListener(createGateway(config, { logger }), {
      maxRequestBytes: config.maxRequestBytes,
      drainTimeoutMs: config.streamIdleTimeoutMs,
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', resolve);
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address}:${port}`,
    config,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
