/**
 * What one gateway key may do and see, end to end: `npm start` with four keys, three of them with
 * a model policy, providers on one fake. A key's policy holds on every way in (chat completions,
 * job submission, and the worker that runs the job later); GET /v1/health shows a key only the
 * targets it may use, never another tenant's free-form model names; and what an instance keeps of
 * targets outside the catalog stays bounded however many model names clients invent.
 */
import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../functions/catalog/load-catalog.ts';
import { waitFor } from '../local/local-test-helpers.ts';
import { createProviderRouter, providerRouterEnv, providerOf } from '../support/provider-router.ts';
import { useGateway } from '../support/use-gateway.ts';

/** No policy: every target. */
const KEY_ALL = 'sy-iso-all';
/** A tenant with one catalog model and its own fine-tuned model. */
const KEY_ACME = 'sy-iso-acme';
const ACME_FINE_TUNE = 'openai/ft:gpt-4o:acme-corp:secret-project:abc123';
const KEY_ANTHROPIC = 'sy-iso-anthropic';
/** A key whose policy names invented models one by one, so that its health view shows what the instance keeps of them. */
const KEY_INVENTED = 'sy-iso-invented';
const INVENTED = Array.from({ length: 12 }, (_, index) => `openai/invented-${index}`);
/** Free-form targets one instance keeps (SWITCHYARD_MAX_FREE_FORM_TARGETS). */
const KEPT = 4;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const catalogIds = new Set(loadCatalog().models.map((model) => model.id));

const providers = createProviderRouter();
const under = useGateway(
  (url) => ({
    NODE_ENV: 'production',
    SWITCHYARD_API_KEYS: [KEY_ALL, KEY_ACME, KEY_ANTHROPIC, KEY_INVENTED].join(','),
    SWITCHYARD_API_KEY_POLICIES: JSON.stringify([
      { key_sha256: sha256(KEY_ACME), models: ['openai/gpt-4o-mini', ACME_FINE_TUNE] },
      { key_sha256: sha256(KEY_ANTHROPIC), models: ['anthropic/*'] },
      { key_sha256: sha256(KEY_INVENTED), models: INVENTED },
    ]),
    SWITCHYARD_MAX_FREE_FORM_TARGETS: String(KEPT),
    ...providerRouterEnv(url),
  }),
  KEY_ALL,
);

beforeEach(() => {
  providers.reset();
  under.upstream.reply(providers.handler);
});

const clientFor = (key: string) => new OpenAI({ baseURL: under.gateway.baseURL, apiKey: key, maxRetries: 0 });

async function call(method: string, path: string, key: string, body?: unknown) {
  const response = await fetch(`${under.gateway.baseURL}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

const job = (model: string, content: string) => ({ model, messages: [{ role: 'user', content }], deadline: 60 });
const jobIds = async (key: string) => ((await call('GET', '/jobs?limit=100', key)).body.data as Array<{ id: string }>).map((item) => item.id);
const finished = (id: string, key: string) =>
  waitFor(async () => {
    const { body } = await call('GET', `/jobs/${id}`, key);
    return ['succeeded', 'failed'].includes(body.status as string) ? body : undefined;
  }, 15_000, `job ${id} to end`);
const healthTargets = async (key: string) => {
  const { status, body } = await call('GET', '/health', key);
  expect(status).toBe(200);
  return (body.data as Array<{ target: string }>).map((entry) => entry.target);
};

describe('a key policy on every way in', () => {
  it('refuses a job for a model the key may not use at submission, with the 403 the chat route gives', async () => {
    const before = await jobIds(KEY_ACME);
    const refused = await call('POST', '/jobs', KEY_ACME, job('mistral/mistral-large-latest', 'Not mine to use.'));
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ type: 'invalid_request_error', code: 'model_not_allowed', param: 'model' });
    expect(refused.body.error.message).toContain("'mistral/mistral-large-latest'");

    const chat = await clientFor(KEY_ACME).chat.completions.create({ model: 'mistral/mistral-large-latest', messages: [{ role: 'user', content: 'Hi.' }] }).catch((error: unknown) => error);
    expect(chat).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(chat).toMatchObject({ status: 403, code: 'model_not_allowed', param: 'model' });

    expect(await jobIds(KEY_ACME)).toEqual(before);
    expect(under.upstream.requests).toEqual([]);
  });

  it('refuses a list of jobs whole when one of its requests names a model the key may not use', async () => {
    const before = await jobIds(KEY_ACME);
    const refused = await call('POST', '/jobs', KEY_ACME, { requests: [job('gpt-4o-mini', 'Fine.'), job('claude-haiku-4-5', 'Not fine.')] });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'model_not_allowed', param: 'requests[1].model' });
    expect(refused.body.error.message).toContain("'claude-haiku-4-5'");
    expect(await jobIds(KEY_ACME)).toEqual(before);
  });

  it('accepts a job for an allowed model and runs it', async () => {
    const accepted = await call('POST', '/jobs', KEY_ACME, job('gpt-4o-mini', 'Allowed job.'));
    expect(accepted.status).toBe(202);
    const done = await finished(accepted.body.id as string, KEY_ACME);
    expect(done.status).toBe('succeeded');
    expect(under.upstream.requests.map(providerOf)).toEqual(['openai']);
  });

  it("has the worker serve a key's job only from targets its policy allows, however cheaper the others are", async () => {
    const accepted = await call('POST', '/jobs', KEY_ANTHROPIC, job('switchyard/fast', 'Fast, but at Anthropic.'));
    expect(accepted.status).toBe(202);
    const done = await finished(accepted.body.id as string, KEY_ANTHROPIC);
    expect(done.status).toBe('succeeded');
    expect(under.upstream.requests.map(providerOf)).toEqual(['anthropic']);
  });
});

describe('GET /v1/health per key', () => {
  it("never shows one tenant's fine-tuned model to another key, and shows a key only the targets it may use", async () => {
    await clientFor(KEY_ACME).chat.completions.create({ model: ACME_FINE_TUNE, messages: [{ role: 'user', content: 'Hi.' }] });
    await clientFor(KEY_ACME).chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi.' }] });

    const everything = await healthTargets(KEY_ALL);
    expect(everything).not.toContain(ACME_FINE_TUNE);
    expect(new Set(everything)).toEqual(catalogIds);

    const anthropicOnly = await healthTargets(KEY_ANTHROPIC);
    expect(anthropicOnly.length).toBeGreaterThan(0);
    expect(anthropicOnly.every((target) => target.startsWith('anthropic/'))).toBe(true);

    // A free-form target is shown to a key whose policy names it exactly.
    expect((await healthTargets(KEY_ACME)).sort()).toEqual([ACME_FINE_TUNE, 'openai/gpt-4o-mini'].sort());
  });

  it('keeps a bounded number of targets outside the catalog, the most recently used, however many names clients invent', async () => {
    const client = clientFor(KEY_INVENTED);
    for (const model of INVENTED) await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi.' }] });
    expect(under.upstream.requests).toHaveLength(INVENTED.length);

    expect((await healthTargets(KEY_INVENTED)).sort()).toEqual(INVENTED.slice(-KEPT).sort());
    expect(await healthTargets(KEY_ALL)).toHaveLength(catalogIds.size);
  });
});
