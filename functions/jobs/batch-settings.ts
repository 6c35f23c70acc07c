/**
 * The batch path's settings from the environment:
 * - `SWITCHYARD_BATCH_PROVIDERS`: which providers' batch APIs jobs may go to (comma-separated);
 *   unset, every configured provider that has one (OpenAI, Anthropic, Gemini); empty, none;
 * - `SWITCHYARD_BATCH_ACCUMULATION_MS`: how long a target's first waiting job waits for others
 *   before the poller sends their batch (60 s; the poller runs every minute).
 */
import type { GatewayConfig } from '../config/load-config.ts';
import { readList, readPositiveInt, type Environment } from '../config/read-environment.ts';
import { batchClientFor } from '../batches/batch-client.ts';

export interface BatchSettings {
  providers: ReadonlySet<string>;
  accumulationMs: number;
}

export function readBatchSettings(env: Environment, config: Pick<GatewayConfig, 'providers'>): BatchSettings {
  const capable = [...config.providers.keys()].filter((id) => batchClientFor(id, config.providers.get(id)) !== undefined);
  const named = env.SWITCHYARD_BATCH_PROVIDERS === undefined ? capable : readList(env, 'SWITCHYARD_BATCH_PROVIDERS').filter((id) => capable.includes(id));
  return { providers: new Set(named), accumulationMs: readPositiveInt(env, 'SWITCHYARD_BATCH_ACCUMULATION_MS', 60_000) };
}
