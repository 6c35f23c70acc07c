/**
 * What each function may do with each table, as data: the DynamoDB calls its code makes (each
 * entry says where), and no more. StateTables.bind turns one into IAM statements.
 *
 * Partitions (`dynamodb:LeadingKeys`) narrow the jobs table, which holds several kinds of item:
 * each function reaches only the kinds it reads or writes. The health and pricing tables hold one
 * kind each (`target#…`, `model#…`), as does the responses table (`response#…`), so a partition
 * condition there would narrow nothing. Queries
 * on an index are granted on that index alone and without a partition condition: each index holds
 * only the items of its own key shape (byOwner: job records; callbacksDue and awaitingWorker: one
 * partition each), and DynamoDB's documentation defines `LeadingKeys` by the table's partition key
 * without saying how it applies to a query on an index, so a condition there could deny the very
 * call it is meant to allow, which no local test (dynalite checks no IAM) would show.
 */
import { JOBS_PARTITIONS } from '../../functions/jobs/jobs-table-partitions.ts';
import type { TableKey } from './state-tables.ts';

export type DynamoDbAction =
  | 'dynamodb:GetItem'
  | 'dynamodb:BatchGetItem'
  | 'dynamodb:PutItem'
  | 'dynamodb:UpdateItem'
  | 'dynamodb:DeleteItem'
  | 'dynamodb:Query'
  | 'dynamodb:Scan';

/** One statement on the table itself: these actions, only on partition keys matching `partitions` (IAM `StringLike` patterns) when given. */
export interface ItemAccess {
  actions: readonly DynamoDbAction[];
  partitions?: readonly string[];
}

export interface TableAccess {
  table: TableKey;
  items?: readonly ItemAccess[];
  /** Indexes the function may Query, by name. */
  queryIndexes?: readonly string[];
}

const { job, idempotency, batchQueue, batchTargets, batchRuns, turnaround } = JOBS_PARTITIONS;
/** Every partition of a family whose keys start with `prefix`. */
const family = (prefix: string): string => `${prefix}*`;

export const TABLE_ACCESS = {
  /**
   * The gateway's and the worker's health matrix (routing/create-engine.ts): the targets' windows
   * by BatchGetItem at first, then by Query with their breakers by BatchGetItem
   * (health/read-health-window.ts), their own samples and breaker states by UpdateItem
   * (health/record-health-samples.ts, health/breaker-item.ts).
   */
  healthMatrix: { table: 'health', items: [{ actions: ['dynamodb:Query', 'dynamodb:BatchGetItem', 'dynamodb:UpdateItem'] }] },
  /** The probe adds its samples and last-probe items (health/record-health-samples.ts): UpdateItem only. */
  healthProbe: { table: 'health', items: [{ actions: ['dynamodb:UpdateItem'] }] },
  /** The price book's refresher reads the small table whole (pricing/pricing-table.ts, readPricingTable): Scan only. */
  priceBook: { table: 'pricing', items: [{ actions: ['dynamodb:Scan'] }] },
  /** The pricing seed's conditional puts (pricing/pricing-table.ts, seedPricingTable): PutItem only. */
  pricingSeed: { table: 'pricing', items: [{ actions: ['dynamodb:PutItem'] }] },
  /**
   * The gateway's jobs API (http/routes/jobs.ts, jobs/api/submit-jobs.ts): job records by key
   * (createJob's conditional put, getJob, failJob of an unsent job, cancelJob's update and read)
   * and idempotency bindings by key (api/idempotency-store.ts: claim's put and read, release's
   * update); an owner's jobs by Query on byOwner (listJobs). No DeleteItem, no Query of the table.
   */
  jobsApi: {
    table: 'jobs',
    items: [{ actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'], partitions: [family(job), family(idempotency)] }],
    queryIndexes: ['byOwner'],
  },
  /**
   * The worker (jobs/run-job.ts): job records by key (claimJob, getJob, completeJob, failJob, and
   * job-path-store.ts's defer and toBatch updates); a job's entry in its target's batch queue and
   * the target's entry in the list of waiting targets (toBatch: put, or deleted when the job was
   * taken first); turnaround samples (turnaround/turnaround-store.ts: put, and the latest by Query).
   */
  jobsWorker: {
    table: 'jobs',
    items: [
      { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], partitions: [family(job)] },
      { actions: ['dynamodb:PutItem'], partitions: [batchTargets, family(batchQueue), family(turnaround)] },
      { actions: ['dynamodb:DeleteItem'], partitions: [family(batchQueue)] },
      { actions: ['dynamodb:Query'], partitions: [family(turnaround)] },
    ],
  },
  /**
   * The batch poller (jobs/poller/run-poller.ts): job records by key (getJob, and job-path-store.ts's
   * markSubmitted, completeFromBatch, backToStandard, failFromBatch; delivery/callback-store.ts's
   * claim and outcome updates; poller/redispatch-stale-jobs.ts's updates); the batch queues and
   * in-flight batches (Query, delete, and put of a batch submitted); turnaround samples (put only);
   * the callbacks due and the jobs awaiting a worker by Query on their indexes.
   */
  jobsPoller: {
    table: 'jobs',
    items: [
      { actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], partitions: [family(job)] },
      { actions: ['dynamodb:Query', 'dynamodb:DeleteItem'], partitions: [batchTargets, family(batchQueue), batchRuns] },
      { actions: ['dynamodb:PutItem'], partitions: [batchRuns, family(turnaround)] },
    ],
    queryIndexes: ['callbacksDue', 'awaitingWorker'],
  },
  /**
   * The gateway's stored responses (functions/responses/dynamodb-response-store.ts): a record put
   * (POST /v1/responses), read (GET, a continuation's previous_response_id) and deleted (DELETE)
   * by its id. One kind of item, so no partition condition; no Query, no Scan, no UpdateItem.
   */
  responsesApi: { table: 'responses', items: [{ actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'] }] },
  /** The dead-letter consumer (jobs/delivery/dead-letters.ts): a dead job's record read and failed (getJob, failJob). */
  jobsDeadLetters: { table: 'jobs', items: [{ actions: ['dynamodb:GetItem', 'dynamodb:UpdateItem'], partitions: [family(job)] }] },
} as const satisfies Record<string, TableAccess>;

/**
 * The tables each function's role may reach, as lib/switchyard-stack.ts binds them; the tests put
 * the same grants in front of the embedded DynamoDB (test/support/iam-checked-dynamodb.ts).
 */
export const FUNCTION_TABLE_ACCESS = {
  gateway: [TABLE_ACCESS.healthMatrix, TABLE_ACCESS.priceBook, TABLE_ACCESS.jobsApi, TABLE_ACCESS.responsesApi],
  probe: [TABLE_ACCESS.healthProbe],
  worker: [TABLE_ACCESS.jobsWorker, TABLE_ACCESS.healthMatrix, TABLE_ACCESS.priceBook],
  deadLetters: [TABLE_ACCESS.jobsDeadLetters],
  poller: [TABLE_ACCESS.jobsPoller, TABLE_ACCESS.priceBook],
  pricingSeed: [TABLE_ACCESS.pricingSeed],
} as const satisfies Record<string, readonly TableAccess[]>;
