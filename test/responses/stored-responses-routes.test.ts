/**
 * GET and DELETE /v1/responses/{id} and GET /v1/responses/{id}/input_items through the whole
 * gateway (createGateway behind its Node adapter, the store from the environment on the embedded
 * DynamoDB and S3), with the official OpenAI SDK as the client: two gateway keys, each seeing its
 * own stored responses only, another's being the same 404 as an unknown id; the input items of a
 * continued response (the chain's, as OpenAI lists them), paged and ordered; a bad query
 * parameter a 400 naming it. The records are seeded through the store, as POST /v1/responses
 * would write them.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelResolver } from '../../functions/catalog/resolve-model.ts';
import { loadConfig } from '../../functions/config/load-config.ts';
import { CallError } from '../../functions/core/call-error.ts';
import { createNodeListener } from '../../functions/http/adapters/node-http.ts';
import { createGateway } from '../../functions/http/create-gateway.ts';
import { createStoredResponseRoutes } from '../../functions/http/routes/stored-responses.ts';
import type { RouteContext } from '../../functions/http/routes/route-context.ts';
import { responseStoreFromEnv } from '../../functions/responses/response-store-from-env.ts';
import type { ResponseStore, StoredResponse } from '../../functions/responses/response-store.ts';
import { createEngine } from '../../functions/routing/create-engine.ts';
import { silentLogger } from '../local/local-test-helpers.ts';
import { useEmbeddedAws } from '../support/use-embedded-aws.ts';
import { FUNCTION_TABLE_ACCESS } from '../../lib/constructs/table-access.ts';
import { startIamCheckedDynamoDb, type IamCheckedDynamoDb } from '../support/iam-checked-dynamodb.ts';
import { assistantMessage, storedTurn, userMessage } from './stored-turns.ts';

const KEY_A = 'sy-responses-a';
const KEY_B = 'sy-responses-b';
const ownerOf = (key: string) => createHash('sha256').update(key).digest('hex');

const fixture = useEmbeddedAws();
let server: Server;
let baseURL: string;
let store: ResponseStore;
/** The store's DynamoDB, through the grants the stack gives the gateway. */
let gatewayDynamoDb: IamCheckedDynamoDb;
let a: OpenAI;
let b: OpenAI;

beforeAll(async () => {
  const config = loadConfig({ NODE_ENV: 'test', SWITCHYARD_API_KEYS: `${KEY_A},${KEY_B}` });
  gatewayDynamoDb = await startIamCheckedDynamoDb(fixture.aws.dynamoDbEndpoint, fixture.aws.env, FUNCTION_TABLE_ACCESS.gateway);
  store = responseStoreFromEnv({ ...fixture.aws.env, DYNAMODB_ENDPOINT: gatewayDynamoDb.endpoint });
  const engine = createEngine({ config, resolver: createModelResolver(config.catalog), logger: silentLogger });
  const gateway = createGateway(config, { logger: silentLogger, engine, responses: store });
  server = createServer(createNodeListener(gateway, { maxRequestBytes: config.maxRequestBytes, drainTimeoutMs: config.streamIdleTimeoutMs }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  a = new OpenAI({ baseURL, apiKey: KEY_A, maxRetries: 0 });
  b = new OpenAI({ baseURL, apiKey: KEY_B, maxRetries: 0 });
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await gatewayDynamoDb?.close();
});

let next = 0;
const nowSeconds = () => Math.floor(Date.now() / 1000);
/** A first turn, and a second that continued it (previous_response_id), both key A's. */
async function conversation(): Promise<[StoredResponse, StoredResponse]> {
  const n = ++next;
  const reasoning = { id: `rs_${n}`, type: 'reasoning', summary: [], encrypted_content: 'signed-by-the-provider' };
  const first = storedTurn({
    id: `resp_first${n}`,
    owner: ownerOf(KEY_A),
    createdAt: nowSeconds(),
    input: [userMessage(`msg_u1_${n}`, 'What is 2+2?')],
    output: [reasoning, assistantMessage(`msg_a1_${n}`, '4')],
  });
  const second = storedTurn({
    id: `resp_second${n}`,
    owner: ownerOf(KEY_A),
    createdAt: nowSeconds(),
    input: [userMessage(`msg_u2_${n}`, 'And times 3?'), userMessage(`msg_u3_${n}`, 'Show the working.')],
    output: [assistantMessage(`msg_a2_${n}`, '12')],
    previous: first,
  });
  await Promise.all([store.put(first), store.put(second)]);
  return [first, second];
}

async function refusal(call: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await call;
  } catch (error) {
    if (error instanceof OpenAI.APIError) return error;
    throw error;
  }
  throw new Error('expected an API error');
}

const ids = (items: ReadonlyArray<{ id?: unknown }>) => items.map((item) => item.id);

describe('GET /v1/responses/{id}', () => {
  it('answers the stored Response to its key', async () => {
    const [, second] = await conversation();
    expect(await a.responses.retrieve(second.id)).toMatchObject(second.response);
  });

  it("answers another key's response with the 404 an unknown id gets, in OpenAI's error shape", async () => {
    const [first] = await conversation();
    const theirs = await refusal(b.responses.retrieve(first.id));
    const unknown = await refusal(a.responses.retrieve('resp_unknown'));
    expect(theirs).toBeInstanceOf(OpenAI.NotFoundError);
    expect(theirs.error).toEqual({ message: `Response with id '${first.id}' not found.`, type: 'invalid_request_error', param: null, code: null });
    expect(unknown.status).toBe(404);
    expect(unknown.error).toEqual({ message: "Response with id 'resp_unknown' not found.", type: 'invalid_request_error', param: null, code: null });
    // The same for the other routes: nothing tells another key's id from one that never was.
    for (const call of [b.responses.delete(first.id), b.responses.inputItems.list(first.id)]) {
      expect((await refusal(call)).error).toEqual(theirs.error);
    }
    expect(await a.responses.retrieve(first.id)).toMatchObject({ id: first.id });
  });

  it('refuses to stream a stored response again: a 400 naming stream', async () => {
    const [first] = await conversation();
    const error = await refusal(a.responses.retrieve(first.id, { stream: true }));
    expect(error).toMatchObject({ status: 400, param: 'stream', type: 'invalid_request_error' });
  });
});

describe('DELETE /v1/responses/{id}', () => {
  it("deletes the key's own response, answering OpenAI's deletion object; after that it is a 404 to every route", async () => {
    const [first, second] = await conversation();
    const raw = await fetch(`${baseURL}/responses/${first.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${KEY_A}` } });
    expect(raw.status).toBe(200);
    expect(await raw.json()).toEqual({ id: first.id, object: 'response', deleted: true });
    for (const call of [a.responses.retrieve(first.id), a.responses.delete(first.id), a.responses.inputItems.list(first.id)]) {
      expect((await refusal(call)).status).toBe(404);
    }
    // The turn that continued it keeps its own conversation.
    await a.responses.delete(second.id);
    expect((await refusal(a.responses.retrieve(second.id))).status).toBe(404);
  });
});

describe('GET /v1/responses/{id}/input_items', () => {
  it("lists a continued response's items as OpenAI does: the earlier turns and this request's input, not its output, newest first", async () => {
    const [first, second] = await conversation();
    const n = next;
    const chain = [`msg_u1_${n}`, `rs_${n}`, `msg_a1_${n}`, `msg_u2_${n}`, `msg_u3_${n}`];
    const page = await a.responses.inputItems.list(second.id);
    expect(ids(page.data)).toEqual([...chain].reverse());
    expect(page.data[0]).toEqual(second.inputItems[1]);
    expect(page.has_more).toBe(false);
    const raw = (await (await fetch(`${baseURL}/responses/${second.id}/input_items?order=asc`, { headers: { authorization: `Bearer ${KEY_A}` } })).json()) as Record<string, unknown>;
    expect(raw).toEqual({ object: 'list', data: second.conversation.slice(0, 5), first_id: chain[0], last_id: chain[4], has_more: false });
    expect(ids((await a.responses.inputItems.list(first.id, { order: 'asc' })).data)).toEqual([`msg_u1_${n}`]);
  });

  it('pages by limit and after, in either order, and the SDK follows the pages to the end', async () => {
    const [, second] = await conversation();
    const n = next;
    const asc = [`msg_u1_${n}`, `rs_${n}`, `msg_a1_${n}`, `msg_u2_${n}`, `msg_u3_${n}`];
    const firstPage = await a.responses.inputItems.list(second.id, { order: 'asc', limit: 2 });
    expect(ids(firstPage.data)).toEqual(asc.slice(0, 2));
    expect(firstPage.has_more).toBe(true);
    const afterPage = await a.responses.inputItems.list(second.id, { order: 'asc', limit: 2, after: asc[1]! });
    expect(ids(afterPage.data)).toEqual(asc.slice(2, 4));
    const all: unknown[] = [];
    for await (const item of a.responses.inputItems.list(second.id, { limit: 2 })) all.push((item as { id: string }).id);
    expect(all).toEqual([...asc].reverse());
  });

  it.each([
    ['limit', 'limit=0'],
    ['limit', 'limit=101'],
    ['limit', 'limit=ten'],
    ['order', 'order=newest'],
    ['after', 'after=msg_not_in_this_response'],
  ])('answers a bad %s (%s) with a 400 naming it', async (param, query) => {
    const [, second] = await conversation();
    const response = await fetch(`${baseURL}/responses/${second.id}/input_items?${query}`, { headers: { authorization: `Bearer ${KEY_A}` } });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: unknown }).error).toMatchObject({ type: 'invalid_request_error', param });
  });

  it('takes 100 items a page at most', async () => {
    const [, second] = await conversation();
    expect((await a.responses.inputItems.list(second.id, { limit: 100 })).data).toHaveLength(5);
  });
});

describe('the routes without keys or without the table', () => {
  const context = (keyDigest?: string): RouteContext => ({ requestId: 'req_1', annotate() {}, finish() {}, caller: { keyDigest, policy: undefined } });
  const get = { method: 'GET', path: '/v1/responses/x', headers: {}, body: '', signal: new AbortController().signal };

  it("on a gateway without keys, answers the responses it stored, owned as an open gateway's jobs are ('open')", async () => {
    const open = storedTurn({ id: `resp_open${++next}`, owner: 'open', createdAt: nowSeconds(), input: [userMessage('msg_open', 'Hi')], output: [] });
    await store.put(open);
    const routes = createStoredResponseRoutes({ store });
    expect(JSON.parse((await routes.retrieve(get, context(), open.id)).body as string)).toEqual(open.response);
    await expect(routes.retrieve(get, context(ownerOf(KEY_A)), open.id)).rejects.toMatchObject({ status: 404 });
  });

  it('answers 503 when the gateway runs without the responses table', async () => {
    const error = await createStoredResponseRoutes({ store: undefined }).retrieve(get, context(), 'resp_1').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(CallError);
    expect(error).toMatchObject({ status: 503, code: 'responses_unavailable' });
  });
});

describe('the stored responses\' DynamoDB calls', () => {
  // Last in the file: every test above went through the grants.
  it('are all granted to the gateway by the stack (dynalite checks no IAM)', () => {
    expect(gatewayDynamoDb.refused).toEqual([]);
  });
});
