/**
 * Switchyard in one stack: the gateway behind a streaming Function URL, its secret, the state
 * tables (health, prices, jobs, stored responses), the jobs queue, and the alarms and dashboard
 * over them. The worker (SQS event source) and the probe (EventBridge schedule) join as further
 * BundledFunctions with narrow binds.
 */
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { FunctionUrlAuthType } from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { BUCKETS, QUEUES, TABLES } from '../functions/infrastructure/resource-definitions.ts';
import { DeadLetterConsumer } from './constructs/dead-letter-consumer.ts';
import { BatchPoller } from './constructs/batch-poller.ts';
import { ResultsBucket } from './constructs/results-bucket.ts';
import { GatewayApi } from './constructs/gateway-api.ts';
import { HealthProbe } from './constructs/health-probe.ts';
import { JobQueue } from './constructs/job-queue.ts';
import { JobWorker } from './constructs/job-worker.ts';
import { PricingSeed } from './constructs/pricing-seed.ts';
import { Observability } from './constructs/observability.ts';
import { ProviderSecret } from './constructs/provider-secret.ts';
import { StateTables, toPascal, type TableKey } from './constructs/state-tables.ts';
import { FUNCTION_BUCKET_ACCESS } from './constructs/bucket-access.ts';
import { FUNCTION_TABLE_ACCESS } from './constructs/table-access.ts';

export interface SwitchyardStackProps extends StackProps {
  /** The Function URL's auth type: `NONE` (default; the gateway checks bearer keys) or `AWS_IAM`. */
  functionUrlAuthType?: FunctionUrlAuthType;
  /** How long function logs are kept (default one month). */
  logRetention?: RetentionDays;
  /** The probe's targets (`SWITCHYARD_PROBE_TARGETS`, comma-separated model names); none by default. */
  probeTargets?: string;
  /** Between two probe rounds (`SWITCHYARD_PROBE_EVERY_MS`); 10 s by default. */
  probeEveryMs?: number;
  /** Per-target probing (`SWITCHYARD_PROBE_CONFIG`, JSON), validated when the probe starts. */
  probeConfig?: string;
}

export class SwitchyardStack extends Stack {
  readonly gateway: GatewayApi;
  readonly probe: HealthProbe;
  readonly secret: ProviderSecret;
  readonly state: StateTables;
  readonly jobs: JobQueue;
  readonly worker: JobWorker;
  readonly results: ResultsBucket;
  readonly deadLetters: DeadLetterConsumer;
  readonly poller: BatchPoller;
  readonly pricingSeed: PricingSeed;
  readonly observability: Observability;

  constructor(scope: Construct, id: string, props: SwitchyardStackProps = {}) {
    super(scope, id, props);
    const logRetention = props.logRetention ?? RetentionDays.ONE_MONTH;

    this.secret = new ProviderSecret(this, 'ProviderSecret');
    this.state = new StateTables(this, 'State');
    this.jobs = new JobQueue(this, 'Jobs', { definition: QUEUES.jobs });
    this.gateway = new GatewayApi(this, 'Api', { authType: props.functionUrlAuthType ?? FunctionUrlAuthType.NONE, logRetention });
    this.secret.bindReader(this.gateway.function);
    // The gateway's tables (table-access.ts): the health matrix with its own samples and breaker
    // states, prices, the jobs API's records, idempotency keys and byOwner index, and the Responses
    // door's stored responses, which no other function reads; then the jobs queue's send right.
    for (const access of FUNCTION_TABLE_ACCESS.gateway) this.state.bind(this.gateway.function, access);
    this.jobs.bindSender(this.gateway.function);
    this.probe = new HealthProbe(this, 'Health', {
      logRetention,
      ...(props.probeTargets ? { targets: props.probeTargets } : {}),
      ...(props.probeEveryMs === undefined ? {} : { everyMs: props.probeEveryMs }),
      ...(props.probeConfig === undefined ? {} : { config: props.probeConfig }),
    });
    this.secret.bindReader(this.probe.function);
    for (const access of FUNCTION_TABLE_ACCESS.probe) this.state.bind(this.probe.function, access);

    this.worker = new JobWorker(this, 'Worker', { queue: this.jobs.queue, logRetention });
    this.secret.bindReader(this.worker.function);
    // The worker routes and prices each job as the gateway does, records its calls' health, and
    // sends a job waiting for a cheaper price window back to the queue with a delay.
    for (const access of FUNCTION_TABLE_ACCESS.worker) this.state.bind(this.worker.function, access);
    this.jobs.bindSender(this.worker.function);

    // Results too large for a job record: the worker writes them, GET /v1/jobs/{id} reads them (the poller binds its own).
    this.results = new ResultsBucket(this, 'Results', { definition: BUCKETS.results });
    for (const access of FUNCTION_BUCKET_ACCESS.worker) this.results.grant(this.worker.function, access);
    // And the Responses door's bodies too large for an item, under responses/.
    for (const access of FUNCTION_BUCKET_ACCESS.gateway) this.results.grant(this.gateway.function, access);
    // Jobs whose message reached the dead-letter queue are failed with the reason.
    this.deadLetters = new DeadLetterConsumer(this, 'DeadLetters', { deadLetterQueue: this.jobs.deadLetterQueue, logRetention });
    for (const access of FUNCTION_TABLE_ACCESS.deadLetters) this.state.bind(this.deadLetters.function, access);

    this.poller = new BatchPoller(this, 'Batches', { logRetention });
    this.secret.bindReader(this.poller.function);
    for (const access of FUNCTION_TABLE_ACCESS.poller) this.state.bind(this.poller.function, access);
    this.jobs.bindSender(this.poller.function);
    // Batch answers too large for a record go to the bucket; a callback of such a result reads it.
    for (const access of FUNCTION_BUCKET_ACCESS.poller) this.results.grant(this.poller.function, access);

    // Every deploy that changes the dataset version or the catalog's prices reseeds the pricing table.
    this.pricingSeed = new PricingSeed(this, 'Pricing', { logRetention });
    for (const access of FUNCTION_TABLE_ACCESS.pricingSeed) this.state.bind(this.pricingSeed.function, access);

    this.observability = new Observability(this, 'Observability');
    this.observability.monitorFunction('Gateway', this.gateway.function, { functionUrl: true });
    this.observability.monitorFunction('Probe', this.probe.function);
    this.observability.monitorFunction('Worker', this.worker.function);
    this.observability.monitorFunction('DeadLetters', this.deadLetters.function);
    this.observability.monitorFunction('Poller', this.poller.function);
    this.observability.monitorQueue('Jobs', this.jobs.queue, this.jobs.deadLetterQueue);
    this.observability.monitorApplicationMetrics();
    this.observability.addAlarmSummary();

    new CfnOutput(this, 'GatewayUrl', { value: this.gateway.url.url, description: 'The OpenAI-compatible base URL is this plus v1' });
    new CfnOutput(this, 'GatewayFunctionName', { value: this.gateway.function.functionName, description: 'For logs and metrics' });
    new CfnOutput(this, 'SecretArn', { value: this.secret.secret.secretArn, description: 'Provider and gateway keys (JSON)' });
    new CfnOutput(this, 'JobsQueueUrl', { value: this.jobs.queue.queueUrl });
    new CfnOutput(this, 'JobsDeadLetterQueueUrl', { value: this.jobs.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'ResultsBucketName', { value: this.results.bucket.bucketName });
    for (const key of Object.keys(TABLES) as TableKey[]) {
      new CfnOutput(this, `${toPascal(TABLES[key].name)}TableName`, { value: this.state.tables[key].tableName });
    }
    new CfnOutput(this, 'DashboardName', { value: this.observability.dashboard.dashboardName });
  }
}
