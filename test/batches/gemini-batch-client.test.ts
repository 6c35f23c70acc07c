/**
 * Gemini's batch mode client against the fake: inline requests translated as generateContent
 * requests, the operation's states, inline responses mapped back by metadata key, item errors,
 * expired (partial) and failed batches, cancel.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchClientFor, type BatchClient, type BatchState } from '../../functions/batches/batch-client.ts';
import { batchRefusalOf } from '../../functions/batches/batch-http.ts';
import { adapterFor } from '../../functions/providers/adapter-for.ts';
import { findProvider } from '../../functions/providers/provider-registry.ts';
import { FAKE_BATCH_KEYS, startFakeBatchProviders, type FakeBatchProviders } from '../support/fake-batch-providers.ts';
import { chatCall, providerConfig, richChatCall } from './batch-test-helpers.ts';

let fake: FakeBatchProviders;
let client: BatchClient;

beforeAll(async () => {
  fake = await startFakeBatchProviders();
  client = batchClientFor('gemini', providerConfig(fake, 'gemini'))!;
});
afterAll(() => fake.close());

const ended = (state: BatchState) => {
  if (state.status !== 'ended') throw new Error(`expected an ended batch, got ${JSON.stringify(state)}`);
  return state;
};

describe('Gemini batch client', () => {
  it('creates a batch on the model with inline generateContent requests keyed by custom id, and maps the responses back', async () => {
    const items = [
      { customId: 'job-1', model: 'gemini-2.5-flash', call: richChatCall('gemini/gemini-2.5-flash') },
      { customId: 'job-2', model: 'gemini-2.5-flash', call: chatCall('gemini/gemini-2.5-flash', 'Hello') },
    ];
    const before = fake.requests.length;
    const submitted = await client.submit(items, { displayName: 'nightly' });
    expect(submitted).toEqual({ provider: 'gemini', batchId: expect.stringMatching(/^batches\/\w+$/) });

    const [create] = fake.requests.slice(before);
    expect(`${create!.method} ${create!.url}`).toBe('POST /v1beta/models/gemini-2.5-flash:batchGenerateContent');
    expect(create!.headers['x-goog-api-key']).toBe(FAKE_BATCH_KEYS.gemini);
    expect(create!.url).not.toContain(FAKE_BATCH_KEYS.gemini);
    const sentBody = JSON.parse(create!.body.toString()) as { batch: { displayName: string; inputConfig: { requests: { requests: Array<{ metadata: unknown }> } } } };
    expect(sentBody.batch.displayName).toBe('nightly');
    expect(sentBody.batch.inputConfig.requests.requests.map((entry) => entry.metadata)).toEqual([{ key: 'job-1' }, { key: 'job-2' }]);

    const adapter = adapterFor(findProvider('gemini')!);
    const batch = fake.batch(submitted.batchId);
    items.forEach((item, index) => {
      const synchronous = adapter.buildRequest(item.call, { model: item.model, apiKey: 'k', baseUrl: 'https://x', stream: false });
      expect(batch.items[index]!.body).toEqual(JSON.parse(synchronous.body));
    });
    expect(batch.items[0]!.body).toMatchObject({
      systemInstruction: { parts: [{ text: 'You answer briefly.' }] },
      generationConfig: { temperature: 0.2, stopSequences: ['END'], maxOutputTokens: 300 },
    });

    expect(await client.poll(submitted.batchId)).toEqual({ status: 'in_progress' });
    expect(fake.requests.at(-1)!.url).toBe(`/v1beta/${submitted.batchId}`);
    fake.complete(submitted.batchId, { fail: ['job-2'] });

    const state = ended(await client.poll(submitted.batchId));
    expect(state.results.get('job-1')).toMatchObject({
      ok: true,
      result: { id: 'resp-job-1', model: 'gemini-2.5-flash', choices: [{ text: 'Answer to job-1', finish: { unified: 'stop' } }] },
      usage: { inputTokens: 12, outputTokens: 3 },
    });
    expect(state.results.get('job-2')).toEqual({
      ok: false,
      error: { status: 400, code: 'INVALID_ARGUMENT', message: 'gemini: Invalid request job-2' },
    });
  });

  it('returns what an expired batch produced; the items it did not run are absent', async () => {
    const { batchId } = await client.submit(['a', 'b'].map((id) => ({ customId: id, model: 'gemini-2.5-flash', call: chatCall('gemini-2.5-flash', id) })));
    fake.complete(batchId, { expire: ['b'] });
    const state = ended(await client.poll(batchId));
    expect([...state.results.keys()]).toEqual(['a']);
    expect(state.expiredOrCanceled).toEqual([]);
  });

  it('reports a failed batch', async () => {
    const { batchId } = await client.submit([{ customId: 'a', model: 'gemini-2.5-flash', call: chatCall('gemini-2.5-flash', 'a') }]);
    fake.failBatch(batchId, 'Internal error while processing the batch.');
    expect(await client.poll(batchId)).toEqual({ status: 'failed', reason: 'gemini reported the batch as failed: Internal error while processing the batch.' });
  });

  it('cancels with :cancel, and a cancelled batch ends with what ran', async () => {
    const { batchId } = await client.submit(['a', 'b'].map((id) => ({ customId: id, model: 'gemini-2.5-flash', call: chatCall('gemini-2.5-flash', id) })));
    await client.cancel(batchId);
    expect(`${fake.requests.at(-1)!.method} ${fake.requests.at(-1)!.url}`).toBe(`POST /v1beta/${batchId}:cancel`);
    expect(await client.poll(batchId)).toEqual({ status: 'in_progress' });
    fake.complete(batchId, { cancel: ['b'] });
    const state = ended(await client.poll(batchId));
    expect([...state.results.keys()]).toEqual(['a']);
  });

  it('rejects mixed models and batch ids that are not batches/<id>', async () => {
    await expect(
      client.submit([
        { customId: 'a', model: 'gemini-2.5-flash', call: chatCall('gemini-2.5-flash', 'a') },
        { customId: 'b', model: 'gemini-2.5-pro', call: chatCall('gemini-2.5-pro', 'b') },
      ]),
    ).rejects.toMatchObject({ status: 400, param: 'model' });
    await expect(client.poll('../models/x')).rejects.toMatchObject({ status: 400 });
  });

  it('turns a refused key into a 401 naming Gemini', async () => {
    const wrong = batchClientFor('gemini', providerConfig(fake, 'gemini', 'wrong-gemini-secret'))!;
    const error = (await wrong.poll('batches/000001').catch((caught: unknown) => caught)) as Error;
    expect(error).toMatchObject({ status: 401, message: 'gemini: invalid api key' });
    expect(error.message).not.toContain('wrong-gemini-secret');
  });

  it("refuses batch for the model alone on Google's 404 to a URL that names it, and for all of Gemini when the endpoint itself is missing", async () => {
    const items = [{ customId: 'a', model: 'gemini-2.0-flash', call: chatCall('gemini-2.0-flash', 'a') }];
    // What Google answers for a model batch mode does not serve.
    fake.interceptNext(404, {
      error: { code: 404, message: 'models/gemini-2.0-flash is not found for API version v1beta, or is not supported for batchGenerateContent.', status: 'NOT_FOUND' },
    });
    const notServed = await client.submit(items).catch((caught: unknown) => caught);
    expect(batchRefusalOf(notServed)).toBe('model');
    expect(notServed).toMatchObject({ status: 501, code: 'batch_model_unavailable' });
    expect((notServed as Error).message).toMatch(/^gemini serves no batch mode for the batch's model: it answered the batch's submission with status 404/);
    for (const status of [405, 501]) {
      fake.interceptNext(status, { error: { code: status, message: 'no such method', status: 'UNIMPLEMENTED' } });
      expect(batchRefusalOf(await client.submit(items).catch((caught: unknown) => caught)), String(status)).toBe('provider');
    }
    // A batch that is not found is that batch's fault.
    fake.interceptNext(404, { error: { code: 404, message: 'batch not found', status: 'NOT_FOUND' } });
    expect(batchRefusalOf(await client.poll('batches/000404').catch((caught: unknown) => caught))).toBeUndefined();
  });
});

describe('batchClientFor', () => {
  it('has a client for OpenAI, Anthropic and Gemini only, and none for an unconfigured provider', () => {
    expect(batchClientFor('openai', providerConfig(fake, 'openai'))?.provider).toBe('openai');
    expect(batchClientFor('bedrock', { ...providerConfig(fake, 'openai'), definition: findProvider('bedrock')! })).toBeUndefined();
    expect(batchClientFor('groq', { ...providerConfig(fake, 'openai'), definition: findProvider('groq')! })).toBeUndefined();
    expect(batchClientFor('anthropic', { ...providerConfig(fake, 'anthropic'), configured: false, apiKey: undefined })).toBeUndefined();
    expect(batchClientFor('gemini', undefined)).toBeUndefined();
  });
});
