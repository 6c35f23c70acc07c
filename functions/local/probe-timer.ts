/**
 * `npm start`'s probe: the scheduled Lambda's rounds on a timer (`SWITCHYARD_PROBE_EVERY_MS`,
 * every 10 s by default; targets with their own interval are probed in the rounds they are due),
 * against the same health table. The first run starts at once; a run
 * never overlaps the previous one. Stopping aborts a run in flight (its samples are dropped) and
 * waits for it. Nothing runs, and the log says so, when no targets are configured.
 */
import { createDynamoDbDocumentClient } from '../aws/dynamodb/document-client.ts';
import { MissingResourceVariableError, tableName } from '../aws/resource-names.ts';
import { loadConfig, type Environment } from '../config/load-config.ts';
import { createProbe, NO_PROBE_TARGETS_MESSAGE } from '../health/create-probe.ts';
import { readProbeSettings } from '../health/probe-settings.ts';
import type { GatewayLogger } from '../observability/logger.ts';

export interface ProbeTimer {
  stop(): Promise<void>;
}

export async function startProbeTimer(env: Environment, logger: GatewayLogger): Promise<ProbeTimer | undefined> {
  const settings = readProbeSettings(env);
  if (settings.targetNames.length === 0) {
    logger.info(NO_PROBE_TARGETS_MESSAGE);
    return undefined;
  }
  let table: string;
  try {
    table = tableName(env, 'health');
  } catch (error) {
    // With real AWS and no table variable, the gateway still starts (as the topology does without its resources).
    if (!(error instanceof MissingResourceVariableError)) throw error;
    logger.warn(`probe: not started: ${error.message}`);
    return undefined;
  }
  const client = createDynamoDbDocumentClient(env);
  const probe = createProbe({ config: loadConfig(env, { requireGatewayKeys: false }), settings, logger, client, tableName: table });
  if (probe.targets.length === 0) {
    client.destroy();
    return undefined;
  }

  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const tick = () => {
    // Runs start every interval, like the stack's schedule: a slow run shortens the wait, not the cadence.
    const startedAt = Date.now();
    running = probe
      .run(controller.signal)
      .then(
        () => {},
        (error: unknown) => logger.error('probe: run failed', { error: error as Error }),
      )
      .finally(() => {
        running = undefined;
        if (!controller.signal.aborted) timer = setTimeout(tick, Math.max(0, settings.everyMs - (Date.now() - startedAt)));
      });
  };
  tick();
  logger.info(`probe: every ${settings.everyMs} ms`);

  return {
    async stop() {
      controller.abort(new Error('shutting down'));
      clearTimeout(timer);
      await running;
      client.destroy();
    },
  };
}
