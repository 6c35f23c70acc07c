/**
 * `npm start`'s batch poller: the scheduled Lambda's run on a timer (`SWITCHYARD_POLLER_EVERY_MS`,
 * every 10 s by default: locally nobody wants to wait a minute), against the same tables and
 * queue. A run never overlaps the previous one; stopping waits for the run in flight.
 */
import { MissingResourceVariableError } from '../aws/resource-names.ts';
import { readPositiveInt, type Environment } from '../config/read-environment.ts';
import { pollerDependencies } from '../jobs/poller/poller-dependencies.ts';
import { runPoller } from '../jobs/poller/run-poller.ts';
import type { GatewayLogger } from '../observability/logger.ts';

export interface PollerTimer {
  stop(): Promise<void>;
}

export async function startPollerTimer(env: Environment, logger: GatewayLogger): Promise<PollerTimer | undefined> {
  const everyMs = readPositiveInt(env, 'SWITCHYARD_POLLER_EVERY_MS', 10_000);
  let poller: ReturnType<typeof pollerDependencies>;
  try {
    poller = pollerDependencies(env, logger);
  } catch (error) {
    // With real AWS and no resource variables, the gateway still starts (as the topology does without its resources).
    if (!(error instanceof MissingResourceVariableError)) throw error;
    logger.warn(`poller: not started: ${error.message}`);
    return undefined;
  }
  await poller.ready;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const tick = () => {
    running = runPoller(poller.deps)
      .then(
        () => {},
        (error: unknown) => logger.error('poller: run failed', { error: error as Error }),
      )
      .finally(() => {
        running = undefined;
        if (!stopped) timer = setTimeout(tick, everyMs);
      });
  };
  tick();
  logger.info(`poller: every ${everyMs} ms`);
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      await poller.stop();
    },
  };
}
