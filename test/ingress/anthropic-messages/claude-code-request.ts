/**
 * A request as Claude Code sends it, in the middle of a session: `<system-reminder>` text blocks at
 * the start of the user turns, cache breakpoints on the system prompt and the last turn, adaptive
 * thinking with an effort, max_tokens 32000, tools whose schemas are JSON Schema 2020-12, an MCP
 * tool loaded on demand (defer_loading) with the tool search tool, a server tool, and the thinking
 * and tool use of the previous turn sent back with the tool's result.
 */
export const CLAUDE_CODE_HEADERS = {
  'anthropic-version': '2023-06-01',
  'anthropic-beta': 'claude-code-20250219,interleaved-thinking-2025-05-14, context-management-2025-06-27,fine-grained-tool-streaming-2025-05-14',
  'user-agent': 'claude-cli/2.1.69 (external, cli)',
  'x-app': 'cli',
};

export const REMINDER = '<system-reminder>\nAs you answer the user\'s questions, you can use the following context:\n# claudeMd\nRun the tests with npm test.\n</system-reminder>\n';
export const IDE_REMINDER = '<system-reminder>\nThe user opened the file src/app.ts in the IDE.\n</system-reminder>';
export const TODO_REMINDER = "<system-reminder>\nThe TodoWrite tool hasn't been used recently.\n</system-reminder>";
export const SIGNATURE = 'EqQBCkYIBxgCKkDmO3bLQ2jTfX8q1Y4xQ5eA==';

const readSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    file_path: { type: 'string', description: 'The absolute path to the file to read' },
    offset: { type: 'number', description: 'The line number to start reading from' },
    limit: { type: 'number', description: 'The number of lines to read' },
  },
  required: ['file_path'],
  additionalProperties: false,
};

export function claudeCodeBody(): Record<string, unknown> {
  return {
    model: 'claude-opus-4-6',
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: REMINDER },
          { type: 'text', text: IDE_REMINDER },
          { type: 'text', text: 'Why does the test in src/app.test.ts fail?' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'I should read the test first.', signature: SIGNATURE },
          { type: 'text', text: 'Let me read the test.' },
          { type: 'tool_use', id: 'toolu_01A', name: 'Read', input: { file_path: '/repo/src/app.test.ts' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01A', content: '     1\timport { test } from "vitest";\n' },
          { type: 'text', text: TODO_REMINDER, cache_control: { type: 'ephemeral' } },
        ],
      },
    ],
    system: [
      { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude.", cache_control: { type: 'ephemeral' } },
      { type: 'text', text: 'You are an interactive CLI tool that helps users with software engineering tasks.', cache_control: { type: 'ephemeral', ttl: '1h' } },
    ],
    tools: [
      { name: 'Read', description: 'Reads a file from the local filesystem.', input_schema: readSchema },
      {
        name: 'mcp__github__create_issue',
        description: 'Create a GitHub issue',
        input_schema: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
        defer_loading: true,
      },
      { type: 'tool_search_tool_regex_20251119', name: 'tool_search_tool_regex' },
      { type: 'web_search_20250305', name: 'web_search', max_uses: 8 },
    ],
    metadata: { user_id: 'user_5f2c0d_account_3e1a_session_9a1b77' },
    max_tokens: 32000,
    thinking: { type: 'adaptive' },
    output_config: { effort: 'high' },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    stream: true,
  };
}
