/**
 * One loopback server playing OpenAI, Anthropic and Gemini for the asynchronous path: their chat
 * endpoints answer from recordings (the standard and flex paths), everything else goes to the fake
 * batch APIs (fake-batch-providers.ts), so one base URL per provider serves both kinds of call.
 */
import { startFakeBatchProviders, type FakeBatchProvider, type FakeBatchProviders } from './fake-batch-providers.ts';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';
import { readRecordedJson } from './recorded.ts';

/** The recorded answer each provider's chat endpoint gives, and so also its batch API (`complete(id, { answer: (_, provider) => recordedAnswer(provider) })`). */
export const recordedAnswer = (provider: FakeBatchProvider): Record<string, unknown> =>
  readRecordedJson(provider, RECORDINGS[provider]) as Record<string, unknown>;

const RECORDINGS: Readonly<Record<FakeBatchProvider, string>> = { openai: 'openai-text', anthropic: 'anthropic-text', gemini: 'google-text' };

export interface FakeProvidersWithBatches {
  /** The server to point OPENAI_BASE_URL (`/v1`), ANTHROPIC_BASE_URL and GEMINI_BASE_URL at. */
  upstream: FakeUpstream;
  batches: FakeBatchProviders;
  close(): Promise<void>;
}

export interface FakeProvidersOptions {
  /**
   * How the flex tiers answer: at once, or by refusing for lack of capacity, as OpenAI
   * (429, https://platform.openai.com/docs/guides/flex-processing) and Gemini (429
   * RESOURCE_EXHAUSTED, https://ai.google.dev/gemini-api/docs/flex-inference) do when busy.
   */
  flex?: 'answers' | 'refuses';
  /**
   * `missing`: a server that serves chat and nothing else (a custom OPENAI_BASE_URL in front of a
   * self-hosted model), answering every other path 404 as such servers do.
   */
  batchApi?: 'served' | 'missing';
  /** Gemini models batch mode does not serve: their batch's creation is answered 404 NOT_FOUND, as Google does. */
  modelsWithoutBatchMode?: readonly string[];
}

export async function startFakeProvidersWithBatches({ flex = 'answers', batchApi = 'served', modelsWithoutBatchMode = [] }: FakeProvidersOptions = {}): Promise<FakeProvidersWithBatches> {
  const batches = await startFakeBatchProviders();
  const upstream = await startFakeUpstream(async (request) => {
    const flexRefused = flex === 'refuses' && request.json.service_tier === 'flex';
    if (request.url.startsWith('/v1/chat/completions')) {
      if (flexRefused) {
        return { status: 429, json: { error: { message: 'Resource unavailable, please try again later.', type: 'server_error', param: null, code: 'resource_unavailable' } } };
      }
      const recorded = recordedAnswer('openai');
      // The response names the tier that served it (https://platform.openai.com/docs/api-reference/chat/object).
      return { json: request.json.service_tier === 'flex' ? { ...recorded, service_tier: 'flex' } : recorded };
    }
    if (request.url === '/v1/messages') return { json: recordedAnswer('anthropic') };
    if (/:generateContent$/.test(request.url)) {
      if (flexRefused) return { status: 429, json: { error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' } } };
      return { json: recordedAnswer('gemini') };
    }
    if (batchApi === 'missing') return { status: 404, json: { detail: 'Not Found' } };
    const batchModel = /^\/v1beta\/models\/([^/:]+):batchGenerateContent$/.exec(request.url)?.[1];
    if (batchModel && modelsWithoutBatchMode.includes(decodeURIComponent(batchModel))) {
      const message = `models/${decodeURIComponent(batchModel)} is not found for API version v1beta, or is not supported for batchGenerateContent.`;
      return { status: 404, json: { error: { code: 404, message, status: 'NOT_FOUND' } } };
    }
    const response = await fetch(`${batches.url}${request.url}`, {
      method: request.method,
      headers: Object.fromEntries(
        Object.entries(request.headers).flatMap(([name, value]) => (typeof value === 'string' && name !== 'host' && name !== 'content-length' ? [[name, value]] : [])),
      ),
      ...(request.method === 'GET' ? {} : { body: request.body }),
    });
    return { status: response.status, headers: { 'content-type': response.headers.get('content-type') ?? 'application/json' }, text: await response.text() };
  });
  return {
    upstream,
    batches,
    async close() {
      await upstream.close();
      await batches.close();
    },
  };
}
