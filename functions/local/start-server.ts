/**
 * The gateway on a Node http server: what `npm start` runs, and what end-to-end tests start.
 * The same createGateway() the Lambda runs, behind the Node adapter instead of the Function URL.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadConfig, type Environment, type GatewayConfig } from '../config/load-config.ts';
import { createNodeListener } from '../http/adapters/node-http.ts';
import { createDynamoDbDocumentClient } from '../aws/dynamodb-client.ts';
import { tableName } from '../aws/resource-names.ts';
import { createModelResolver } from '../catalog/resolve-model.ts';
import { createGateway } from '../http/create-gateway.ts';
import { createEngine } from '../routing/create-engine.ts';
import type { GatewayLogger } from '../observability/logger.ts';

export interface StartServerOptions {
  env: Environment;
  port: number;
  host?: string;
  logger: GatewayLogger;
  /**
   * `dynamodb` (what `npm start` runs): the health and pricing tables behind the clients the
   * environment points to; `none`: the gateway alone, routing on its own samples and the bundled prices.
   */
  state?: 'dynamodb' | 'none';
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
    if (provider.configured) logger.info(`provider ${provider.definition.id}: configured`, { baseUrl: provider.baseUrl });
    else logger.info(`provider ${provider.definition.id}: unconfigured (set ${provider.apiKeyVariable})`);
  }

  const engine = createEngine({
    config,
    resolver: createModelResolver(config.catalog),
    logger,
    ...((options.state ?? 'dynamodb') === 'dynamodb'
      ? {
          store: { client: createDynamoDbDocumentClient(options.env), healthTable: tableName(options.env, 'health'), pricingTable: tableName(options.env, 'pricing') },
          flushIntervalMs: 1_000,
        }
      : {}),
  });
  engine.start();

  const server = createServer(
    createNodeListener(createGateway(config, { logger, engine }), {
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
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await engine.stop();
    },
  };
}
