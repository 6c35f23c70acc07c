/**
 * Claude Code itself (`claude -p`, the pinned devDependency) through the Anthropic Messages door
 * of `npm start`'s gateway, one fake upstream standing in for OpenAI (Claude Code answered by a
 * model of another family) and Anthropic (Claude Code's body passed on as sent). The gateway has a
 * key, which Claude Code presents as either of its settings sends it. Checked: Claude Code's own
 * verdict (exit code, `is_error`, the answer) and what the upstream received.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLAUDE_CODE_BINARY, createClaudeCodeDirs, runClaudeCode, type ClaudeCodeDirs, type ClaudeCodeOptions } from '../support/claude-code.ts';
import type { FakeReply, RecordedRequest } from '../support/fake-upstream.ts';
import { readRecordedJson, readRecordedLines, recordedSseBody } from '../support/recorded.ts';
import { useGateway } from '../support/use-gateway.ts';

const GATEWAY_KEY = 'sy-claude-code-key';
const ANTHROPIC_KEY = 'sk-ant-upstream-key';
const OPENAI_KEY = 'sk-openai-upstream-key';

const under = useGateway(
  (url) => ({
    NODE_ENV: 'production',
    SWITCHYARD_API_KEYS: GATEWAY_KEY,
    ANTHROPIC_API_KEY: ANTHROPIC_KEY,
    ANTHROPIC_BASE_URL: url,
    OPENAI_API_KEY: OPENAI_KEY,
    OPENAI_BASE_URL: `${url}/v1`,
  }),
  GATEWAY_KEY,
);

let dirs: ClaudeCodeDirs;
beforeEach(async () => {
  dirs = await createClaudeCodeDirs();
});
afterEach(() => dirs.remove());

/** Claude Code against the gateway, the key sent as x-api-key unless the test says otherwise. */
const claude = (options: Omit<ClaudeCodeOptions, 'baseUrl' | 'key'> & Partial<Pick<ClaudeCodeOptions, 'key'>>) =>
  runClaudeCode(dirs, { baseUrl: under.gateway.url, key: { apiKey: GATEWAY_KEY }, ...options });

/** OpenAI's recorded answer, streamed or whole as the gateway asks for it. */
const openAIText = (request: RecordedRequest): FakeReply =>
  request.json['stream'] === true ? { chunks: [recordedSseBody('openai', 'openai-text')] } : { json: readRecordedJson('openai', 'openai-text') };
const OPENAI_TEXT = readRecordedLines('openai', 'openai-text')
  .map((line) => (JSON.parse(line) as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta.content ?? '')
  .join('');
const ANTHROPIC_TEXT = readRecordedLines('anthropic', 'anthropic-text')
  .map((line) => JSON.parse(line) as { type: string; delta?: { text?: string } })
  .map((event) => (event.type === 'content_block_delta' ? (event.delta?.text ?? '') : ''))
  .join('');

interface ChatMessage {
  role: string;
  content: string | Array<{ type: string; text: string }> | null;
  tool_call_id?: string;
  tool_calls?: unknown[];
}
interface ChatTool {
  type: string;
  function: { name: string; parameters: Record<string, unknown> };
}
const chatMessages = (request: RecordedRequest) => request.json['messages'] as ChatMessage[];
const chatTools = (request: RecordedRequest) => request.json['tools'] as ChatTool[];
const textOf = (content: ChatMessage['content']) => (typeof content === 'string' ? content : (content ?? []).map((part) => part.text).join('\n'));

const SKIPPED = CLAUDE_CODE_BINARY ? '' : ` (skipped: npm installed no Claude Code binary for ${process.platform}-${process.arch})`;

describe.skipIf(!CLAUDE_CODE_BINARY)(`Claude Code through the Messages door${SKIPPED}`, { timeout: 60_000 }, () => {
  it('answers from an OpenAI model: its system blocks and tools translated, the output limit lowered to the model’s', async () => {
    under.upstream.reply(openAIText);
    const run = await claude({ model: 'openai/gpt-4o-mini', prompt: 'Say hello' });

    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.result).toMatchObject({ is_error: false, result: OPENAI_TEXT, num_turns: 1 });

    expect(under.upstream.requests).toHaveLength(1);
    const sent = under.upstream.requests[0]!;
    expect(sent.url).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    // Claude Code asks for 32,000 tokens: gpt-4o-mini writes 16,384 at most.
    expect(sent.json).toMatchObject({ model: 'gpt-4o-mini', stream: true, max_completion_tokens: 16384 });
    const [system, user, ...rest] = chatMessages(sent);
    expect(system!.role).toBe('system');
    expect(textOf(system!.content)).toContain("You are a Claude agent, built on Anthropic's Claude Agent SDK.");
    expect(user).toEqual({ role: 'user', content: 'Say hello' });
    expect(rest).toEqual([]);
    const tools = chatTools(sent);
    expect(tools.map((tool) => [tool.type, tool.function.name])).toEqual([
      ['function', 'Bash'],
      ['function', 'Read'],
    ]);
    expect(tools[1]!.function.parameters).toMatchObject({ type: 'object', properties: { file_path: { type: 'string' } }, required: ['file_path'] });
  });

  it('answers from Anthropic, which gets Claude Code’s body and betas as sent; the key as a bearer token', async () => {
    under.upstream.reply(() => ({ chunks: [recordedSseBody('anthropic', 'anthropic-text')] }));
    const run = await claude({ model: 'claude-sonnet-4-5', prompt: 'Hello, how are you?', key: { authToken: GATEWAY_KEY } });

    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.result).toMatchObject({ is_error: false, result: ANTHROPIC_TEXT, num_turns: 1 });

    expect(under.upstream.requests).toHaveLength(1);
    const sent = under.upstream.requests[0]!;
    // Claude Code posts to /v1/messages?beta=true: the query is its SDK's, not the upstream's.
    expect(sent.url).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe(ANTHROPIC_KEY);
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.headers['x-claude-code-session-id']).toBeUndefined();
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(String(sent.headers['anthropic-beta']).split(',')).toEqual(expect.arrayContaining(['claude-code-20250219', 'interleaved-thinking-2025-05-14', 'context-management-2025-06-27']));
    expect(sent.json).toMatchObject({
      model: 'claude-sonnet-4-5',
      max_tokens: 32000,
      stream: true,
      thinking: { type: 'enabled', budget_tokens: 31999, display: 'omitted' },
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      metadata: { user_id: expect.stringContaining('"session_id"') },
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello, how are you?', cache_control: { type: 'ephemeral' } }] }],
    });
    expect((sent.json['system'] as unknown[])[1]).toEqual({ type: 'text', text: "You are a Claude agent, built on Anthropic's Claude Agent SDK.", cache_control: { type: 'ephemeral' } });
    expect((sent.json['tools'] as Array<{ input_schema: Record<string, unknown> }>)[1]!.input_schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema' });
  });

  it('runs a tool for an OpenAI model: the call reaches Claude Code as tool_use, its result comes back under the same id', async () => {
    const file = join(dirs.cwd, 'hello.txt');
    await writeFile(file, 'file-content-42\n');
    under.upstream.reply((request) =>
      chatMessages(request).some((message) => message.role === 'tool')
        ? openAIStream([{ content: 'The file says file-content-42.' }], 'stop')
        : openAIStream(
            [
              { tool_calls: [{ index: 0, id: 'call_read_1', type: 'function', function: { name: 'Read', arguments: '' } }] },
              { tool_calls: [{ index: 0, function: { arguments: '{"file_path":' } }] },
              { tool_calls: [{ index: 0, function: { arguments: `${JSON.stringify(file)}}` } }] },
            ],
            'tool_calls',
          ),
    );
    const run = await claude({ model: 'openai/gpt-4o-mini', prompt: 'Read hello.txt' });

    expect(run.code, run.stderr + run.stdout).toBe(0);
    // Claude Code ran the Read (a file in its working directory needs no permission) and answered with the final text.
    expect(run.result).toMatchObject({ is_error: false, result: 'The file says file-content-42.', num_turns: 2, permission_denials: [] });
    expect(under.upstream.requests).toHaveLength(2);
    const [, ...conversation] = chatMessages(under.upstream.requests[1]!);
    expect(conversation).toMatchObject([
      { role: 'user', content: 'Read hello.txt' },
      { role: 'assistant', tool_calls: [{ id: 'call_read_1', type: 'function', function: { name: 'Read', arguments: JSON.stringify({ file_path: file }) } }] },
      { role: 'tool', tool_call_id: 'call_read_1', content: expect.stringContaining('file-content-42') },
    ]);
  });

  it('answers whole when a stream breaks: Claude Code asks again without streaming, and the door answers in one message', async () => {
    under.upstream.reply((request) => {
      if (request.json['stream'] !== true) return { json: readRecordedJson('openai', 'openai-text') };
      const frames = recordedSseBody('openai', 'openai-text').split('\n\n').filter(Boolean);
      return { chunks: frames.slice(0, 3).map((frame) => `${frame}\n\n`), destroyAfter: true };
    });
    const run = await claude({ model: 'openai/gpt-4o-mini', prompt: 'Invent a holiday.' });

    expect(run.code, run.stderr + run.stdout).toBe(0);
    const whole = readRecordedJson('openai', 'openai-text') as { choices: Array<{ message: { content: string } }> };
    expect(run.result).toMatchObject({ is_error: false, result: whole.choices[0]!.message.content });
    expect(under.upstream.requests.map((request) => request.json['stream'] === true)).toEqual([true, false]);
  });

  it('takes Claude Code’s whole default request: a dozen tools, a deferred one, 2020-12 schemas, context management, a system message in the conversation', async () => {
    under.upstream.reply(openAIText);
    const run = await claude({ model: 'openai/gpt-4o-mini', prompt: 'Say hello', full: true });

    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.result).toMatchObject({ is_error: false, result: OPENAI_TEXT, num_turns: 1 });
    expect(under.upstream.requests).toHaveLength(1);
    const sent = under.upstream.requests[0]!;
    // The environment Claude Code sent as a system message after the prompt stays there.
    const messages = chatMessages(sent);
    expect(messages.map((message) => message.role)).toEqual(['system', 'user', 'system']);
    expect(textOf(messages[1]!.content)).toContain('Say hello');
    expect(textOf(messages[2]!.content)).toMatch(/^# Environment/);
    const names = chatTools(sent).map((tool) => tool.function.name);
    expect(names).toHaveLength(12);
    expect(names).toEqual(expect.arrayContaining(['Agent', 'Bash', 'Edit', 'Read', 'Write', 'DeferredToolPlaceholder']));
  });
});

/** A Chat Completions stream of these deltas, then the finish reason and the usage, framed as OpenAI frames it. */
function openAIStream(deltas: ReadonlyArray<Record<string, unknown>>, finishReason: string): FakeReply {
  const chunk = (choices: unknown[], usage: unknown = null) => ({ id: 'chatcmpl-cc', object: 'chat.completion.chunk', created: 1770000000, model: 'gpt-4o-mini-2024-07-18', choices, usage });
  const events = [
    chunk([{ index: 0, delta: { role: 'assistant', content: null }, finish_reason: null }]),
    ...deltas.map((delta) => chunk([{ index: 0, delta, finish_reason: null }])),
    chunk([{ index: 0, delta: {}, finish_reason: finishReason }]),
    chunk([], { prompt_tokens: 120, completion_tokens: 9, total_tokens: 129 }),
  ];
  return { chunks: [...events.map((event) => `data: ${JSON.stringify(event)}\n\n`), 'data: [DONE]\n\n'] };
}
