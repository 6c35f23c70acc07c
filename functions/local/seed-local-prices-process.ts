/**
 * `npm start`'s seed of the embedded pricing table (seed-local-prices.ts) in a short-lived process
 * of its own: the seed reads the whole genai-prices dataset, which the gateway's process then never
 * holds, as a deployed gateway does not (its prices come from the table). The benchmark's deployed
 * gateway seeds the same way, so that its memory is a Lambda's.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Environment } from '../config/load-config.ts';
import type { GatewayLogger } from '../observability/logger.ts';

const CHILD = fileURLToPath(new URL('./seed-local-prices-child.ts', import.meta.url));

/** Resolves once the seed has ended; a seed that could not run is logged, never thrown: the gateway serves without costs. */
export async function seedLocalPricesInChild(env: Environment, logger: GatewayLogger): Promise<void> {
  const variables = Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
  // No inherited flags (a --cpu-prof or --inspect is meant for the gateway); its log lines go where ours do.
  const child = spawn(process.execPath, [CHILD], { env: variables, stdio: ['ignore', 'inherit', 'inherit'] });
  const failure = await new Promise<string | undefined>((resolve) => {
    child.once('error', (error) => resolve(`could not start (${error.message})`));
    child.once('exit', (code, signal) => resolve(code === 0 ? undefined : `ended with ${signal ?? `status ${code}`}`));
  });
  if (failure) logger.warn(`pricing: the seed ${failure}; costs may be unknown`);
}
