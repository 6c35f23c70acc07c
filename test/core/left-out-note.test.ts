import { describe, expect, it } from 'vitest';
import { leftOutNote } from '../../functions/core/left-out-note.ts';
import type { Call } from '../../functions/core/call.ts';
import { adapterFor } from '../../functions/providers/adapter-for.ts';
import { findProvider } from '../../functions/providers/provider-registry.ts';
import { neutralCall } from '../support/neutral-call.ts';

describe('leftOutNote', () => {
  it('says what, then who could not take it and why, by default in the words of its kind', () => {
    expect(leftOutNote({ kind: 'tool', name: 'web_search_20250305', target: 'bedrock' })).toBe('web_search_20250305 tool (bedrock cannot run it)');
    expect(leftOutNote({ kind: 'block', name: 'server_tool_use', target: 'gemini', at: 'messages[1].content[0]' })).toBe('server_tool_use block at messages[1].content[0] (gemini cannot read it)');
    expect(leftOutNote({ kind: 'parameter', name: 'top_k', target: 'Chat Completions' })).toBe('top_k parameter (Chat Completions has no such parameter)');
    expect(leftOutNote({ kind: 'tool', name: 'web_search', target: 'gemini-2.5-flash', why: 'cannot search beside function tools' })).toBe(
      'web_search tool (gemini-2.5-flash cannot search beside function tools)',
    );
  });

  it("keeps a caller's name to safe characters: the note travels in a response header", () => {
    expect(leftOutNote({ kind: 'tool', name: 'évil"\r\nx', target: 'anthropic' })).toBe('_vil___x tool (anthropic cannot run it)');
    expect(leftOutNote({ kind: 'block', name: undefined, target: 'bedrock' })).toBe('unnamed block (bedrock cannot read it)');
  });
});

describe('what every family leaves out, worded one way', () => {
  /** Translated for each: from the Messages door, or for Anthropic from the OpenAI Chat one. */
  const notesOf = (provider: string, call: Call) =>
    adapterFor(findProvider(provider)!).buildRequest(
      { ...call, origin: { dialect: provider === 'anthropic' ? 'openai-chat' : 'anthropic-messages', body: {}, forwardHeaders: {} } },
      { model: 'a-model', apiKey: 'k', baseUrl: 'https://example.com', stream: false, maxOutputTokens: 1000 },
    ).notes ?? [];
  const interpreter = neutralCall({
    tools: [{ kind: 'function', name: 'lookup' }, { kind: 'native', dialect: 'openai-responses', type: 'code_interpreter', definition: { type: 'code_interpreter' } }],
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Run it' }] },
      { role: 'assistant', content: [{ type: 'native', dialect: 'openai-responses', block: { type: 'code_interpreter_call', id: 'ci_1' } }] },
      { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
    ],
  });

  it.each([
    ['anthropic', 'anthropic'],
    ['bedrock', 'bedrock'],
    ['gemini', 'gemini'],
    ['openai', 'Chat Completions'],
  ])('%s: a server tool and a block only another API reads', (id, target) => {
    const notes = notesOf(id, interpreter);
    expect(notes).toContain(`code_interpreter tool (${target} cannot run it)`);
    expect(notes.some((note) => /^code_interpreter_call block( at messages\[1\]\.content\[0\])? \(/.test(note) && note.endsWith(`(${target} cannot read it)`))).toBe(true);
  });
});
