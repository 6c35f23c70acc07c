/**
 * Lambda entry for the probe, on an EventBridge schedule (every minute): configuration and the
 * health table's client are made once per cold start, provider keys from the deployment's secret
 * (`SWITCHYARD_SECRET_ARN`) over the environment. Each invocation probes in rounds every
 * `SWITCHYARD_PROBE_EVERY_MS` (10 s) for its minute, each round recorded as it completes, and
 * starts no round that could not end before the invocation's time runs out (less a margin for the
 * last recording). The probe serves no HTTP, so it needs no gateway keys.
 */
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { createDynamoDbDocumentClient } from './aws/dynamodb/document-client.ts';
import { tableName } from './aws/resource-names.ts';
import { loadConfig } from './config/load-config.ts';
import { loadSecretEnvironment } from './config/load-secret-environment.ts';
import { createProbe } from './health/create-probe.ts';
import { readProbeSettings } from './health/probe-settings.ts';
import type { ProbeRoundsSummary } from './health/run-probe-rounds.ts';
import { createLogger } from './observability/logger.ts';

const logger = createLogger();

const env = await loadSecretEnvironment(process.env);

const probe = createProbe({
  config: loadConfig(env, { requireGatewayKeys: false }),
  settings: readProbeSettings(env),
  logger,
  client: createDynamoDbDocumentClient(env),
  tableName: tableName(env, 'health'),
});

/** The schedule's period: one invocation a minute (lib/constructs/health-probe.ts). */
const PERIOD_MS = 60_000;
/** Left at the end of the invocation for the last round's recording and the runtime. */
const SAFETY_MARGIN_MS = 5_000;

export const handler = middy<ScheduledEvent, ProbeRoundsSummary>().handler((_event: ScheduledEvent, context: Context) =>
  probe.runFor({ deadline: Date.now() + context.getRemainingTimeInMillis() - SAFETY_MARGIN_MS, periodMs: PERIOD_MS }),
);
