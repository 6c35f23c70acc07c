/**
 * A call that came by the Responses door (origin.dialect 'openai-responses') to a provider that
 * serves the Responses API itself: its body goes to `<base>/responses` as the client wrote it, with
 * only what the gateway decides changed. Other providers get Chat Completions, as before.
 */
import { describe, expect, it } from 'vitest';
import type { Call, GatewayOverrides } from '../../../functions/core/call.ts';
import { adapterFor } from '../../../functions/providers/adapter-for.ts';
import type { BuildContext } from '../../../functions/providers/provider-adapter.ts';
import { findProvider } from '../../../functions/providers/provider-registry.ts';
import { neutralCall } from '../../support/neutral-call.ts';

const context: BuildContext = { model: 'gpt-5-mini-2025-08-07', apiKey: 'sk-test', baseUrl: 'https://api.example/v1', stream: false };

const responsesCall = (body: Record<string, unknown>, overrides: GatewayOverrides = {}, forwardHeaders: Record<string, string> = {}): Call =>
  neutralCall({ model: 'openai/gpt-5-mini', origin: { dialect: 'openai-responses', body, forwardHeaders }, overrides });

const send = (call: Call, changes: Partial<BuildContext> = {}, provider = 'openai') => {
  const upstream = adapterFor(findProvider(provider)!).buildRequest(call, { ...context, ...changes });
  return { ...upstream, json: JSON.parse(upstream.body) as Record<string, unknown> };
};

const question = [{ role: 'user', content: [{ type: 'input_text', text: 'What is 12 + 7?' }] }];
/** An item OpenAI returned, sent back as it came: its encrypted content is OpenAI's own. */
const ownReasoning = { id: 'rs_1', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Adding.' }], encrypted_content: 'gAAAAABown' };
/** Claude's signed thinking, in the envelope the Responses door wraps another provider's reasoning in. */
const claudeReasoning = { id: 'rs_2', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking.' }], encrypted_content: 'sy1.eyJpc3N1ZXIiOiJjbGF1ZGUifQ' };
const call1 = { type: 'function_call', call_id: 'call_1', name: 'calculator', arguments: '{"a":12,"b":7}' };
const output1 = { type: 'function_call_output', call_id: 'call_1', output: '19' };

describe('the Responses door to OpenAI (native)', () => {
  it("sends the body to <base>/responses as the client wrote it, unknown fields and server tools included, in the target's model name", () => {
    const body = {
      model: 'gpt-5-mini',
      input: question,
      instructions: 'Be brief.',
      tools: [{ type: 'web_search' }, { type: 'function', name: 'calculator', parameters: { type: 'object' } }],
      reasoning: { effort: 'low', summary: 'auto' },
      text: { verbosity: 'low' },
      some_new_field: { a: 1 },
    };
    const sent = send(responsesCall(body, {}, { 'openai-beta': 'responses=v1' }));
    expect(sent.url).toBe('https://api.example/v1/responses');
    expect(sent.headers).toEqual({ 'openai-beta': 'responses=v1', authorization: 'Bearer sk-test', 'content-type': 'application/json' });
    expect(sent.json).toEqual({ ...body, model: 'gpt-5-mini-2025-08-07', store: false });
    expect(sent).not.toHaveProperty('notes');
  });

  it('stores nothing upstream, whatever the client asked: the gateway keeps the conversation itself', () => {
    expect(send(responsesCall({ model: 'm', input: 'Hi', store: true })).json.store).toBe(false);
    expect(send(responsesCall({ model: 'm', input: 'Hi' })).json.store).toBe(false);
  });

  it('streams as the gateway reads the answer; a non-streaming request loses its stream options', () => {
    expect(send(responsesCall({ model: 'm', input: 'Hi', stream: true, stream_options: { include_obfuscation: false } }), { stream: true }).json).toMatchObject({
      stream: true,
      stream_options: { include_obfuscation: false },
    });
    expect(send(responsesCall({ model: 'm', input: 'Hi' }), { stream: true }).json.stream).toBe(true);
    const unstreamed = send(responsesCall({ model: 'm', input: 'Hi', stream: true, stream_options: { include_obfuscation: false } })).json;
    expect(unstreamed.stream).toBe(false);
    expect(unstreamed).not.toHaveProperty('stream_options');
    expect(send(responsesCall({ model: 'm', input: 'Hi' })).json).not.toHaveProperty('stream');
  });

  it("lowers max_output_tokens to the model's limit, as every family does: the provider's 400 would not fail over", () => {
    const call = responsesCall({ model: 'm', input: 'Hi', max_output_tokens: 200_000 });
    expect(send(call, { maxOutputTokens: 128_000 }).json.max_output_tokens).toBe(128_000);
    expect(send(responsesCall({ model: 'm', input: 'Hi', max_output_tokens: 500 }), { maxOutputTokens: 128_000 }).json.max_output_tokens).toBe(500);
    expect(send(call).json.max_output_tokens).toBe(200_000);
    expect(call.origin.body.max_output_tokens).toBe(200_000);
  });

  it('asks a reasoning model for its encrypted reasoning, which a later turn needs since nothing is stored; others are not asked', () => {
    expect(send(responsesCall({ model: 'm', input: 'Hi', include: ['web_search_call.action.sources'] }), { reasons: true }).json.include).toEqual([
      'web_search_call.action.sources',
      'reasoning.encrypted_content',
    ]);
    expect(send(responsesCall({ model: 'm', input: 'Hi', include: ['reasoning.encrypted_content'] }), { reasons: true }).json.include).toEqual(['reasoning.encrypted_content']);
    expect(send(responsesCall({ model: 'm', input: 'Hi' }), { reasons: false }).json).not.toHaveProperty('include');
    expect(send(responsesCall({ model: 'm', input: 'Hi' })).json).not.toHaveProperty('include');
  });

  it("the cascade's logprobs override asks OpenAI by include, and the worker's flex tier sets service_tier over the client's", () => {
    const call = responsesCall({ model: 'm', input: 'Hi', service_tier: 'auto', include: ['message.input_image.image_url'] }, { logprobs: true, serviceTier: 'flex' });
    expect(send(call).json).toMatchObject({ service_tier: 'flex', include: ['message.input_image.image_url', 'message.output_text.logprobs'] });
    expect(send(call).json).not.toHaveProperty('logprobs');
    expect(call.origin.body).toEqual({ model: 'm', input: 'Hi', service_tier: 'auto', include: ['message.input_image.image_url'] });
    const asked = responsesCall({ model: 'm', input: 'Hi', include: ['message.output_text.logprobs'], top_logprobs: 3 }, { logprobs: true });
    expect(send(asked).json).toMatchObject({ include: ['message.output_text.logprobs'], top_logprobs: 3 });
  });

  it("leaves out reasoning it cannot read, with a note: another provider's in the gateway's envelope, and any without encrypted content", () => {
    const unencrypted = { id: 'rs_3', type: 'reasoning', summary: [{ type: 'summary_text', text: 'Stored upstream once.' }] };
    const input = [...question, claudeReasoning, call1, output1, ownReasoning, unencrypted, { role: 'assistant', content: [{ type: 'output_text', text: '19' }] }];
    const call = responsesCall({ model: 'm', input });
    const sent = send(call);
    expect(sent.json.input).toEqual([...question, call1, output1, ownReasoning, { role: 'assistant', content: [{ type: 'output_text', text: '19' }] }]);
    expect(sent.notes).toEqual([
      "reasoning block (openai cannot verify another provider's signed reasoning)",
      'reasoning block (openai keeps no items with store false: reasoning needs encrypted_content)',
    ]);
    expect(call.origin.body.input).toBe(input);
    expect(input).toHaveLength(7);
  });

  it("keeps the provider's own reasoning and a string input as they are, without notes", () => {
    const input = [...question, ownReasoning, call1, output1];
    const sent = send(responsesCall({ model: 'm', input }));
    expect(sent.json.input).toEqual(input);
    expect(sent).not.toHaveProperty('notes');
    expect(send(responsesCall({ model: 'm', input: 'Hi' })).json.input).toBe('Hi');
  });
});

describe('the Responses door to xAI (native) and to providers without a Responses API (translated)', () => {
  it('xAI: the same request at its base, log-probabilities asked with its logprobs flag', () => {
    const sent = send(responsesCall({ model: 'grok-4', input: 'Hi' }, { logprobs: true }), { baseUrl: 'https://api.x.ai/v1', model: 'grok-4' }, 'xai');
    expect(sent.url).toBe('https://api.x.ai/v1/responses');
    expect(sent.json).toEqual({ model: 'grok-4', input: 'Hi', store: false, logprobs: true });
  });

  it('says which providers answer natively: the Responses door for those with a Responses API, the chat door for OpenAI', () => {
    expect(adapterFor(findProvider('openai')!).nativeDialects).toEqual(['openai-responses', 'openai-chat']);
    expect(adapterFor(findProvider('xai')!).nativeDialects).toEqual(['openai-responses']);
    expect(adapterFor(findProvider('groq')!).nativeDialects).toEqual([]);
  });

  it('Groq (no Responses API here): Chat Completions built from the call, the origin body unread', () => {
    const sent = send(responsesCall({ model: 'm', input: 'ignored: the call says Hello', store: true }), { model: 'llama-3.3-70b-versatile' }, 'groq');
    expect(sent.url).toBe('https://api.example/v1/chat/completions');
    expect(sent.json).toEqual({ model: 'llama-3.3-70b-versatile', messages: [{ role: 'user', content: 'Hello' }] });
  });
});
