/** BatchGetItem over any number of keys: against the embedded DynamoDB, and with unprocessed keys from a client that leaves some. */
import { beforeAll, describe, expect, it } from 'vitest';
import { batchGetAll } from '../../functions/aws/dynamodb/batch-get-all.ts';
import { BatchGetCommand, PutCommand, type BatchGetCommandOutput, type DynamoDbCommand, type Item } from '../../functions/aws/dynamodb/commands.ts';
import type { DocumentClient } from '../../functions/aws/dynamodb/document-client.ts';
import { useEmbeddedAws } from '../support/use-embedded-aws.ts';

const embedded = useEmbeddedAws();
let tableName: string;
beforeAll(() => {
  tableName = embedded.aws.env.HEALTH_TABLE_NAME!;
});

const key = (index: number): Item => ({ pk: 'target#openai/batch-get', sk: `minute#${String(index).padStart(3, '0')}` });

/** A client whose every BatchGetItem answers the first `answered` keys it is sent and leaves the rest unprocessed. */
function leavingUnprocessed(answered: number) {
  const calls: Item[][] = [];
  const consistent: Array<boolean | undefined> = [];
  const client: DocumentClient = {
    send: (async (command: DynamoDbCommand<unknown>) => {
      if (!(command instanceof BatchGetCommand)) throw new Error('unexpected command');
      const { Keys, ConsistentRead } = command.input.RequestItems[tableName]!;
      calls.push(Keys);
      consistent.push(ConsistentRead);
      const output: BatchGetCommandOutput = {
        Responses: { [tableName]: Keys.slice(0, answered).map((item) => ({ ...item, read: true })) },
        ...(Keys.length > answered ? { UnprocessedKeys: { [tableName]: { Keys: Keys.slice(answered), ...(ConsistentRead ? { ConsistentRead } : {}) } } } : {}),
      };
      return output;
    }) as DocumentClient['send'],
    destroy() {},
  };
  return { client, calls, consistent };
}

describe('batchGetAll', () => {
  it('reads any number of keys in calls of 100 and leaves out keys without an item', async () => {
    const { client } = embedded;
    const stored = [0, 99, 100, 101, 230];
    for (const index of stored) await client.send(new PutCommand({ TableName: tableName, Item: { ...key(index), index } }));
    const keys = Array.from({ length: 250 }, (_, index) => key(index));
    const items = await batchGetAll(client, { tableName, keys, consistentRead: true, concurrency: 2 });
    expect(items.map((item) => item.index).sort((a, b) => Number(a) - Number(b))).toEqual(stored);
  });

  it('answers with nothing for no keys, without a call', async () => {
    const { client, calls } = leavingUnprocessed(0);
    expect(await batchGetAll(client, { tableName, keys: [] })).toEqual([]);
    expect(calls).toHaveLength(0);
  });

  it('asks again for unprocessed keys after a jittered backoff that doubles each round', async () => {
    const { client, calls, consistent } = leavingUnprocessed(2);
    const waits: number[] = [];
    const items = await batchGetAll(client, {
      tableName,
      keys: Array.from({ length: 7 }, (_, index) => key(index)),
      consistentRead: true,
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.5,
    });
    expect(items).toHaveLength(7);
    expect(calls.map((keys) => keys.length)).toEqual([7, 5, 3, 1]);
    expect(waits).toEqual([25, 50, 100]);
    expect(consistent).toEqual([true, true, true, true]);
  });

  it('rejects when keys are still unprocessed after five rounds, rather than answer as if they had no item', async () => {
    const { client, calls } = leavingUnprocessed(1);
    const keys = Array.from({ length: 8 }, (_, index) => key(index));
    await expect(batchGetAll(client, { tableName, keys, sleep: async () => {} })).rejects.toThrow(/left 3 keys of .* unprocessed after 5 rounds/);
    expect(calls).toHaveLength(5);
  });
});
