/**
 * Lambda entry for the probe, on an EventBridge schedule (every minute): configuration and the
 * health table's client are made once per cold start, provider keys from the deployment's secret
 * (`SWITCHYARD_SECRET_ARN`) over the environment; each invocation probes every target once and
 * records the samples. The probe serves no HTTP, so it needs no gateway keys.
 */
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { createDynamoDbDocumentClient } from './aws/dynamodb-client.ts';
import { tableName } from './aws/resource-names.ts';
import { loadConfig } from './config/load-config.ts';
import { loadSecretEnvironment } from './config/load-secret-environment.ts';
import { createProbe, type ProbeRunSummary } from './health/create-probe.ts';
import { readProbeSettings } from './health/probe-settings.ts';
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

export const handler = middy<ScheduledEvent, ProbeRunSummary>().handler(() => probe.run());
