/**
 * The DynamoDB tables of `TABLES` (health samples, prices, jobs): on-demand, point-in-time
 * recovery, encrypted with the AWS-managed key, TTL'd, kept when the stack is deleted.
 *
 * Encryption: the account's AWS-managed key (`aws/dynamodb`) rather than DynamoDB's default
 * AWS-owned key, so every use of the key shows in the account's CloudTrail; rather than a
 * customer-managed KMS key, because that costs a monthly fee per key and a key policy to look
 * after, for data an operator cannot usefully restrict further than IAM on the table already does.
 * A team that needs crypto-shredding or cross-account control can switch to CUSTOMER_MANAGED here.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import { Grant } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { TABLES, type KeyAttribute } from '../../functions/infrastructure/resource-definitions.ts';

export type TableKey = keyof typeof TABLES;

const attribute = (key: KeyAttribute): Attribute => ({
  name: key.name,
  type: key.type === 'S' ? AttributeType.STRING : AttributeType.NUMBER,
});

export class StateTables extends Construct {
  readonly tables: Readonly<Record<TableKey, Table>>;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const tables: Partial<Record<TableKey, Table>> = {};
    for (const key of Object.keys(TABLES) as TableKey[]) {
      const definition = TABLES[key];
      // No fixed table names: CloudFormation generates them, so two stacks can share an account.
      const table = new Table(this, toPascal(definition.name), {
        partitionKey: attribute(definition.partitionKey),
        sortKey: attribute(definition.sortKey),
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: TableEncryption.AWS_MANAGED,
        timeToLiveAttribute: definition.ttlAttribute,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      for (const index of definition.globalSecondaryIndexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.name,
          partitionKey: attribute(index.partitionKey),
          sortKey: attribute(index.sortKey),
          projectionType: ProjectionType.ALL,
        });
      }
      tables[key] = table;
    }
    this.tables = tables as Record<TableKey, Table>;
  }

  /**
   * Gives a function one table: its name under the variable `TABLES` names, and the narrowest
   * data grant. Nothing is granted by default. `read` and `read-write` are CDK's grants (items
   * and indexes); the others are exact actions on the table itself, and on the `indexes` named
   * (by name: never all of a table's indexes).
   */
  bind(fn: LambdaFunction, key: TableKey, access: TableAccess, indexes: readonly string[] = []): void {
    const table = this.tables[key];
    fn.addEnvironment(TABLES[key].envVar, table.tableName);
    if (access === 'read') table.grantReadData(fn);
    else if (access === 'read-write') table.grantReadWriteData(fn);
    else {
      const known: readonly string[] = TABLES[key].globalSecondaryIndexes.map((index) => index.name);
      for (const index of indexes) if (!known.includes(index)) throw new Error(`The ${TABLES[key].name} table has no index '${index}'.`);
      Grant.addToPrincipal({ grantee: fn, actions: [...EXACT_ACCESS[access]], resourceArns: [table.tableArn, ...indexes.map((index) => `${table.tableArn}/index/${index}`)] });
      const queries = PREFIXED_QUERIES[access];
      if (queries) {
        Grant.addToPrincipal({
          grantee: fn,
          actions: ['dynamodb:Query'],
          resourceArns: [table.tableArn],
          conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...queries] } },
        });
      }
    }
  }
}

/** Exact grants, each for one kind of user. */
const EXACT_ACCESS = {
  /** Writers that only add to items (the probe's counters). */
  write: ['dynamodb:UpdateItem'],
  /** Readers of records by key that advance them with conditional updates (the dead-letter consumer). */
  'read-update': ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
  /** The worker: job records by key and conditional update, and a job's entry in its target's batch queue (put, or deleted when the job was taken first). */
  'worker-jobs': ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
  /** The batch poller: the batch queues and in-flight batches by Query, put and delete; job records by key and conditional update; callbacks due by Query on their index. */
  'poller-jobs': ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
  /** The health matrix's reader and writer (the gateway): windows by Query, breaker items by key, counters by update. */
  'query-update': ['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:UpdateItem'],
  /** The jobs API (the gateway): new records and idempotency keys by conditional put, reads and cancels by key, an owner's jobs by Query on byOwner. */
  'put-get-update-query': ['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
  /** Writers of whole items that read nothing (the pricing seed's conditional puts). */
  put: ['dynamodb:PutItem'],
  /** Readers of a whole small table (the gateway's price book). */
  scan: ['dynamodb:Scan'],
} as const satisfies Record<string, readonly string[]>;

/** Queries some users make only on partition keys with these prefixes (the condition on their grant). */
const PREFIXED_QUERIES: Partial<Record<keyof typeof EXACT_ACCESS, readonly string[]>> = {
  /** The worker reads the batch and flex turnaround samples it chooses paths by, and no other items by Query. */
  'worker-jobs': ['turnaround#*'],
};

export type TableAccess = 'read' | 'read-write' | keyof typeof EXACT_ACCESS;

export const toPascal = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
