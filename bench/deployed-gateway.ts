/**
 * What the benchmark's deployed gateway runs and talks to, as a Lambda instance would:
 * bench/deployed-gateway-server.ts bundled with the stack's esbuild options (lib/build-bundle.ts:
 * one minified file, its source map beside it and not loaded, the side modules as the function's
 * asset lays them out), so that its memory and CPU are those of deployed code rather than of ~400
 * TypeScript modules and their source text; and the stack's tables on an embedded DynamoDB in a
 * process of its own, as the real one is across the network, the pricing table seeded as
 * `npm start` seeds it. One store serves every deployed gateway of a run, as one deployment's
 * tables serve all its instances.
 *
 * The bundle also holds `npm start`'s in-memory engine and its price dataset (start-server.ts
 * imports them on demand), as text that is never run: the Lambda entry does not bundle them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedAwsProcess } from '../functions/local/embedded-aws-process.ts';
import { seedLocalPricesInChild } from '../functions/local/seed-local-prices-process.ts';
import { createLogger } from '../functions/observability/logger.ts';
import { buildBundle, buildSideFiles } from '../lib/build-bundle.ts';

export interface DeployedGateway {
  /** The bundle to run (`index.mjs`, absolute). */
  script: string;
  /** The store's endpoints and table names, for the gateway's environment. */
  env: Record<string, string>;
  /** Stops the store and removes the bundle. */
  close(): Promise<void>;
}

/**
 * `gatewayEnv`: the gateway's own variables (keys, base URLs), which the seed reads its catalog
 * with too. `keepIn`: a folder to build the bundle in and leave it (beside a CPU profile of it,
 * which summarize-cpu-profile.ts reads through the bundle's source map); a temporary one otherwise.
 */
export async function prepareDeployedGateway(gatewayEnv: Record<string, string>, keepIn?: string): Promise<DeployedGateway> {
  const dir = keepIn ?? mkdtempSync(join(tmpdir(), 'switchyard-bench-deployed-'));
  mkdirSync(dir, { recursive: true });
  const { code, map } = await buildBundle('../bench/deployed-gateway-server.ts');
  writeFileSync(join(dir, 'index.mjs'), code);
  if (map) writeFileSync(join(dir, 'index.mjs.map'), map);
  for (const { file, contents } of await buildSideFiles()) writeFileSync(join(dir, file), contents);

  const aws = await startEmbeddedAwsProcess({ env: {} });
  // Its log line would land in the benchmark's report; a failed seed still says so.
  await seedLocalPricesInChild({ PATH: process.env.PATH, ...gatewayEnv, ...aws.env, POWERTOOLS_LOG_LEVEL: 'WARN' }, createLogger());
  return {
    script: join(dir, 'index.mjs'),
    env: aws.env,
    close: async () => {
      await aws.close();
      if (!keepIn) rmSync(dir, { recursive: true, force: true });
    },
  };
}
