/** Native mode: a call from Anthropic's own Messages door goes to Anthropic as the client sent it. */
import { describe, expect, it } from 'vitest';
import type { Call } from '../../../functions/core/call.ts';
import { anthropicAdapter } from '../../../functions/providers/anthropic/anthropic-adapter.ts';
import type { BuildContext } from '../../../functions/providers/provider-adapter.ts';
import { neutralCall } from '../../support/neutral-call.ts';

const context: BuildContext = { model: 'claude-sonnet-4-5-20250929', apiKey: 'sk-ant-test', baseUrl: 'https://api.anthropic.com', stream: true };

/** What Claude Code sends, more or less: thinking, breakpoints, a server tool, context management, citations. */
const sent = {
  model: 'claude-sonnet-4-5',
  max_tokens: 32_000,
  stream: true,
  system: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }],
  messages: [
    {
      role: 'user',
      content: [
        {
          type: 'document',
          source: { type: 'text', media_type: 'text/plain', data: 'The grass is green.' },
          title: 'Facts',
          citations: { enabled: true },
        },
        { type: 'text', text: 'What colour is the grass?', cache_control: { type: 'ephemeral', ttl: '1h' } },
      ],
    },
    {
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'The document says.', signature: 'sig-1' },
        { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'grass colour' } },
        { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
      ],
    },
    { role: 'user', content: 'Go on.' },
  ],
  thinking: { type: 'enabled', budget_tokens: 10_000 },
  tools: [{ type: 'web_search_20250305', name: 'web_search', max_uses: 2 }],
  context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
  metadata: { user_id: 'user-1' },
  temperature: 1,
};

/** Frozen all the way down: a write to the origin body throws. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

const nativeCall = (body: Record<string, unknown> = sent, forwardHeaders: Record<string, string> = {}, fields: Partial<Call> = {}): Call =>
  neutralCall({
    // The decoded fields say something else on purpose: native mode reads the body, not them.
    messages: [{ role: 'user', content: [{ type: 'text', text: 'decoded' }] }],
    origin: { dialect: 'anthropic-messages', body: deepFreeze(structuredClone(body)), forwardHeaders },
    ...fields,
  });

const build = (call: Call, overrides: Partial<BuildContext> = {}) => anthropicAdapter.buildRequest(call, { ...context, ...overrides });

describe('native mode', () => {
  it('sends the body as the client wrote it, with the target’s model name and nothing else changed', () => {
    const call = nativeCall();
    const request = build(call);
    expect(request.url).toBe('https://api.anthropic.com/v1/messages');
    expect(JSON.parse(request.body)).toEqual({ ...sent, model: 'claude-sonnet-4-5-20250929' });
    expect(call.origin.body).toEqual(sent);
    expect(request.notes).toBeUndefined();
  });

  it('thinking another model wrote (no signature) is taken out of the history: Claude refuses a block it cannot verify', () => {
    const conversation = {
      ...sent,
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'gpt reasoning', signature: '' }, { type: 'text', text: 'Hello' }] },
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'claude reasoning', signature: 'sig-2' }] },
        { role: 'user', content: 'More' },
      ],
    };
    const call = nativeCall(conversation);
    expect(JSON.parse(build(call).body).messages).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: [{ type: 'text', text: 'Hello' }] },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'claude reasoning', signature: 'sig-2' }] },
      { role: 'user', content: 'More' },
    ]);
    expect(call.origin.body).toEqual(conversation);
  });

  it('stream as the gateway reads the answer: false when it collects one the client streams; absent stays absent', () => {
    expect(JSON.parse(build(nativeCall(), { stream: false }).body).stream).toBe(false);
    const { stream: _stream, ...unstreamed } = sent;
    expect(JSON.parse(build(nativeCall(unstreamed), { stream: false }).body)).not.toHaveProperty('stream');
    expect(JSON.parse(build(nativeCall(unstreamed), { stream: true }).body).stream).toBe(true);
  });

  it('max_tokens above the model’s limit is clamped to it; at or below it, kept', () => {
    expect(JSON.parse(build(nativeCall(), { maxOutputTokens: 16_000 }).body).max_tokens).toBe(16_000);
    expect(JSON.parse(build(nativeCall(), { maxOutputTokens: 64_000 }).body).max_tokens).toBe(32_000);
    expect(JSON.parse(build(nativeCall()).body).max_tokens).toBe(32_000);
  });

  it('the gateway’s overrides change nothing: Anthropic has no log-probabilities and no flex tier', () => {
    const request = build(nativeCall(sent, {}, { overrides: { logprobs: true, serviceTier: 'flex' } }));
    expect(JSON.parse(request.body)).toEqual({ ...sent, model: 'claude-sonnet-4-5-20250929' });
  });

  it('headers: the key, the default version, no beta when the client sent none', () => {
    expect(build(nativeCall()).headers).toEqual({
      'x-api-key': 'sk-ant-test',
      'anthropic-version': '2023-06-01',
      'content-type': 'application/json',
    });
  });

  it('headers: the client’s anthropic-version and anthropic-beta, as forwarded', () => {
    const headers = build(nativeCall(sent, { 'anthropic-version': '2023-06-01', 'anthropic-beta': 'interleaved-thinking-2025-05-14,context-management-2025-06-27' })).headers;
    expect(headers['anthropic-beta']).toBe('interleaved-thinking-2025-05-14,context-management-2025-06-27');
    expect(build(nativeCall(sent, { 'anthropic-version': '2099-01-01' })).headers['anthropic-version']).toBe('2099-01-01');
  });

  it('a call from another door is translated, not sent as its body', () => {
    const translated = JSON.parse(build(neutralCall({ origin: { dialect: 'openai-chat', body: sent, forwardHeaders: {} } })).body);
    expect(translated.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }]);
  });
});
