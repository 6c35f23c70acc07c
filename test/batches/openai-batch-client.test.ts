/**
 * OpenAI's Batch API client against the fake: the JSONL upload, the batch, the poll and the
 * results mapped back by custom id, item errors, expired and failed batches, cancel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchClientFor, type BatchClient, type BatchState } from '../../functions/batches/batch-client.ts';
import { batchRefusalOf } from '../../functions/batches/batch-http.ts';
import { CallError } from '../../functions/core/call-error.ts';
import { adapterFor } from '../../functions/providers/adapter-for.ts';
import { findProvider } from '../../functions/providers/provider-registry.ts';
import { FAKE_BATCH_KEYS, startFakeBatchProviders, type FakeBatchProviders } from '../support/fake-batch-providers.ts';
import { chatCall, providerConfig, richChatCall } from './batch-test-helpers.ts';
import { decodeResponsesRequest } from '../../functions/ingress/openai-responses/decode.ts';
import { validateResponsesRequest } from '../../functions/ingress/openai-responses/validate-responses-request.ts';
import { DEFAULT_ROUTING_PREFERENCES } from '../../functions/routing/routing-preferences.ts';

let fake: FakeBatchProviders;
let client: BatchClient;

beforeAll(async () => {
  fake = await startFakeBatchProviders();
  client = batchClientFor('openai', providerConfig(fake, 'openai'))!;
});
afterAll(() => fake.close());

const ended = (state: BatchState) => {
  if (state.status !== 'ended') throw new Error(`expected an ended batch, got ${JSON.stringify(state)}`);
  return state;
};

describe('OpenAI batch client', () => {
  it('sends a call from the Responses door as a chat completion line: a batch has one endpoint', async () => {
    const { call } = decodeResponsesRequest(validateResponsesRequest({ model: 'openai/gpt-4o-mini', instructions: 'Be brief.', input: 'Hello', max_output_tokens: 50 }), DEFAULT_ROUTING_PREFERENCES);
    const { batchId } = await client.submit([{ customId: 'job-r', model: 'gpt-4o-mini', call }]);
    const [line] = fake.batch(batchId).items;
    expect(line!.body).toMatchObject({ model: 'gpt-4o-mini', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hello' }] });
    expect(line!.body).not.toHaveProperty('input');
  });

  it('uploads a JSONL file translated as the synchronous call is, creates the batch, and maps the results back by custom id', async () => {
    const items = [
      { customId: 'job-1', model: 'gpt-4o-mini', call: richChatCall('openai/gpt-4o-mini') },
      { customId: 'job-2', model: 'gpt-4o-mini', call: chatCall('openai/gpt-4o-mini', 'Hello') },
    ];
    const before = fake.requests.length;
    const submitted = await client.submit(items, { metadata: { source: 'switchyard' } });
    expect(submitted.provider).toBe('openai');

    const sent = fake.requests.slice(before);
    expect(sent.map((request) => `${request.method} ${request.url}`)).toEqual(['POST /v1/files', 'POST /v1/batches']);
    for (const request of sent) expect(request.headers.authorization).toBe(`Bearer ${FAKE_BATCH_KEYS.openai}`);
    expect(String(sent[0]!.headers['content-type'])).toMatch(/^multipart\/form-data; boundary=/);
    expect(JSON.parse(sent[1]!.body.toString())).toMatchObject({ endpoint: '/v1/chat/completions', completion_window: '24h', metadata: { source: 'switchyard' } });

    const adapter = adapterFor(findProvider('openai')!);
    const batch = fake.batch(submitted.batchId);
    expect(batch.metadata).toEqual({ source: 'switchyard' });
    expect(batch.items.map((item) => item.customId)).toEqual(['job-1', 'job-2']);
    items.forEach((item, index) => {
      const synchronous = adapter.buildRequest(item.call, { model: item.model, apiKey: 'k', baseUrl: 'https://x', stream: false });
      expect(batch.items[index]!.body).toEqual(JSON.parse(synchronous.body));
    });
    expect(batch.items[0]!.body).toMatchObject({ model: 'gpt-4o-mini', temperature: 0.2, stop: ['END'], tools: [{ type: 'function' }] });
    expect(batch.items[0]!.body).not.toHaveProperty('stream');

    expect(await client.poll(submitted.batchId)).toEqual({ status: 'in_progress' });
    fake.complete(submitted.batchId, { fail: ['job-2'] });

    const state = ended(await client.poll(submitted.batchId));
    expect(state.expiredOrCanceled).toEqual([]);
    const first = state.results.get('job-1');
    expect(first).toMatchObject({
      ok: true,
      result: { model: 'gpt-4o-mini', choices: [{ text: 'Answer to job-1', finish: { unified: 'stop' } }] },
      usage: { inputTokens: 12, outputTokens: 3 },
    });
    expect(state.results.get('job-2')).toEqual({
      ok: false,
      error: { status: 400, code: 'invalid_request_error', message: 'openai: Invalid request job-2' },
    });
  });

  it('returns the partial output of an expired batch and names the items that did not run', async () => {
    const { batchId } = await client.submit(['a', 'b', 'c'].map((id) => ({ customId: id, model: 'gpt-4o-mini', call: chatCall('gpt-4o-mini', id) })));
    fake.complete(batchId, { expire: ['b', 'c'] });
    expect(fake.batch(batchId).status).toBe('expired');
    const state = ended(await client.poll(batchId));
    expect([...state.results.keys()]).toEqual(['a']);
    expect(state.expiredOrCanceled.sort()).toEqual(['b', 'c']);
  });

  it('reports a failed batch with the reasons OpenAI gives', async () => {
    const { batchId } = await client.submit([{ customId: 'x', model: 'gpt-4o-mini', call: chatCall('gpt-4o-mini', 'x') }]);
    fake.failBatch(batchId, 'The model gpt-4o-mini is not available for batch.');
    expect(await client.poll(batchId)).toEqual({ status: 'failed', reason: 'openai rejected the batch: line 1: The model gpt-4o-mini is not available for batch.' });
  });

  it('cancels: the batch is in progress while cancelling, then ends with what ran', async () => {
    const { batchId } = await client.submit(['p', 'q'].map((id) => ({ customId: id, model: 'gpt-4o-mini', call: chatCall('gpt-4o-mini', id) })));
    await client.cancel(batchId);
    expect(fake.batch(batchId).cancelRequested).toBe(true);
    expect(fake.requests.at(-1)!.url).toBe(`/v1/batches/${batchId}/cancel`);
    expect(await client.poll(batchId)).toEqual({ status: 'in_progress' });
    fake.complete(batchId, { cancel: ['q'] });
    const state = ended(await client.poll(batchId));
    expect([...state.results.keys()]).toEqual(['p']);
    expect(state.expiredOrCanceled).toEqual(['q']);
  });

  it('rejects mixed models, bad and repeated custom ids before sending anything', async () => {
    const before = fake.requests.length;
    await expect(
      client.submit([
        { customId: 'a', model: 'gpt-4o-mini', call: chatCall('gpt-4o-mini', 'a') },
        { customId: 'b', model: 'gpt-4o', call: chatCall('gpt-4o', 'b') },
      ]),
    ).rejects.toMatchObject({ status: 400, param: 'model' });
    await expect(client.submit([{ customId: 'job 1', model: 'gpt-4o-mini', call: chatCall('gpt-4o-mini', 'a') }])).rejects.toMatchObject({ status: 400, param: 'custom_id' });
    await expect(
      client.submit(['a', 'a'].map((id) => ({ customId: id, model: 'gpt-4o-mini', call: chatCall('gpt-4o-mini', id) }))),
    ).rejects.toMatchObject({ status: 400, param: 'custom_id' });
    await expect(client.submit([])).rejects.toMatchObject({ status: 400 });
    expect(fake.requests.length).toBe(before);
  });

  it('turns a refused key into a CallError naming OpenAI, without the key', async () => {
    const wrong = batchClientFor('openai', providerConfig(fake, 'openai', 'sk-wrong-secret-key'))!;
    const error = await wrong.submit([{ customId: 'a', model: 'gpt-4o-mini', call: chatCall('gpt-4o-mini', 'a') }]).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CallError);
    expect(error).toMatchObject({ status: 401, kind: 'authentication', fault: 'provider', provider: 'openai' });
    expect((error as Error).message).toMatch(/^openai: /);
    expect((error as Error).message).not.toContain('sk-wrong-secret-key');
  });

  it('tells a server without the Batch API (its 404, 405 or 501 to the submission) from other failures', async () => {
    const items = [{ customId: 'a', model: 'gpt-4o-mini', call: chatCall('gpt-4o-mini', 'a') }];
    for (const status of [404, 405, 501]) {
      fake.interceptNext(status, { detail: 'Not Found' });
      const error = await client.submit(items).catch((caught: unknown) => caught);
      expect(batchRefusalOf(error), String(status)).toBe('provider');
      expect((error as Error).message).toMatch(new RegExp(`^openai serves no batch API at its base URL: it answered the batch's submission with status ${status}`));
    }
    // A batch that is not found is a batch's fault, not the API's absence.
    fake.interceptNext(404, { error: { message: 'No batch found with id batch_x' } });
    expect(batchRefusalOf(await client.poll('batch_x').catch((caught: unknown) => caught))).toBeUndefined();
    fake.interceptNext(500, { error: { message: 'The server had an error' } });
    expect(batchRefusalOf(await client.submit(items).catch((caught: unknown) => caught))).toBeUndefined();
  });

  it('turns a provider failure during a poll into a 502 naming OpenAI', async () => {
    fake.interceptNext(500, { error: { message: 'The server had an error' } });
    await expect(client.poll('batch_000001')).rejects.toMatchObject({ status: 502, code: 'upstream_error', message: 'openai failed with status 500: The server had an error' });
  });
});
