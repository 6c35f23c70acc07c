/**
 * The DynamoDB tables of `TABLES` (health samples, prices, jobs, stored responses): on-demand,
 * point-in-time recovery, encrypted with the AWS-managed key, TTL'd, kept when the stack is deleted.
 *
 * Encryption: the account's AWS-managed key (`aws/dynamodb`) rather than DynamoDB's default
 * AWS-owned key, so every use of the key shows in the account's CloudTrail; rather than a
 * customer-managed KMS key, because that costs a monthly fee per key and a key policy to look
 * after, for data an operator cannot usefully restrict further than IAM on the table already does.
 * A team that needs crypto-shredding or cross-account control can switch to CUSTOMER_MANAGED here.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { TABLES, type KeyAttribute } from '../../functions/infrastructure/resource-definitions.ts';
import type { TableAccess } from './table-access.ts';

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
   * Gives a function the table `access` names: its name under the variable `TABLES` names, and
   * exactly the grant `access` describes (table-access.ts), nothing by default: each item statement on the
   * table itself, limited to its partitions by `dynamodb:LeadingKeys` where it names them, and
   * Query on the indexes it names (by name: never all of a table's indexes). `ForAllValues` holds
   * for a request that carries no partition key at all; every action granted with partitions
   * (GetItem, PutItem, UpdateItem, DeleteItem, Query of the table) carries one.
   */
  bind(fn: LambdaFunction, access: TableAccess): void {
    const key = access.table;
    const table = this.tables[key];
    fn.addEnvironment(TABLES[key].envVar, table.tableName);
    for (const { actions, partitions } of access.items ?? []) {
      fn.addToRolePolicy(
        new PolicyStatement({
          actions: [...actions],
          resources: [table.tableArn],
          ...(partitions ? { conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...partitions] } } } : {}),
        }),
      );
    }
    const indexes = access.queryIndexes ?? [];
    const known: readonly string[] = TABLES[key].globalSecondaryIndexes.map((index) => index.name);
    for (const index of indexes) if (!known.includes(index)) throw new Error(`The ${TABLES[key].name} table has no index '${index}'.`);
    if (indexes.length > 0) {
      fn.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: indexes.map((index) => `${table.tableArn}/index/${index}`) }));
    }
  }
}

export const toPascal = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
