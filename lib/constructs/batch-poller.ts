/**
 * The batch poller: a BundledFunction that EventBridge invokes every minute to submit the jobs
 * waiting for a provider batch, collect the batches that ended, and deliver the callbacks due.
 * A run that fails is not retried (by EventBridge or by Lambda's asynchronous retries): the next
 * minute's run does the same work, and every change it makes is a conditional write.
 * Its grants (the jobs and pricing tables, the queue, the results bucket, the secret) are given by
 * the stack through the narrow binds.
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

export interface BatchPollerProps {
  logRetention: RetentionDays;
}

export class BatchPoller extends Construct {
  readonly function: NodejsFunction;
  readonly schedule: Rule;

  constructor(scope: Construct, id: string, { logRetention }: BatchPollerProps) {
    super(scope, id);
    const { function: fn } = new BundledFunction(this, 'Poller', {
      definition: FUNCTIONS.poller,
      service: METRICS_SERVICES.poller,
      description: "Switchyard batch poller: submits waiting jobs to the providers' batch APIs, collects the results, delivers callbacks",
      logRetention,
      environment: { NODE_ENV: 'production' },
    });
    fn.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(1) });
    this.function = fn;
    this.schedule = new Rule(this, 'Schedule', {
      description: 'Switchyard: run the batch poller every minute',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [new LambdaFunction(fn, { retryAttempts: 0, maxEventAge: Duration.minutes(1) })],
    });
  }
}
