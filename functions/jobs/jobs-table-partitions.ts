/**
 * The jobs table's partitions (TABLES.jobs) by family: what each partition key starts with, or
 * is. The stores build their keys from these, and the stack's IAM grants name them
 * (lib/constructs/table-access.ts, `dynamodb:LeadingKeys`), so that a grant and the keys it must
 * admit cannot drift apart.
 */
export const JOBS_PARTITIONS = {
  /** A job record: `job#<id>` (job-keys.ts). */
  job: 'job#',
  /** An idempotency key's binding: `idempotency#<owner>#<sha256 of the key>` (api/idempotency-store.ts). */
  idempotency: 'idempotency#',
  /** A target's jobs waiting for a provider batch: `batchq#<target>` (job-path-store.ts). */
  batchQueue: 'batchq#',
  /** The targets with jobs waiting for a batch: this one partition (job-path-store.ts). */
  batchTargets: 'batchq',
  /** The provider batches in flight: this one partition (job-path-store.ts). */
  batchRuns: 'batchrun',
  /** A discounted path's turnaround samples, `turnaround#<key>`, and its refusals, `turnaround#refused#<key>` (turnaround/turnaround-store.ts). */
  turnaround: 'turnaround#',
} as const;
