/**
 * Every string of a provider's error leaves the adapter scrubbed: each family's error body (every
 * field, Bedrock's x-amzn-errortype header), errors inside a 200 body, errors inside a stream.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../functions/core/stream-event.ts';
import { createRedactor } from '../../functions/http/redact-secrets.ts';
import { toOpenAIErrorBody } from '../../functions/ingress/openai-chat/render-error.ts';
import { adapterFor } from '../../functions/providers/adapter-for.ts';
import type { ProviderAdapter } from '../../functions/providers/provider-adapter.ts';
import { findProvider } from '../../functions/providers/provider-registry.ts';
import { scrubProviderErrors } from '../../functions/providers/scrub-provider-errors.ts';

const KEY = 'Vq8LmT2xKp7RbN4cWz9YsF1hJd6GaUe3';
/** The key whole, and masked as DeepSeek and xAI mask it. */
const ECHOES = [KEY, `Your api key: ****${KEY.slice(-4)} is invalid`, `${KEY.slice(0, 2)}***${KEY.slice(-2)}`];
const TRACES = [KEY, KEY.slice(-4), '***'];

const scrubbed = (provider: string): ProviderAdapter => scrubProviderErrors(adapterFor(findProvider(provider)!), createRedactor([KEY]));
const context = { model: 'm', now: 1_700_000_000 };

function expectClean(value: unknown) {
  const text = JSON.stringify(value);
  for (const trace of TRACES) expect(text).not.toContain(trace);
}

/** The errors among the events, as the client would see them. */
const errorsOf = (events: StreamEvent[]) => {
  const errors = events.flatMap((event) => (event.type === 'error' ? [event.error] : []));
  expect(errors).toHaveLength(1);
  return errors.map((error) => ({ ...toOpenAIErrorBody(error), providerType: error.providerType, headers: error.headers }));
};

const stream = (adapter: ProviderAdapter, messages: EventSourceMessage[]) => {
  const translator = adapter.createStreamTranslator(context);
  return [...messages.flatMap((message) => translator.push(message)), ...translator.end()];
};

describe('scrubProviderErrors', () => {
  for (const echo of ECHOES) {
    describe(`an error that echoes ${JSON.stringify(echo.slice(0, 24))}`, () => {
      it('OpenAI-compatible: message, type, code and param of an error body, and an error chunk in a stream', () => {
        const error = { message: `bad key ${echo}`, type: echo, code: echo, param: echo };
        for (const provider of ['openai', 'deepseek', 'mistral', 'groq', 'xai', 'together']) {
          const adapter = scrubbed(provider);
          const info = adapter.parseErrorBody(JSON.stringify({ error }));
          expect(info.message).toContain('bad key');
          expectClean(info);
          expectClean(adapter.parseErrorBody(JSON.stringify({ detail: error })));
          expectClean(adapter.parseErrorBody(`<html>${echo}</html>`));
          expectClean(errorsOf(stream(adapter, [{ event: undefined, data: JSON.stringify({ error }), id: undefined }])));
        }
      });

      it('Anthropic: an error body, an error in a 200 body, an error event in a stream', () => {
        const adapter = scrubbed('anthropic');
        const body = { type: 'error', error: { type: echo, message: `bad key ${echo}` } };
        expectClean(adapter.parseErrorBody(JSON.stringify(body)));
        expectClean(errorsOf(adapter.parseChatResponse(body, context)));
        expectClean(errorsOf(stream(adapter, [{ event: 'error', data: JSON.stringify(body), id: undefined }])));
        expectClean(errorsOf(stream(adapter, [{ event: 'message_start', data: `not json ${echo}`, id: undefined }])));
      });

      it('Gemini: an error body, an error in a 200 body, an error chunk in a stream', () => {
        const adapter = scrubbed('gemini');
        const body = { error: { code: 400, message: `bad key ${echo}`, status: echo } };
        expectClean(adapter.parseErrorBody(JSON.stringify(body)));
        expectClean(errorsOf(adapter.parseChatResponse(body, context)));
        expectClean(errorsOf(stream(adapter, [{ event: undefined, data: JSON.stringify(body), id: undefined }])));
      });

      it('Bedrock: the x-amzn-errortype header and the body of an error, an exception in a stream', () => {
        const adapter = scrubbed('bedrock');
        expectClean(adapter.parseErrorBody(JSON.stringify({ message: `bad key ${echo}` }), { 'x-amzn-errortype': `${echo}:http://internal.amazon.com/coral/` }));
        expectClean(errorsOf(stream(adapter, [{ event: 'throttlingException', data: JSON.stringify({ message: echo }), id: undefined }])));
        expectClean(errorsOf(stream(adapter, [{ event: 'messageStart', data: `not json ${echo}`, id: undefined }])));
      });
    });
  }

  it("passes plain errors, and the model's answer (content, not a provider's error), through untouched", () => {
    const adapter = scrubbed('openai');
    expect(adapter.parseErrorBody(JSON.stringify({ error: { message: 'Rate limit reached for gpt-4o', type: 'requests', code: 'rate_limit_exceeded' } }))).toEqual({
      message: 'Rate limit reached for gpt-4o',
      type: 'requests',
      code: 'rate_limit_exceeded',
    });
    const answer = { id: 'chatcmpl-1', model: 'gpt-4o', created: 1, choices: [{ index: 0, message: { role: 'assistant', content: `my key is ${KEY}` }, finish_reason: 'stop' }] };
    const events = adapter.parseChatResponse(answer, context);
    expect(events).toEqual(adapterFor(findProvider('openai')!).parseChatResponse(answer, context));
  });
});
