/**
 * The stored responses on the embedded DynamoDB and S3 (dynalite, fauxqs): a response kept for
 * its owner alone, 30 days, as it was sent; one too large for an item through the results bucket
 * and back, and deleted from both; ids the gateway does not make neither stored nor looked up.
 * The store reaches S3 with the gateway's grants (test/support/iam-checked-s3.ts).
 */
import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetCommand } from '../../functions/aws/dynamodb/commands.ts';
import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { createS3Client } from '../../functions/aws/s3/s3-client.ts';
import { BUCKETS, TABLES } from '../../functions/infrastructure/resource-definitions.ts';
import { createResponseStore, RESPONSE_INLINE_LIMIT_BYTES, ResponseIdError } from '../../functions/responses/dynamodb-response-store.ts';
import { RESPONSE_TTL_SECONDS, type ResponseStore } from '../../functions/responses/response-store.ts';
import { FUNCTION_BUCKET_ACCESS } from '../../lib/constructs/bucket-access.ts';
import { startIamCheckedS3, type IamCheckedS3 } from '../support/iam-checked-s3.ts';
import { manualClock } from '../support/manual-clock.ts';
import { useEmbeddedAws } from '../support/use-embedded-aws.ts';
import { assistantMessage, storedTurn, userMessage } from './stored-turns.ts';

const OWNER = 'a'.repeat(64);
const OTHER = 'b'.repeat(64);
const clock = manualClock(Date.parse('2026-03-01T00:00:00Z'));
const fixture = useEmbeddedAws();
/** The test's own client, for looking at the objects. */
let s3: ReturnType<typeof createS3Client>;
let gatewayS3: IamCheckedS3;
let asGateway: ReturnType<typeof createS3Client>;
let store: ResponseStore;
let bucket: string;
let next = 0;

beforeAll(async () => {
  s3 = createS3Client(fixture.aws.env);
  gatewayS3 = await startIamCheckedS3(fixture.aws.env.S3_ENDPOINT!, fixture.aws.env, FUNCTION_BUCKET_ACCESS.gateway);
  asGateway = createS3Client({ ...fixture.aws.env, S3_ENDPOINT: gatewayS3.endpoint });
  bucket = fixture.aws.env[BUCKETS.results.envVar]!;
  store = createResponseStore({ client: fixture.client, tableName: fixture.aws.env[TABLES.responses.envVar]!, objects: { s3: asGateway, bucket }, now: clock.now });
});
afterAll(async () => {
  s3?.destroy();
  asGateway?.destroy();
  await gatewayS3?.close();
});

const nowSeconds = () => Math.floor(clock.now() / 1000);
const turn = (text: string, owner = OWNER) =>
  storedTurn({ id: `resp_store${++next}`, owner, createdAt: nowSeconds(), input: [userMessage(`msg_in${next}`, text)], output: [assistantMessage(`msg_out${next}`, 'Sure.')] });
const item = async (id: string) =>
  (await fixture.client.send(new GetCommand({ TableName: fixture.aws.env[TABLES.responses.envVar]!, Key: { pk: `response#${id}`, sk: 'response' } }))).Item;
const objectExists = async (key: string) =>
  s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
    () => true,
    (error: Error) => (error.name === 'NotFound' ? false : Promise.reject(error)),
  );

describe('the response store', () => {
  it('keeps a response as it was sent, for its owner alone, until 30 days from its writing', async () => {
    // What a client may send that DynamoDB's maps refuse or bend: a `constructor` key, nesting past 32 levels.
    let deep: Record<string, unknown> = { text: 'bottom' };
    for (let level = 0; level < 40; level++) deep = { deep };
    const stored = turn('Hello');
    const odd = { ...stored, inputItems: [{ ...stored.inputItems[0]!, metadata: { constructor: 'x', deep } }] };
    await store.put(odd);

    expect(await store.get(odd.id, OWNER)).toEqual(odd);
    expect(await store.get(odd.id, OTHER)).toBeUndefined();
    expect(await item(odd.id)).toMatchObject({ owner: OWNER, createdAt: odd.createdAt, expiresAt: nowSeconds() + RESPONSE_TTL_SECONDS, body: expect.any(String) });

    clock.advance(RESPONSE_TTL_SECONDS * 1000 - 1000);
    expect(await store.get(odd.id, OWNER)).toEqual(odd);
    clock.advance(1000);
    // Past its expiresAt, before DynamoDB's TTL has deleted it (dynalite never does): gone, for get and delete alike.
    expect(await item(odd.id)).toBeDefined();
    expect(await store.get(odd.id, OWNER)).toBeUndefined();
    expect(await store.delete(odd.id, OWNER)).toBe(false);
  });

  it("deletes for its owner only: another owner's delete is false and changes nothing, as is a second delete", async () => {
    const stored = turn('Delete me');
    await store.put(stored);
    expect(await store.delete(stored.id, OTHER)).toBe(false);
    expect(await store.get(stored.id, OWNER)).toEqual(stored);
    expect(await store.delete(stored.id, OWNER)).toBe(true);
    expect(await item(stored.id)).toBeUndefined();
    expect(await store.get(stored.id, OWNER)).toBeUndefined();
    expect(await store.delete(stored.id, OWNER)).toBe(false);
    expect(await store.delete('resp_never_stored', OWNER)).toBe(false);
  });

  it('writes a body too large for an item to the results bucket under responses/, reads it back whole, and deletes both', async () => {
    const first = turn('Summarise this.');
    // Multi-byte characters too: the limit is in bytes.
    const long = assistantMessage('msg_long', 'Ünïcödé prose — '.repeat(24_000));
    const stored = storedTurn({ id: `resp_store${++next}`, owner: OWNER, createdAt: nowSeconds(), input: [userMessage('msg_more', 'More.')], output: [long], previous: first });
    expect(Buffer.byteLength(JSON.stringify(stored))).toBeGreaterThan(RESPONSE_INLINE_LIMIT_BYTES);
    await store.put(stored);

    const record = await item(stored.id);
    expect(record?.body).toBeUndefined();
    expect(record?.bodyRef).toMatchObject({ bucket, key: expect.stringMatching(new RegExp(`^responses/${stored.id}/[0-9a-f-]{36}\\.json$`)), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const { key } = record!.bodyRef as { key: string };
    expect(await objectExists(key)).toBe(true);
    expect(await store.get(stored.id, OTHER)).toBeUndefined();
    expect(await store.get(stored.id, OWNER)).toEqual(stored);

    expect(await store.delete(stored.id, OTHER)).toBe(false);
    expect(await objectExists(key)).toBe(true);
    expect(await store.delete(stored.id, OWNER)).toBe(true);
    expect(await item(stored.id)).toBeUndefined();
    expect(await objectExists(key)).toBe(false);
  });

  it('finds no response whose body object is gone or was changed, rather than failing or answering part of it', async () => {
    const long = assistantMessage('msg_long', 'x'.repeat(RESPONSE_INLINE_LIMIT_BYTES));
    const stored = storedTurn({ id: `resp_store${++next}`, owner: OWNER, createdAt: nowSeconds(), input: [userMessage('msg_in', 'Go.')], output: [long] });
    await store.put(stored);
    const { key } = (await item(stored.id))!.bodyRef as { key: string };

    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: JSON.stringify({ response: {}, inputItems: [], conversation: [] }) }));
    expect(await store.get(stored.id, OWNER)).toBeUndefined();
    // Gone: S3 answers the gateway, which may not list the bucket, with 403 (test/support/iam-checked-s3.ts).
    await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    expect(await store.get(stored.id, OWNER)).toBeUndefined();
    expect(await store.delete(stored.id, OWNER)).toBe(true);
  });

  it("never writes over another owner's response, large or not, and neither stores nor looks up an id the gateway does not make", async () => {
    const stored = turn('Mine');
    await store.put(stored);
    await expect(store.put({ ...stored, owner: OTHER })).rejects.toThrow(`The response id '${stored.id}' is another owner's.`);
    expect(await store.get(stored.id, OWNER)).toEqual(stored);
    const large = { ...turn('Mine, and long'), conversation: [assistantMessage('msg_big', 'x'.repeat(RESPONSE_INLINE_LIMIT_BYTES))] };
    await store.put(large);
    await expect(store.put({ ...large, owner: OTHER, conversation: [assistantMessage('msg_big', 'y'.repeat(RESPONSE_INLINE_LIMIT_BYTES))] })).rejects.toThrow(/another owner's/);
    expect(await store.get(large.id, OWNER)).toEqual(large);

    await expect(store.put({ ...stored, id: 'resp/../x' })).rejects.toThrow(ResponseIdError);
    expect(await store.get('x'.repeat(129), OWNER)).toBeUndefined();
    expect(await store.delete('resp#1', OWNER)).toBe(false);
  });

  it('made no call the gateway is not granted', () => {
    expect(gatewayS3.refused).toEqual([]);
  });
});
