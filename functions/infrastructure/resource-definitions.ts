/**
 * The stack's stateful resources as data, read by both the CDK stack (lib/) and the local
 * topology behind `npm start` (functions/local/), so the tables and queues a newcomer runs
 * against are the ones `cdk deploy` creates. Application code finds each resource through the
 * environment variable named here.
 */

export interface KeyAttribute {
  name: string;
  type: 'S' | 'N';
}

export interface TableDefinition {
  /** Logical name, also the local table name. */
  name: string;
  /** The variable the functions read the table's name from. */
  envVar: string;
  partitionKey: KeyAttribute;
  sortKey: KeyAttribute;
  /** Items expire at this epoch-seconds attribute (DynamoDB TTL; filtered on read, as expiry lags). */
  ttlAttribute: string;
  globalSecondaryIndexes: ReadonlyArray<{ name: string; partitionKey: KeyAttribute; sortKey: KeyAttribute }>;
}

export interface QueueDefinition {
  name: string;
  envVar: string;
  /** At least six times the consuming function's timeout, as AWS advises for SQS event sources. */
  visibilityTimeoutSeconds: number;
  retentionSeconds: number;
  /** Receives before a message moves to the dead-letter queue. */
  maxReceiveCount: number;
  deadLetterQueue: { name: string; envVar: string; retentionSeconds: number };
}

export interface FunctionDefinition {
  /** The entry file under functions/. */
  entry: string;
  timeoutSeconds: number;
  memoryMb: number;
}

const pk: KeyAttribute = { name: 'pk', type: 'S' };
const sk: KeyAttribute = { name: 'sk', type: 'S' };

/** The worker's timeout: a standard call that waits for a long answer, with room to store it. */
export const WORKER_TIMEOUT_SECONDS = 300;

export const FUNCTIONS = {
  /** Long streams: a Function URL stream may run up to the 15-minute Lambda maximum. */
  gateway: { entry: 'gateway.ts', timeoutSeconds: 900, memoryMb: 1024 },
  /**
   * Invoked every minute, it probes in rounds every 10 s for that minute: the last round starts at
   * 50 s and may take SWITCHYARD_PROBE_TIMEOUT_MS (20 s), then its recording; rounds that would not
   * end 5 s before this timeout are not started.
   */
  probe: { entry: 'probe.ts', timeoutSeconds: 90, memoryMb: 256 },
  /** Jobs from the jobs queue, each a standard call awaited whole (the queue's visibility timeout is six times this). */
  worker: { entry: 'worker.ts', timeoutSeconds: WORKER_TIMEOUT_SECONDS, memoryMb: 512 },
  /**
   * The batch poller, every minute: submits the batches due, downloads the results of those that
   * ended (a large batch's result file takes a while), and delivers the callbacks due.
   */
  poller: { entry: 'poller.ts', timeoutSeconds: 300, memoryMb: 512 },
  /** The jobs dead-letter queue's consumer: marks each dead job failed (a read and a write per message). */
  deadLetters: { entry: 'dead-letters.ts', timeoutSeconds: 20, memoryMb: 256 },
} as const satisfies Record<string, FunctionDefinition>;

export const TABLES = {
  /** Time-bucketed health samples per target: pk `target#<provider>/<model>`, sk `minute#<ISO minute>`. */
  health: { name: 'health', envVar: 'HEALTH_TABLE_NAME', partitionKey: pk, sortKey: sk, ttlAttribute: 'expiresAt', globalSecondaryIndexes: [] },
  /** Prices per model and validity window: pk `model#<provider>/<model>`, sk `from#<ISO time>`. */
  pricing: { name: 'pricing', envVar: 'PRICING_TABLE_NAME', partitionKey: pk, sortKey: sk, ttlAttribute: 'expiresAt', globalSecondaryIndexes: [] },
  /**
   * Asynchronous jobs: pk `job#<id>`, sk `job`; idempotency keys as pk `idempotency#<owner>#<key>`
   * (every kind of item the table holds: functions/jobs/jobs-table-partitions.ts).
   * `byOwner` lists a gateway key's jobs, newest first: gsi1pk `owner#<key hash>`, gsi1sk `<created ISO>#<id>`.
   * `callbacksDue` is sparse: only jobs whose callback is pending carry gsi2pk `callback#due` and
   * gsi2sk `<next attempt ISO>#<id>`, set in the same write that ends the job (no lost callback
   * between two writes) and removed once it is delivered or given up (delivery/callback-sweep.ts).
   * `awaitingWorker` is sparse too: a job put (back) in `queued` for a worker carries gsi3pk
   * `dispatch` and gsi3sk `<when its message is due ISO>#<id>` until a worker claims it, so the
   * poller finds a job whose message was never sent (poller/redispatch-stale-jobs.ts).
   */
  jobs: {
    name: 'jobs',
    envVar: 'JOBS_TABLE_NAME',
    partitionKey: pk,
    sortKey: sk,
    ttlAttribute: 'expiresAt',
    globalSecondaryIndexes: [
      { name: 'byOwner', partitionKey: { name: 'gsi1pk', type: 'S' }, sortKey: { name: 'gsi1sk', type: 'S' } },
      { name: 'callbacksDue', partitionKey: { name: 'gsi2pk', type: 'S' }, sortKey: { name: 'gsi2sk', type: 'S' } },
      { name: 'awaitingWorker', partitionKey: { name: 'gsi3pk', type: 'S' }, sortKey: { name: 'gsi3sk', type: 'S' } },
    ],
  },
  /**
   * The Responses door's stored responses (`store`, functions/responses/): pk `response#<id>`, sk
   * `response`; the owner (a key's hash, as a job's), and the Response, its input items and the
   * conversation a continuation starts from as JSON text, or where the results bucket holds them
   * (`responses/<id>/…`) when they are too large for an item. Kept 30 days.
   */
  responses: { name: 'responses', envVar: 'RESPONSES_TABLE_NAME', partitionKey: pk, sortKey: sk, ttlAttribute: 'expiresAt', globalSecondaryIndexes: [] },
} as const satisfies Record<string, TableDefinition>;

export const QUEUES = {
  /** Job ids for the worker; the job record in the jobs table is the source of truth. */
  jobs: {
    name: 'jobs',
    envVar: 'JOBS_QUEUE_URL',
    visibilityTimeoutSeconds: 6 * WORKER_TIMEOUT_SECONDS,
    retentionSeconds: 4 * 24 * 3600,
    maxReceiveCount: 5,
    deadLetterQueue: { name: 'jobs-dlq', envVar: 'JOBS_DLQ_URL', retentionSeconds: 14 * 24 * 3600 },
  },
} as const satisfies Record<string, QueueDefinition>;

/** Objects under one prefix of a bucket: what a function is granted, and what a lifecycle rule expires. */
export interface BucketPrefix {
  prefix: string;
  /** Objects are deleted this many days after they are written. */
  expirationDays: number;
}

export interface BucketDefinition {
  /** The local bucket's name (CloudFormation names the deployed one). */
  name: string;
  envVar: string;
  /** What the bucket holds, by prefix: functions are granted a prefix, never the whole bucket. */
  prefixes: Readonly<Record<string, BucketPrefix>>;
}

export const BUCKETS = {
  results: {
    name: 'switchyard-results',
    envVar: 'RESULTS_BUCKET_NAME',
    prefixes: {
      /**
       * Job results too large for a job record (delivery/result-storage.ts), `results/<job id>.json`.
       * A record lives 30 days past its deadline (JOB_TTL_SECONDS); its result is written before the
       * deadline, usually: 30 days plus 14 keep the object as long as the record for a deadline up to
       * 14 days out. A result read after its object expired is reported as expired, not as an error.
       */
      jobResults: { prefix: 'results/', expirationDays: 44 },
      /**
       * Stored responses too large for an item of the responses table (responses/), `responses/<id>/<uuid>.json`,
       * written with their record and kept as long: 30 days (S3 rounds an expiry up to the next
       * midnight UTC, so the object outlives the record, which readers stop seeing at its expiresAt).
       */
      responses: { prefix: 'responses/', expirationDays: 30 },
    },
  },
} as const satisfies Record<string, BucketDefinition>;

/** The lifecycle rule's id for a prefix's objects, in the stack and locally: `expire-results` for `results/`. */
export const expiryRuleId = (prefix: string): string => `expire-${prefix.replace(/\/+$/, '')}`;

/**
 * The variable holding the ARN of the Secrets Manager secret with provider and gateway keys (a
 * JSON object of environment variables), read once per cold start; unset locally.
 */
export const SECRET_ARN_VARIABLE = 'SWITCHYARD_SECRET_ARN';
