/**
 * Codex CLI itself (`codex exec`, test/support/codex.ts) through `npm start`'s gateway to a model
 * that is not OpenAI's: a fake Anthropic answers, and Codex gets its answer, runs the shell command
 * Claude asks for, and sends its output back, all through the Responses door's translation.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CODEX_SKIP_REASON, createCodexDirs, runCodex, type CodexDirs } from '../support/codex.ts';
import { recordedSseBody } from '../support/recorded.ts';
import { useGateway } from '../support/use-gateway.ts';

const GATEWAY_KEY = 'sy-codex-test-key';
const under = useGateway((url) => ({ SWITCHYARD_API_KEYS: GATEWAY_KEY, ANTHROPIC_API_KEY: 'sk-ant-test-key', ANTHROPIC_BASE_URL: url }));

let dirs: CodexDirs;
beforeEach(async () => {
  dirs = await createCodexDirs();
});
afterEach(() => dirs.remove());

const codex = (prompt: string) => runCodex(dirs, { baseUrl: under.gateway.baseURL, apiKey: GATEWAY_KEY, model: 'anthropic/claude-sonnet-4-5', prompt });

/** Anthropic's stream of one tool_use block, as Claude sends it. */
function toolUseStream(id: string, name: string, input: Record<string, unknown>): string {
  const events = [
    { type: 'message_start', message: { id: 'msg_tool', type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 900, output_tokens: 1 } } },
    { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id, name, input: {} } },
    { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: JSON.stringify(input) } },
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 20 } },
    { type: 'message_stop' },
  ];
  return events.map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`).join('');
}

interface SentMessage {
  role: string;
  content: string | Array<{ type: string; tool_use_id?: string; content?: unknown }>;
}

describe.skipIf(CODEX_SKIP_REASON)(`Codex through the gateway to Claude${CODEX_SKIP_REASON ? ` (skipped: ${CODEX_SKIP_REASON})` : ''}`, { timeout: 60_000 }, () => {
  it('answers a prompt, its developer prompt and namespace tools translated for Claude', async () => {
    under.upstream.reply(() => ({ chunks: [recordedSseBody('anthropic', 'anthropic-text')] }));
    const run = await codex('Say hello');

    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.finalMessage).toMatch(/^Hello! I'm doing well/);
    const sent = under.upstream.requests[0]!;
    expect(sent.url).toBe('/v1/messages');
    // Codex's developer prompt is Claude's system prompt, long enough for a cache breakpoint.
    expect(sent.json).toMatchObject({ model: 'claude-sonnet-4-5', stream: true, max_tokens: 64000, system: [expect.objectContaining({ text: expect.stringContaining('Codex CLI'), cache_control: { type: 'ephemeral' } })] });
    expect((sent.json['tools'] as Array<{ name: string }>).map((tool) => tool.name)).toEqual(expect.arrayContaining(['exec_command', 'multi_agent_v1__spawn_agent']));
  });

  it('runs the command Claude calls for and sends its output back as the tool’s result', async () => {
    under.upstream.reply((request) =>
      (request.json['messages'] as SentMessage[]).some((message) => typeof message.content !== 'string' && message.content.some((block) => block.type === 'tool_result'))
        ? { chunks: [recordedSseBody('anthropic', 'anthropic-text')] }
        : { chunks: [toolUseStream('toolu_codex_1', 'exec_command', { cmd: 'echo via-the-gateway' })] },
    );
    const run = await codex('Run echo');

    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.finalMessage).toMatch(/^Hello!/);
    expect(under.upstream.requests).toHaveLength(2);
    const messages = under.upstream.requests[1]!.json['messages'] as SentMessage[];
    expect(messages.at(-2)).toMatchObject({ role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_codex_1', name: 'exec_command', input: { cmd: 'echo via-the-gateway' } }] });
    expect(messages.at(-1)).toMatchObject({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_codex_1', content: expect.stringContaining('via-the-gateway') }] });
  });
});
