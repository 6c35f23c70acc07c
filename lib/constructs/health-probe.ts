/**
 * The probe: a BundledFunction that EventBridge invokes every minute, and that probes in rounds
 * (every 10 s by default) for that minute, so that targets no client is calling still have fresh
 * health data. A probe that fails is not retried (by EventBridge or by Lambda's asynchronous
 * retries): the next minute's run probes again, and a late run measures nothing.
 * Its grants (a table, the secret) are given by the stack through the narrow binds.
 */
import { Duration } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FUNCTIONS } from '../../functions/infrastructure/resource-definitions.ts';
import { METRICS_SERVICES } from '../../functions/observability/metrics.ts';
import { BundledFunction } from './bundled-function.ts';
import { bindBedrock } from './gateway-api.ts';

export interface HealthProbeProps {
  logRetention: RetentionDays;
  /** `SWITCHYARD_PROBE_TARGETS`: comma-separated model names; empty probes nothing (and costs nothing but the invocation). */
  targets?: string;
  /** `SWITCHYARD_PROBE_EVERY_MS`: between rounds; the function's default (10 s) when absent. */
  everyMs?: number;
  /** `SWITCHYARD_PROBE_CONFIG`: per-target `off`, interval and prompt, as JSON (probe-config.ts). */
  config?: string;
}

export class HealthProbe extends Construct {
  readonly function: NodejsFunction;
  readonly schedule: Rule;

  constructor(scope: Construct, id: string, { logRetention, targets = '', everyMs, config }: HealthProbeProps) {
    super(scope, id);
    const { function: fn } = new BundledFunction(this, 'Probe', {
      definition: FUNCTIONS.probe,
      service: METRICS_SERVICES.probe,
      description: 'Switchyard probe: a tiny streaming request to each configured target every few seconds, recorded as health samples',
      logRetention,
      environment: {
        NODE_ENV: 'production',
        SWITCHYARD_PROBE_TARGETS: targets,
        ...(everyMs === undefined ? {} : { SWITCHYARD_PROBE_EVERY_MS: String(everyMs) }),
        ...(config === undefined ? {} : { SWITCHYARD_PROBE_CONFIG: config }),
      },
    });
    fn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(1) });
    bindBedrock(fn);
    this.function = fn;
    this.schedule = new Rule(this, 'Schedule', {
      description: 'Switchyard: run the health probe every minute',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(fn, { retryAttempts: 0, maxEventAge: Duration.minutes(1) })],
    });
  }
}
