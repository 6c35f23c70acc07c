/**
 * A DynamoDB endpoint that answers only what a function's grants allow, in front of the embedded
 * one: dynalite checks no IAM, so a call the stack does not grant would otherwise fail only once
 * deployed. It applies the statements StateTables.bind makes of the function's TableAccess entries
 * (lib/constructs/table-access.ts): the actions on each table, narrowed to the partition keys that
 * match `dynamodb:LeadingKeys` (`ForAllValues:StringLike`) where an entry names partitions, and
 * Query on the indexes it names. Anything else is refused as AWS refuses it
 * (`AccessDeniedException`, 400), and recorded for the test to assert on.
 */
import { createServer, type Server } from 'node:http';
import { TABLES } from '../../functions/infrastructure/resource-definitions.ts';
import { readText } from '../../functions/net/send-request.ts';
import type { TableAccess } from '../../lib/constructs/table-access.ts';
import { listenOnLoopback } from './listen-on-loopback.ts';

export interface IamCheckedDynamoDb {
  /** The endpoint to give the function as DYNAMODB_ENDPOINT. */
  endpoint: string;
  /** What was refused: `dynamodb:Action on table[/index] for partitions`. */
  refused: string[];
  /** What was allowed and answered, in the order of the answers: `dynamodb:Action on table`, one per table a call touches. */
  granted: string[];
  close(): Promise<void>;
}

type WireItem = Record<string, { S?: string } | undefined>;

interface Request {
  action: string;
  tableName: string;
  index?: string | undefined;
  /** The partition keys the call names; none for a Scan. */
  partitions: string[];
}

/**
 * `upstream`: the embedded DynamoDB's endpoint; `env`: the variables that name the tables (as the
 * embedded services set them); `grants`: the function's TableAccess entries, as the stack binds them.
 */
export async function startIamCheckedDynamoDb(upstream: string, env: Record<string, string | undefined>, grants: readonly TableAccess[]): Promise<IamCheckedDynamoDb> {
  const tableKeys = new Map<string, string>();
  for (const [key, table] of Object.entries(TABLES)) {
    const name = env[table.envVar];
    if (name) tableKeys.set(name, key);
  }
  const refused: string[] = [];
  const granted: string[] = [];
  const allowed = (request: Request): boolean => {
    const key = tableKeys.get(request.tableName);
    return grants.some((grant) => {
      if (grant.table !== key) return false;
      if (request.index !== undefined) return request.action === 'dynamodb:Query' && (grant.queryIndexes ?? []).includes(request.index);
      return (grant.items ?? []).some(
        ({ actions, partitions }) =>
          (actions as readonly string[]).includes(request.action) &&
          (partitions === undefined || request.partitions.every((value) => partitions.some((pattern) => stringLike(pattern, value)))),
      );
    });
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readText(req);
      const operation = String(req.headers['x-amz-target'] ?? '').split('.')[1] ?? '';
      const requests = requestsOf(operation, JSON.parse(body) as Record<string, unknown>);
      const denied = requests.filter((request) => !allowed(request));
      if (denied.length > 0) {
        const described = denied.map((request) => `${request.action} on ${request.tableName}${request.index ? `/index/${request.index}` : ''} for ${[...new Set(request.partitions)].join(', ') || 'no partition'}`);
        refused.push(...described);
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(JSON.stringify({ __type: 'com.amazon.coral.service#AccessDeniedException', Message: `not authorized to perform: ${described.join('; ')}` }));
        return;
      }
      // As signed; dynalite checks no signature, and fetch sets the framing itself.
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && !['host', 'connection', 'content-length', 'transfer-encoding'].includes(entry[0])),
      );
      const answer = await fetch(upstream, { method: 'POST', headers, body });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/x-amz-json-1.0' });
      const answered = Buffer.from(await answer.arrayBuffer());
      granted.push(...requests.map((request) => `${request.action} on ${request.tableName}`));
      res.end(answered);
    })().catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify({ __type: 'com.amazon.coral.service#InternalFailure', Message: String(error) }));
    });
  });
  const { origin, close } = await listenOnLoopback(server);
  return { endpoint: origin, refused, granted, close };
}

/** The table, index and partition keys of one call, one entry per table it touches. */
function requestsOf(operation: string, input: Record<string, unknown>): Request[] {
  const action = `dynamodb:${operation}`;
  const tableName = String(input.TableName ?? '');
  const pkOf = (item: unknown) => (item as WireItem | undefined)?.pk?.S;
  switch (operation) {
    case 'GetItem':
    case 'UpdateItem':
    case 'DeleteItem':
      return [{ action, tableName, partitions: [pkOf(input.Key)].filter((value) => value !== undefined) }];
    case 'PutItem':
      return [{ action, tableName, partitions: [pkOf(input.Item)].filter((value) => value !== undefined) }];
    case 'Query': {
      const index = typeof input.IndexName === 'string' ? input.IndexName : undefined;
      return [{ action, tableName, index, partitions: index === undefined ? [queriedPartition(input)] : [] }];
    }
    case 'Scan':
      return [{ action, tableName, partitions: [] }];
    case 'BatchGetItem':
      return Object.entries(input.RequestItems as Record<string, { Keys: unknown[] }>).map(([name, { Keys }]) => ({
        action,
        tableName: name,
        partitions: Keys.map(pkOf).filter((value) => value !== undefined),
      }));
    default:
      // An operation this file does not know: refused, so that a new one is looked at.
      return [{ action, tableName, partitions: ['(unknown operation)'] }];
  }
}

/** The partition key a Query of the table names in its key condition (`pk = :pk`, or through `#name`). */
function queriedPartition(input: Record<string, unknown>): string {
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, { S?: string }>;
  for (const [, name, value] of String(input.KeyConditionExpression ?? '').matchAll(/([#\w]+)\s*=\s*(:\w+)/g)) {
    if ((names[name!] ?? name) === 'pk') return values[value!]?.S ?? '(no value)';
  }
  return '(no partition key)';
}

/** IAM's StringLike: `*` any run of characters, `?` any one. */
function stringLike(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.')}$`, 's');
  return regex.test(value);
}
