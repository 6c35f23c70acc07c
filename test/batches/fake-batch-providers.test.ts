/**
 * The fake batch providers refuse what the real ones document as invalid, so a client that sends
 * a malformed batch fails its tests instead of passing against a lenient fake.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readText, sendRequest } from '../../functions/net/send-request.ts';
import { multipart } from '../../functions/providers/openai-compatible/openai-batch-client.ts';
import { FAKE_BATCH_KEYS, startFakeBatchProviders, type FakeBatchProviders } from '../support/fake-batch-providers.ts';

let fake: FakeBatchProviders;
beforeAll(async () => {
  fake = await startFakeBatchProviders();
});
afterAll(() => fake.close());

const openaiAuth = { authorization: `Bearer ${FAKE_BATCH_KEYS.openai}` };
const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ custom_id: 'a', method: 'POST', url: '/v1/chat/completions', body: { model: 'gpt-4o-mini', messages: [] }, ...fields });

async function send(path: string, headers: Record<string, string>, body: string | Buffer, method: 'POST' | 'GET' = 'POST') {
  const response = await sendRequest({ method, url: `${fake.url}${path}`, headers, ...(method === 'POST' ? { body } : {}) }, new AbortController().signal);
  return { status: response.statusCode, json: JSON.parse(await readText(response)) as Record<string, unknown> };
}

async function upload(fields: Parameters<typeof multipart>[0]) {
  const { body, contentType } = multipart(fields);
  return send('/v1/files', { ...openaiAuth, 'content-type': contentType }, body);
}

describe('fake batch providers', () => {
  it('OpenAI: accepts a well-formed upload and refuses a wrong purpose, a bad line, a repeated id, mixed models, a bad endpoint', async () => {
    const file = (content: string) => ({ name: 'file', filename: 'batch.jsonl', contentType: 'application/jsonl', value: content });
    expect((await upload([{ name: 'purpose', value: 'batch' }, file(line({}))])).status).toBe(200);
    expect((await upload([{ name: 'purpose', value: 'fine-tune' }, file(line({}))])).status).toBe(400);
    expect((await upload([{ name: 'purpose', value: 'batch' }, file('{not json')])).status).toBe(400);
    expect((await upload([{ name: 'purpose', value: 'batch' }, file(line({ url: '/v1/embeddings' }))])).status).toBe(400);
    expect((await upload([{ name: 'purpose', value: 'batch' }, file(`${line({})}\n${line({})}`)])).status).toBe(400);
    const mixed = `${line({})}\n${line({ custom_id: 'b', body: { model: 'gpt-4o', messages: [] } })}`;
    expect((await upload([{ name: 'purpose', value: 'batch' }, file(mixed)])).status).toBe(400);
    expect((await send('/v1/files', { ...openaiAuth, 'content-type': 'application/json' }, '{}')).status).toBe(400);

    const uploaded = await upload([{ name: 'purpose', value: 'batch' }, file(line({}))]);
    const create = (fields: Record<string, unknown>) =>
      send('/v1/batches', { ...openaiAuth, 'content-type': 'application/json' }, JSON.stringify({ input_file_id: uploaded.json.id, endpoint: '/v1/chat/completions', completion_window: '24h', ...fields }));
    expect((await create({ completion_window: '48h' })).status).toBe(400);
    expect((await create({ endpoint: '/v1/responses' })).status).toBe(400);
    expect((await create({ input_file_id: 'file-nope' })).status).toBe(400);
    const created = await create({});
    expect(created).toMatchObject({ status: 200, json: { object: 'batch', status: 'in_progress', request_counts: { total: 1 } } });
    expect((await send(`/v1/batches/${String(created.json.id)}`, { authorization: 'Bearer nope' }, '', 'GET')).status).toBe(401);
  });

  it('Anthropic: requires the version header and refuses bad custom ids and params', async () => {
    const headers = { 'x-api-key': FAKE_BATCH_KEYS.anthropic, 'anthropic-version': '2023-06-01', 'content-type': 'application/json' };
    const params = { model: 'claude-haiku-4-5', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] };
    const create = (requests: unknown, extra: Record<string, string> = headers) => send('/v1/messages/batches', extra, JSON.stringify({ requests }));
    expect((await create([{ custom_id: 'ok-1', params }])).status).toBe(200);
    const { 'anthropic-version': _version, ...withoutVersion } = headers;
    expect((await create([{ custom_id: 'ok-1', params }], withoutVersion)).status).toBe(400);
    expect((await create([{ custom_id: 'has space', params }])).json).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
    expect((await create([{ custom_id: 'x'.repeat(65), params }])).status).toBe(400);
    expect((await create([{ custom_id: 'a', params }, { custom_id: 'a', params }])).status).toBe(400);
    expect((await create([{ custom_id: 'a', params: { model: 'claude-haiku-4-5', messages: [] } }])).status).toBe(400);
    expect((await create([])).status).toBe(400);
  });

  it('Gemini: requires a display name and inline requests with contents; accepts snake_case names', async () => {
    const headers = { 'x-goog-api-key': FAKE_BATCH_KEYS.gemini, 'content-type': 'application/json' };
    const create = (batch: unknown) => send('/v1beta/models/gemini-2.5-flash:batchGenerateContent', headers, JSON.stringify({ batch }));
    const requests = { requests: [{ request: { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }, metadata: { key: 'a' } }] };
    expect((await create({ display_name: 'x', input_config: { requests } })).json).toMatchObject({ name: expect.stringMatching(/^batches\//), metadata: { state: 'BATCH_STATE_RUNNING' } });
    expect((await create({ inputConfig: { requests } })).status).toBe(400);
    expect((await create({ displayName: 'x', inputConfig: { requests: { requests: [{ request: {} }] } } })).status).toBe(400);
    expect((await create({ displayName: 'x', inputConfig: { requests: { requests: [] } } })).json).toMatchObject({ error: { status: 'INVALID_ARGUMENT' } });
  });
});
