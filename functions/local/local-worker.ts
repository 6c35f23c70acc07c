/**
 * The worker as `npm start` runs it: the real worker handler, built on its first batch, when the
 * topology has put the embedded tables' variables into `env` (they are not there before it starts),
 * and, as worker.ts, loading the exact token counter after a batch whose prompts needed it.
 */
import type { Environment } from '../config/load-config.ts';
import { createWorkerHandler, type WorkerHandler } from '../jobs/create-worker-handler.ts';
import { workerDependencies } from '../jobs/worker-dependencies.ts';
import type { GatewayLogger } from '../observability/logger.ts';
import { loadExactTokenCounterIfWanted } from '../routing/exact-token-counter.ts';
import type { SqsBatchHandler } from './sqs-event-source.ts';

export function localWorker(env: Environment, logger: GatewayLogger): SqsBatchHandler {
  let handler: WorkerHandler | undefined;
  return async (event) => {
    const response = await (handler ??= createWorkerHandler(workerDependencies(env, logger)))(event);
    await loadExactTokenCounterIfWanted(logger);
    return response;
  };
}
