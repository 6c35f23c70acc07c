import { describe, expect, it } from 'vitest';
import { CallError } from '../../../functions/core/call-error.ts';
import { validateCountTokensRequest, validateMessagesRequest } from '../../../functions/ingress/anthropic-messages/validate-messages-request.ts';
import { claudeCodeBody } from './claude-code-request.ts';

const base = { model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'Hello' }] };
const withContent = (content: unknown[], role = 'user') => ({ ...base, messages: [{ role, content }] });

/** The 400 a body gets: its message and the param the CallError names. */
function refusal(body: unknown, validate: (json: unknown) => unknown = validateMessagesRequest) {
  try {
    validate(body);
  } catch (error) {
    if (!(error instanceof CallError)) throw error;
    expect(error.status).toBe(400);
    expect(error.kind).toBe('invalid_request');
    return { message: error.message, param: error.param };
  }
  throw new Error('expected a 400');
}

describe('validateMessagesRequest: what Anthropic accepts', () => {
  it("a Claude Code request, whole: every field kept as sent, nested ones Anthropic's betas add included", () => {
    const body = claudeCodeBody();
    expect(validateMessagesRequest(body)).toStrictEqual(body);
  });

  it('every block the call has a part for', () => {
    const content = [
      { type: 'text', text: 'See', cache_control: { type: 'ephemeral', ttl: '5m' }, citations: [{ type: 'char_location', cited_text: 'x', document_index: 0, document_title: null, start_char_index: 0, end_char_index: 1 }] },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBOR' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/a.jpg' } },
      { type: 'image', source: { type: 'file', file_id: 'file_1' } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBER' }, title: 'Report', context: 'Q3', citations: { enabled: true } },
      { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'plain' } },
      { type: 'document', source: { type: 'content', content: [{ type: 'text', text: 'part' }] } },
      { type: 'document', source: { type: 'url', url: 'https://example.com/a.pdf' } },
      { type: 'document', source: { type: 'file', file_id: 'file_2' } },
      { type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'ok' }, { type: 'image', source: { type: 'url', url: 'https://example.com/b.png' } }], is_error: true },
      { type: 'tool_result', tool_use_id: 'toolu_2' },
    ];
    const assistant = [
      { type: 'thinking', thinking: 'Hmm.', signature: 'sig' },
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'x' } },
    ];
    const body = { ...base, messages: [{ role: 'user', content }, { role: 'assistant', content: assistant }] };
    expect(validateMessagesRequest(body)).toStrictEqual(body);
  });

  it('server tool blocks, search results, container uploads and block types newer than the gateway are kept whole', () => {
    const content = [
      { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'weather' } },
      { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [{ type: 'web_search_result', url: 'https://example.com', title: 'W', encrypted_content: 'e' }] },
      { type: 'search_result', source: 'https://example.com', title: 'T', content: [{ type: 'text', text: 'r' }] },
      { type: 'container_upload', file_id: 'file_3' },
      { type: 'compaction', content: 'summary' },
      { type: 'some_block_2027', anything: [1] },
      { type: 'tool_result', tool_use_id: 'toolu_9', content: [{ type: 'tool_reference', tool_name: 'mcp__github__create_issue' }] },
    ];
    const body = withContent(content, 'assistant');
    expect(validateMessagesRequest(body)).toStrictEqual(body);
  });

  it('every top-level field, the betas’ ones and the gateway’s switchyard included', () => {
    const body = {
      ...base,
      system: 'Be brief.',
      stream: false,
      metadata: { user_id: 'u-1' },
      stop_sequences: ['END'],
      temperature: 0.5,
      top_p: 0.9,
      top_k: 40,
      tools: [{ type: 'custom', name: 'f', input_schema: { type: 'object' }, strict: true }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      thinking: { type: 'enabled', budget_tokens: 2048, display: 'omitted' },
      output_config: { effort: 'max', format: { type: 'json_schema', schema: { type: 'object' } } },
      output_format: { type: 'json_schema', schema: { type: 'object' } },
      service_tier: 'standard_only',
      container: { id: 'container_1', skills: [] },
      mcp_servers: [{ type: 'url', url: 'https://mcp.example.com', name: 'example' }],
      context_management: { edits: [] },
      cache_control: { type: 'ephemeral' },
      inference_geo: 'us',
      speed: 'fast',
      diagnostics: {},
      fallbacks: null,
      fallback_credit_token: null,
      switchyard: { max_latency_ms: 5000 },
    };
    expect(validateMessagesRequest(body)).toStrictEqual(body);
  });

  it('system messages in the conversation (Claude Opus 4.8 on), as text or text blocks', () => {
    const messages = [
      { role: 'user', content: 'Say hello' },
      { role: 'system', content: [{ type: 'text', text: '# Environment', cache_control: { type: 'ephemeral' } }] },
      { role: 'assistant', content: 'Hello' },
      { role: 'system', content: 'Be brief.' },
    ];
    expect(validateMessagesRequest({ ...base, messages })).toStrictEqual({ ...base, messages });
  });

  it('max_tokens 0 (fills the prompt cache); null for the fields Anthropic reads null as none', () => {
    const body = { ...base, max_tokens: 0, cache_control: null, container: null, context_management: null, inference_geo: null, output_format: null };
    expect(validateMessagesRequest(body)).toStrictEqual(body);
  });
});

describe('validateMessagesRequest: what Anthropic refuses, in its words', () => {
  it.each<[string, unknown, string]>([
    ['an unknown top-level field', { ...base, foo: 1, bar: 2 }, 'foo: Extra inputs are not permitted'],
    ['OpenAI’s fields', { ...base, n: 2 }, 'n: Extra inputs are not permitted'],
    ['no max_tokens', { model: 'm', messages: base.messages }, 'max_tokens: Field required'],
    ['no messages', { model: 'm', max_tokens: 1 }, 'messages: Field required'],
    ['no model', { max_tokens: 1, messages: base.messages }, 'model: Field required'],
    ['empty messages', { ...base, messages: [] }, 'messages: List should have at least 1 item after validation, not 0'],
    ['an unknown role', { ...base, messages: [{ role: 'tool', content: 'x' }] }, "messages.0.role: Input tag 'tool' found using 'role' does not match any of the expected tags: 'user', 'assistant', 'system'"],
    ['a system message with another block than text', withContent([{ type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } }], 'system'), "messages.0.content.0.type: Input should be 'text'"],
    ['content neither text nor blocks', { ...base, messages: [{ role: 'user', content: 5 }] }, 'messages.0.content: Input should be a valid string or a valid list'],
    ['a block without a type', withContent([{ type: 'text', text: 'a' }, { text: 'b' }]), 'messages.0.content.1.type: Field required'],
    ['a text block without text', withContent([{ type: 'text' }]), 'messages.0.content.0.text: Field required'],
    ['an image of another type', withContent([{ type: 'image', source: { type: 'base64', media_type: 'image/bmp', data: 'x' } }]), "messages.0.content.0.source.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'"],
    ['an unknown image source', withContent([{ type: 'image', source: { type: 'ftp' } }]), "messages.0.content.0.source.type: Input tag 'ftp' found using 'type' does not match any of the expected tags: 'base64', 'url', 'file'"],
    ['a thinking block without its signature', withContent([{ type: 'thinking', thinking: 'x' }], 'assistant'), 'messages.0.content.0.signature: Field required'],
    ['tool_use input that is not an object', withContent([{ type: 'tool_use', id: 't', name: 'f', input: 'x' }], 'assistant'), 'messages.0.content.0.input: Input should be a valid dictionary'],
    ['a bad block inside a tool result', withContent([{ type: 'tool_result', tool_use_id: 't', content: [{ type: 'text' }] }]), 'messages.0.content.0.content.0.text: Field required'],
    ['a temperature over 1', { ...base, temperature: 1.5 }, 'temperature: Input should be less than or equal to 1'],
    ['a fractional max_tokens', { ...base, max_tokens: 1.5 }, 'max_tokens: Input should be a valid integer'],
    ['a thinking budget under 1024', { ...base, thinking: { type: 'enabled', budget_tokens: 100 } }, 'thinking.budget_tokens: Input should be greater than or equal to 1024'],
    ['an unknown thinking type', { ...base, thinking: { type: 'on' } }, "thinking.type: Input tag 'on' found using 'type' does not match any of the expected tags: 'enabled', 'disabled', 'adaptive'"],
    ['an unknown effort', { ...base, output_config: { effort: 'extreme' } }, "output_config.effort: Input should be 'low', 'medium', 'high', 'xhigh' or 'max'"],
    ['tool_choice tool without a name', { ...base, tool_choice: { type: 'tool' } }, 'tool_choice.name: Field required'],
    ['a custom tool without a schema', { ...base, tools: [{ name: 'f' }] }, 'tools.0.input_schema: Field required'],
    ['a tool schema that is not an object', { ...base, tools: [{ name: 'f', input_schema: { type: 'array' } }] }, "tools.0.input_schema.type: Input should be 'object'"],
    ['stop_sequences as a string', { ...base, stop_sequences: 'END' }, 'stop_sequences: Input should be a valid list'],
    ['a model name with a space', { ...base, model: 'claude x' }, 'model: Must be a model name in printable ASCII without spaces'],
  ])('%s', (_case, body, message) => {
    expect(refusal(body).message).toBe(message);
  });

  it('the error names the field as its param', () => {
    expect(refusal({ ...base, foo: 1 }).param).toBe('foo');
    expect(refusal(withContent([{ type: 'text', text: 'a' }, { text: 'b' }])).param).toBe('messages.0.content.1.type');
  });
});

describe('validateCountTokensRequest', () => {
  it('what a token count reads, Claude Code’s included', () => {
    const { max_tokens: _max, stream: _stream, metadata: _metadata, ...body } = claudeCodeBody();
    expect(validateCountTokensRequest(body)).toStrictEqual(body);
  });

  it.each(['max_tokens', 'stream', 'metadata', 'temperature', 'stop_sequences', 'service_tier'])('refuses %s, which only generation reads', (field) => {
    const { max_tokens: _max, ...body } = base;
    const value = { max_tokens: 1, stream: true, metadata: {}, temperature: 1, stop_sequences: [], service_tier: 'auto' }[field];
    expect(refusal({ ...body, [field]: value }, validateCountTokensRequest).message).toBe(`${field}: Extra inputs are not permitted`);
  });
});
