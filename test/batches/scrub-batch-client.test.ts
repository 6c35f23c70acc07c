/**
 * The batch clients' answers are scrubbed of the provider's key as they come in: a failed call's
 * error (every field), an item's error, a failed batch's reason. These become job records,
 * callbacks and log lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchClientFor, type BatchState } from '../../functions/batches/batch-client.ts';
import { FAKE_BATCH_KEYS, startFakeBatchProviders, type FakeBatchProvider, type FakeBatchProviders } from '../support/fake-batch-providers.ts';
import { chatCall, providerConfig } from './batch-test-helpers.ts';

let fake: FakeBatchProviders;

beforeAll(async () => {
  fake = await startFakeBatchProviders();
});
afterAll(() => fake.close());

const MODELS: Record<FakeBatchProvider, string> = { openai: 'gpt-4o-mini', anthropic: 'claude-haiku-4-5', gemini: 'gemini-2.5-flash' };

/** The key whole, and masked as OpenAI, xAI and DeepSeek mask keys. */
const echoesOf = (key: string) => [key, `${key.slice(0, 6)}${'*'.repeat(12)}${key.slice(-4)}`, `${key.slice(0, 2)}***${key.slice(-2)}`, `Your api key: ****${key.slice(-4)} is invalid`];

/** Neither the key nor any of its masks (the fake's keys end in common words, so their last four letters may well appear). */
function expectClean(key: string, value: unknown) {
  const text = JSON.stringify(value);
  const [whole, starred, short] = echoesOf(key);
  for (const trace of [whole!, starred!, short!, `****${key.slice(-4)}`, '***']) expect(text).not.toContain(trace);
}

const caught = async (call: Promise<unknown>) => {
  try {
    await call;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
};

describe('batch clients scrub what providers answer', () => {
  for (const provider of ['openai', 'anthropic', 'gemini'] as const) {
    const key = FAKE_BATCH_KEYS[provider];
    const item = (customId: string) => ({ customId, model: MODELS[provider], call: chatCall(`${provider}/${MODELS[provider]}`, 'Hello') });

    it(`${provider}: a failed call's error, in every field`, async () => {
      const client = batchClientFor(provider, providerConfig(fake, provider))!;
      const [whole, starred, short, phrase] = echoesOf(key);
      const body =
        provider === 'anthropic'
          ? { type: 'error', error: { type: short, message: `${phrase}; ${starred}; ${whole}` } }
          : provider === 'gemini'
            ? { error: { code: 400, message: `${phrase}; ${starred}; ${whole}`, status: short } }
            : { error: { message: `${phrase}; ${starred}; ${whole}`, type: short, code: whole, param: starred } };
      fake.interceptNext(400, body);
      const error = await caught(client.submit([item('job-1')]));
      expect(error.message).toContain('Your api key');
      expectClean(key, { message: error.message, code: error.code, param: error.param, headers: error.headers });
    });

    it(`${provider}: an item's error`, async () => {
      const client = batchClientFor(provider, providerConfig(fake, provider))!;
      // The fake's item error names the item, here the key itself (a valid custom id).
      const { batchId } = await client.submit([item(key), item('job-ok')]);
      fake.complete(batchId, { fail: [key] });
      const state = (await client.poll(batchId)) as Extract<BatchState, { status: 'ended' }>;
      const failed = state.results.get(key);
      expect(failed).toMatchObject({ ok: false, error: { message: expect.stringContaining('Invalid request') } });
      expectClean(key, failed);
    });
  }

  for (const provider of ['openai', 'gemini'] as const) {
    it(`${provider}: a failed batch's reason`, async () => {
      const key = FAKE_BATCH_KEYS[provider];
      const client = batchClientFor(provider, providerConfig(fake, provider))!;
      const { batchId } = await client.submit([{ customId: 'job-1', model: MODELS[provider], call: chatCall(`${provider}/${MODELS[provider]}`, 'Hello') }]);
      fake.failBatch(batchId, echoesOf(key).join('; '));
      const state = await client.poll(batchId);
      expect(state).toMatchObject({ status: 'failed', reason: expect.stringContaining('Your api key') });
      expectClean(key, state);
    });
  }
});
