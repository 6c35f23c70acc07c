/**
 * The document client's commands, named and shaped as @aws-sdk/lib-dynamodb's (`new GetCommand({
 * TableName, Key })`, the answer's `Item`), holding plain values; each knows its operation and
 * which of its fields are items to marshal. Only the fields the stores use are typed.
 */
import { fromWireItem, toWireItem, type Item, type WireItem } from './wire-values.ts';

export type { Item } from './wire-values.ts';

export interface DynamoDbCommand<Output> {
  /** The operation's name in DynamoDB's API: `GetItem`, `Query`. */
  readonly operation: string;
  /** The request as DynamoDB reads it. */
  toWire(): object;
  /** The answer as the stores read it. */
  fromWire(answer: Record<string, unknown>): Output;
}

interface Expressions {
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
}

type ReturnValue = 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';

const items = (wire: unknown): Item[] | undefined => (Array.isArray(wire) ? (wire as WireItem[]).map(fromWireItem) : undefined);
const item = (wire: unknown): Item | undefined => (wire ? fromWireItem(wire as WireItem) : undefined);
const values = <T extends Expressions>(input: T) =>
  input.ExpressionAttributeValues ? { ExpressionAttributeValues: toWireItem(input.ExpressionAttributeValues) } : {};

export interface GetCommandInput {
  TableName: string;
  Key: Item;
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
}
export interface GetCommandOutput {
  Item?: Item;
}

export class GetCommand implements DynamoDbCommand<GetCommandOutput> {
  readonly operation = 'GetItem';
  readonly input: GetCommandInput;
  constructor(input: GetCommandInput) {
    this.input = input;
  }
  toWire = () => ({ ...this.input, Key: toWireItem(this.input.Key) });
  fromWire = (answer: Record<string, unknown>): GetCommandOutput => ({ Item: item(answer.Item) });
}

export interface PutCommandInput extends Expressions {
  TableName: string;
  Item: Item;
  ConditionExpression?: string;
  ReturnValues?: ReturnValue;
}
export interface WriteCommandOutput {
  /** The item's attributes as `ReturnValues` asked for them. */
  Attributes?: Item;
}

export class PutCommand implements DynamoDbCommand<WriteCommandOutput> {
  readonly operation = 'PutItem';
  readonly input: PutCommandInput;
  constructor(input: PutCommandInput) {
    this.input = input;
  }
  toWire = () => ({ ...this.input, Item: toWireItem(this.input.Item), ...values(this.input) });
  fromWire = (answer: Record<string, unknown>): WriteCommandOutput => ({ Attributes: item(answer.Attributes) });
}

export interface UpdateCommandInput extends Expressions {
  TableName: string;
  Key: Item;
  UpdateExpression: string;
  ConditionExpression?: string;
  ReturnValues?: ReturnValue;
}

export class UpdateCommand implements DynamoDbCommand<WriteCommandOutput> {
  readonly operation = 'UpdateItem';
  readonly input: UpdateCommandInput;
  constructor(input: UpdateCommandInput) {
    this.input = input;
  }
  toWire = () => ({ ...this.input, Key: toWireItem(this.input.Key), ...values(this.input) });
  fromWire = (answer: Record<string, unknown>): WriteCommandOutput => ({ Attributes: item(answer.Attributes) });
}

export interface DeleteCommandInput extends Expressions {
  TableName: string;
  Key: Item;
  ConditionExpression?: string;
  ReturnValues?: ReturnValue;
}

export class DeleteCommand implements DynamoDbCommand<WriteCommandOutput> {
  readonly operation = 'DeleteItem';
  readonly input: DeleteCommandInput;
  constructor(input: DeleteCommandInput) {
    this.input = input;
  }
  toWire = () => ({ ...this.input, Key: toWireItem(this.input.Key), ...values(this.input) });
  fromWire = (answer: Record<string, unknown>): WriteCommandOutput => ({ Attributes: item(answer.Attributes) });
}

interface ReadManyInput extends Expressions {
  TableName: string;
  IndexName?: string;
  FilterExpression?: string;
  ProjectionExpression?: string;
  ConsistentRead?: boolean;
  Limit?: number;
  ExclusiveStartKey?: Item;
}
export interface QueryCommandInput extends ReadManyInput {
  KeyConditionExpression: string;
  ScanIndexForward?: boolean;
}
export type ScanCommandInput = ReadManyInput;
export interface ReadManyOutput {
  Items?: Item[];
  /** Where the next page starts; undefined on the last. */
  LastEvaluatedKey?: Item;
  Count?: number;
}
export type QueryCommandOutput = ReadManyOutput;
export type ScanCommandOutput = ReadManyOutput;

const readMany = (answer: Record<string, unknown>): ReadManyOutput => ({
  Items: items(answer.Items),
  LastEvaluatedKey: item(answer.LastEvaluatedKey),
  ...(typeof answer.Count === 'number' ? { Count: answer.Count } : {}),
});
const readManyWire = (input: ReadManyInput) => ({
  ...input,
  ...values(input),
  ...(input.ExclusiveStartKey ? { ExclusiveStartKey: toWireItem(input.ExclusiveStartKey) } : {}),
});

export class QueryCommand implements DynamoDbCommand<QueryCommandOutput> {
  readonly operation = 'Query';
  readonly input: QueryCommandInput;
  constructor(input: QueryCommandInput) {
    this.input = input;
  }
  toWire = () => readManyWire(this.input);
  fromWire = readMany;
}

export class ScanCommand implements DynamoDbCommand<ScanCommandOutput> {
  readonly operation = 'Scan';
  readonly input: ScanCommandInput;
  constructor(input: ScanCommandInput) {
    this.input = input;
  }
  toWire = () => readManyWire(this.input);
  fromWire = readMany;
}

interface KeysAndAttributes {
  Keys: Item[];
  ConsistentRead?: boolean;
  ProjectionExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
}
export interface BatchGetCommandInput {
  RequestItems: Record<string, KeysAndAttributes>;
}
export interface BatchGetCommandOutput {
  /** The items found, by table. */
  Responses?: Record<string, Item[]>;
  /** What DynamoDB did not read this time (over its limits): ask again. */
  UnprocessedKeys?: Record<string, KeysAndAttributes>;
}

const byTable = <In, Out>(tables: Record<string, In> | undefined, map: (value: In) => Out): Record<string, Out> | undefined =>
  tables && Object.fromEntries(Object.entries(tables).map(([table, value]) => [table, map(value)]));

export class BatchGetCommand implements DynamoDbCommand<BatchGetCommandOutput> {
  readonly operation = 'BatchGetItem';
  readonly input: BatchGetCommandInput;
  constructor(input: BatchGetCommandInput) {
    this.input = input;
  }
  toWire = () => ({ RequestItems: byTable(this.input.RequestItems, (request) => ({ ...request, Keys: request.Keys.map(toWireItem) })) });
  fromWire = (answer: Record<string, unknown>): BatchGetCommandOutput => ({
    Responses: byTable(answer.Responses as Record<string, WireItem[]> | undefined, (found) => found.map(fromWireItem)),
    UnprocessedKeys: byTable(answer.UnprocessedKeys as Record<string, { Keys: WireItem[] }> | undefined, (request) => ({ ...request, Keys: request.Keys.map(fromWireItem) })),
  });
}
