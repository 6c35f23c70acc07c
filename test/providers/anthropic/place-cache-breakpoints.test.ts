import { describe, expect, it } from 'vitest';
import { chatRequestSchema } from '../../../functions/ingress/openai-chat/chat-request-schema.ts';
import type { AnthropicMessagesRequest } from '../../../functions/providers/anthropic/anthropic-api-types.ts';
import { anthropicAdapter } from '../../../functions/providers/anthropic/anthropic-adapter.ts';
import { asNative } from '../../../functions/providers/anthropic/anthropic-native.ts';
import {
  MAX_CACHE_BREAKPOINTS,
  minCacheableTokens,
  placeCacheBreakpoints,
} from '../../../functions/providers/anthropic/place-cache-breakpoints.ts';
import type { BuildContext } from '../../../functions/providers/provider-adapter.ts';
import { sampleProse } from '../../routing/sample-text.ts';
import { callFromChat } from '../../support/call-from-chat.ts';

const LONG = sampleProse(8_000, 11); // ~1,800 o200k tokens, ~2,100 of Claude's
const SHORT = 'Be brief.';

const context: BuildContext = { model: 'claude-sonnet-4-5', apiKey: 'k', baseUrl: 'https://api.anthropic.com', stream: false };

function build(request: Record<string, unknown>, model = 'claude-sonnet-4-5'): AnthropicMessagesRequest {
  const parsed = chatRequestSchema().parse({ model: `anthropic/${model}`, ...request });
  return JSON.parse(anthropicAdapter.buildRequest(callFromChat(parsed), { ...context, model }).body) as AnthropicMessagesRequest;
}

const tool = (name: string, description = 'A tool') => ({ type: 'function', function: { name, description, parameters: { type: 'object', properties: {} } } });

/** Where the breakpoints are: `tools[i]`, `system[i]`, `messages[i].content[j]`. */
function breakpoints(body: AnthropicMessagesRequest): string[] {
  const found: string[] = [];
  body.tools?.forEach((t, i) => t.cache_control && found.push(`tools[${i}]`));
  if (Array.isArray(body.system)) body.system.forEach((b, i) => b.cache_control && found.push(`system[${i}]`));
  body.messages.forEach((m, i) => m.content.forEach((b, j) => b.cache_control && found.push(`messages[${i}].content[${j}]`)));
  return found;
}

const conversation = [
  { role: 'user', content: 'First question' },
  { role: 'assistant', content: 'First answer' },
  { role: 'user', content: 'Second question' },
  { role: 'assistant', content: 'Second answer' },
  { role: 'user', content: 'Third question' },
];

describe('placeCacheBreakpoints, through the request builder', () => {
  it('a short prompt gets none and keeps its string system prompt', () => {
    const body = build({ tools: [tool('a')], messages: [{ role: 'system', content: SHORT }, ...conversation] });
    expect(breakpoints(body)).toEqual([]);
    expect(body.system).toBe(SHORT);
  });

  it('a long system prompt: the system block, the second-to-last and the last user turns', () => {
    const body = build({ tools: [tool('a'), tool('b')], messages: [{ role: 'system', content: LONG }, ...conversation] });
    // The tools alone are too short; the prefix reaches the minimum with the system prompt.
    expect(breakpoints(body)).toEqual(['system[0]', 'messages[2].content[0]', 'messages[4].content[0]']);
    expect(body.system).toEqual([{ type: 'text', text: LONG, cache_control: { type: 'ephemeral' } }]);
    expect(body.messages[4]?.content).toEqual([{ type: 'text', text: 'Third question', cache_control: { type: 'ephemeral' } }]);
  });

  it('long tool definitions too: four breakpoints, Anthropic’s limit', () => {
    const body = build({ tools: [tool('a'), tool('b', LONG)], messages: [{ role: 'system', content: LONG }, ...conversation] });
    expect(breakpoints(body)).toEqual(['tools[1]', 'system[0]', 'messages[2].content[0]', 'messages[4].content[0]']);
    expect(breakpoints(body)).toHaveLength(MAX_CACHE_BREAKPOINTS);
  });

  it('a conversation that grows long: breakpoints only from where the prefix reaches the minimum', () => {
    const body = build({
      messages: [
        { role: 'system', content: SHORT },
        { role: 'user', content: 'Q1' },
        { role: 'assistant', content: LONG },
        { role: 'user', content: 'Q2' },
        { role: 'assistant', content: 'A2' },
        { role: 'user', content: 'Q3' },
      ],
    });
    expect(breakpoints(body)).toEqual(['messages[2].content[0]', 'messages[4].content[0]']);
    expect(body.system).toBe(SHORT);
  });

  it('on the last block of a turn that merged several messages (tool results)', () => {
    const body = build({
      messages: [
        { role: 'system', content: LONG },
        { role: 'user', content: 'Look these up' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'a', arguments: '{}' } }, { id: 'c2', type: 'function', function: { name: 'a', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'c1', content: 'one' },
        { role: 'tool', tool_call_id: 'c2', content: 'two' },
      ],
      tools: [tool('a')],
    });
    expect(breakpoints(body)).toEqual(['system[0]', 'messages[0].content[0]', 'messages[2].content[1]']);
  });

  it('the model’s minimum decides: Haiku 4.5 needs 4,096 tokens', () => {
    const messages = [{ role: 'system', content: LONG }, ...conversation];
    expect(breakpoints(build({ messages }, 'claude-sonnet-4-5'))).toHaveLength(3);
    expect(breakpoints(build({ messages }, 'claude-haiku-4-5'))).toEqual([]);
  });

  it('a caller’s own cache_control: none added', () => {
    const body = build({
      messages: [
        { role: 'system', content: [{ type: 'text', text: LONG, cache_control: { type: 'ephemeral' } }] },
        ...conversation,
      ],
    });
    expect(breakpoints(body)).toEqual([]);
    const topLevel = build({ cache_control: { type: 'ephemeral' }, messages: [{ role: 'system', content: LONG }, ...conversation] });
    expect(breakpoints(topLevel)).toEqual([]);
  });
});

describe('placeCacheBreakpoints on a body', () => {
  const body: AnthropicMessagesRequest = {
    model: 'claude-sonnet-4-5',
    max_tokens: 100,
    system: LONG,
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Q1' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'A1' }] },
      { role: 'user', content: [{ type: 'text', text: 'Q2' }] },
    ],
  };

  it('returns a new body and leaves the given one as it was', () => {
    const before = structuredClone(body);
    const result = placeCacheBreakpoints(body);
    expect(body).toEqual(before);
    expect(breakpoints(result)).toEqual(['system[0]', 'messages[0].content[0]', 'messages[2].content[0]']);
    expect(result.messages[1]).toBe(body.messages[1]);
  });

  it('a body with a breakpoint of its own is returned as it is', () => {
    const own: AnthropicMessagesRequest = { ...body, messages: [{ role: 'user', content: [{ type: 'text', text: 'Q', cache_control: { type: 'ephemeral' } }] }] };
    expect(placeCacheBreakpoints(own)).toBe(own);
  });

  it('the final-turn breakpoint can be left out', () => {
    expect(breakpoints(placeCacheBreakpoints(body, { finalTurn: false }))).toEqual(['system[0]', 'messages[0].content[0]']);
  });

  it.each([
    ['claude-sonnet-4-5-20250929', 1_024],
    ['claude-opus-4-1', 1_024],
    ['claude-opus-4-5', 4_096],
    ['claude-opus-4-6', 4_096],
    ['claude-haiku-4-5-20251001', 4_096],
    ['claude-3-5-haiku-latest', 2_048],
    ['claude-opus-4-20250514', 1_024],
    ['us.anthropic.claude-haiku-4-5-20251001-v1:0', 4_096],
  ])('minCacheableTokens(%s) = %d', (model, tokens) => {
    expect(minCacheableTokens(model)).toBe(tokens);
  });
});

describe('placeCacheBreakpoints with what the caller wrote in Anthropic’s terms', () => {
  it('counts a native block or tool by its JSON, whatever its type says, and marks it like any other', () => {
    // A document of a kind the typed blocks do not have (its text inline, as content blocks).
    const written = { type: 'document', source: { type: 'content', content: [{ type: 'text', text: LONG }] } };
    const body: AnthropicMessagesRequest = {
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      tools: [asNative({ type: 'text_editor_20250728', name: 'str_replace_based_edit_tool', notes: LONG })],
      messages: [
        { role: 'user', content: [asNative(written)] },
        { role: 'assistant', content: [{ type: 'text', text: 'A1' }] },
        { role: 'user', content: [{ type: 'text', text: 'Q2' }] },
      ],
    };
    const placed = placeCacheBreakpoints(body);
    expect(breakpoints(placed)).toEqual(['tools[0]', 'messages[0].content[0]', 'messages[2].content[0]']);
    expect(JSON.parse(JSON.stringify(placed.messages[0]?.content[0]))).toEqual({ ...written, cache_control: { type: 'ephemeral' } });
  });
});
