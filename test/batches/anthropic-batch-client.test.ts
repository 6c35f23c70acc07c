/**
 * Anthropic's Message Batches client against the fake: requests as the Messages API's params,
 * results (served out of order) mapped back by custom id, errored, expired and canceled items.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchClientFor, type BatchClient, type BatchState } from '../../functions/batches/batch-client.ts';
import { adapterFor } from '../../functions/providers/adapter-for.ts';
import { findProvider } from '../../functions/providers/provider-registry.ts';
import { FAKE_BATCH_KEYS, startFakeBatchProviders, type FakeBatchProviders } from '../support/fake-batch-providers.ts';
import { chatCall, providerConfig, richChatCall } from './batch-test-helpers.ts';

let fake: FakeBatchProviders;
let client: BatchClient;

beforeAll(async () => {
  fake = await startFakeBatchProviders();
  client = batchClientFor('anthropic', providerConfig(fake, 'anthropic'))!;
});
afterAll(() => fake.close());

const ended = (state: BatchState) => {
  if (state.status !== 'ended') throw new Error(`expected an ended batch, got ${JSON.stringify(state)}`);
  return state;
};

describe('Anthropic batch client', () => {
  it('sends each item as the Messages params the synchronous call sends, with the auth headers, and maps results back by custom id', async () => {
    const items = [
      { customId: 'job-1', model: 'claude-sonnet-4-5', call: richChatCall('anthropic/claude-sonnet-4-5'), maxOutputTokens: 64000 },
      { customId: 'job-2', model: 'claude-haiku-4-5', call: chatCall('anthropic/claude-haiku-4-5', 'Hello') },
      { customId: 'job-3', model: 'claude-haiku-4-5', call: chatCall('anthropic/claude-haiku-4-5', 'Again') },
    ];
    const before = fake.requests.length;
    const submitted = await client.submit(items);
    expect(submitted).toMatchObject({ provider: 'anthropic', batchId: expect.stringMatching(/^msgbatch_/) });

    const [create] = fake.requests.slice(before);
    expect(`${create!.method} ${create!.url}`).toBe('POST /v1/messages/batches');
    expect(create!.headers['x-api-key']).toBe(FAKE_BATCH_KEYS.anthropic);
    expect(create!.headers['anthropic-version']).toBe('2023-06-01');
    expect(create!.headers.authorization).toBeUndefined();

    const adapter = adapterFor(findProvider('anthropic')!);
    const batch = fake.batch(submitted.batchId);
    items.forEach((item, index) => {
      const synchronous = adapter.buildRequest(item.call, {
        model: item.model,
        apiKey: 'k',
        baseUrl: 'https://x',
        stream: false,
        ...(item.maxOutputTokens ? { maxOutputTokens: item.maxOutputTokens } : {}),
      });
      expect(batch.items[index]!.body).toEqual(JSON.parse(synchronous.body));
    });
    expect(batch.items[0]!.body).toMatchObject({ model: 'claude-sonnet-4-5', system: 'You answer briefly.', max_tokens: 300, stop_sequences: ['END'] });

    expect(await client.poll(submitted.batchId)).toEqual({ status: 'in_progress' });
    fake.complete(submitted.batchId, { fail: ['job-2'], expire: ['job-3'] });

    const state = ended(await client.poll(submitted.batchId));
    expect(fake.requests.at(-1)!.url).toBe(`/v1/messages/batches/${submitted.batchId}/results`);
    expect(fake.requests.at(-1)!.headers['x-api-key']).toBe(FAKE_BATCH_KEYS.anthropic);
    expect(state.results.get('job-1')).toMatchObject({
      ok: true,
      result: { id: 'msg_job-1', model: 'claude-sonnet-4-5', choices: [{ text: 'Answer to job-1', finish: { unified: 'stop' } }] },
      usage: { inputTokens: 12, outputTokens: 3 },
    });
    expect(state.results.get('job-2')).toEqual({
      ok: false,
      error: { status: 400, code: 'invalid_request_error', message: 'anthropic: Invalid request job-2' },
    });
    expect(state.results.has('job-3')).toBe(false);
    expect(state.expiredOrCanceled).toEqual(['job-3']);
  });

  it('cancels: canceling counts as in progress, canceled items come back as not run', async () => {
    const { batchId } = await client.submit(['a', 'b'].map((id) => ({ customId: id, model: 'claude-haiku-4-5', call: chatCall('claude-haiku-4-5', id) })));
    await client.cancel(batchId);
    expect(fake.requests.at(-1)!.url).toBe(`/v1/messages/batches/${batchId}/cancel`);
    expect(await client.poll(batchId)).toEqual({ status: 'in_progress' });
    fake.complete(batchId, { cancel: ['b'] });
    const state = ended(await client.poll(batchId));
    expect([...state.results.keys()]).toEqual(['a']);
    expect(state.expiredOrCanceled).toEqual(['b']);
  });

  it('lets one batch mix models, and rejects custom ids Anthropic would refuse', async () => {
    expect(client.oneModelPerBatch).toBe(false);
    const before = fake.requests.length;
    await expect(client.submit([{ customId: 'x'.repeat(65), model: 'claude-haiku-4-5', call: chatCall('claude-haiku-4-5', 'a') }])).rejects.toMatchObject({
      status: 400,
      param: 'custom_id',
    });
    await expect(client.submit([{ customId: 'job.1', model: 'claude-haiku-4-5', call: chatCall('claude-haiku-4-5', 'a') }])).rejects.toMatchObject({ status: 400 });
    expect(fake.requests.length).toBe(before);
  });

  it('turns a refused key into a 401 naming Anthropic, without the key', async () => {
    const wrong = batchClientFor('anthropic', providerConfig(fake, 'anthropic', 'sk-ant-wrong-secret'))!;
    const error = (await wrong.poll('msgbatch_000001').catch((caught: unknown) => caught)) as Error;
    expect(error).toMatchObject({ status: 401, kind: 'authentication', fault: 'provider', provider: 'anthropic', providerType: 'authentication_error', message: 'anthropic: invalid api key' });
    expect(error.message).not.toContain('sk-ant-wrong-secret');
  });

  it('maps an overloaded answer to 503 and a timeout to 504', async () => {
    fake.interceptNext(529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
    await expect(client.poll('msgbatch_000001')).rejects.toMatchObject({ status: 503, code: 'upstream_overloaded' });

    const silent = createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const slow = batchClientFor('anthropic', { ...providerConfig(fake, 'anthropic'), baseUrl: `http://127.0.0.1:${port}` }, { timeoutMs: 50 })!;
      await expect(slow.poll('msgbatch_000001')).rejects.toMatchObject({ status: 504, code: 'upstream_timeout', message: 'anthropic did not answer within 50 ms' });
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('stops waiting when the caller aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(client.poll('msgbatch_000001', { signal: controller.signal })).rejects.toMatchObject({ status: 499 });
  });
});
