/**
 * The Codex harness (test/support/codex.ts) against a fake Responses API on loopback, no gateway:
 * Codex reads the config the harness writes, posts to the base URL with the key, takes a streamed
 * answer, runs a shell command it is asked for and sends its output back, and fails at once
 * (retries off) on a server error.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CODEX_SKIP_REASON, createCodexDirs, runCodex, type CodexDirs } from '../support/codex.ts';
import { startFakeUpstream, type FakeReply, type FakeUpstream, type RecordedRequest } from '../support/fake-upstream.ts';

const KEY = 'sk-codex-harness';

let server: FakeUpstream;
let dirs: CodexDirs;
beforeEach(async () => {
  [server, dirs] = await Promise.all([startFakeUpstream(), createCodexDirs()]);
});
afterEach(() => Promise.all([server.close(), dirs.remove()]));

const codex = (prompt: string) => runCodex(dirs, { baseUrl: `${server.url}/v1`, apiKey: KEY, model: 'harness-model', prompt });

interface InputItem {
  type: string;
  role?: string;
  call_id?: string;
  output?: string;
  content?: Array<{ type: string; text: string }>;
}
const inputOf = (request: RecordedRequest) => request.json['input'] as InputItem[];

describe.skipIf(CODEX_SKIP_REASON)(`codex exec through the harness${CODEX_SKIP_REASON ? ` (skipped: ${CODEX_SKIP_REASON})` : ''}`, { timeout: 60_000 }, () => {
  it('answers with the streamed text: one request, to the base URL, with the key, the prompt last', async () => {
    server.reply(() => responsesStream([{ type: 'message', id: 'msg_1', text: 'Hello from the fake.' }]));
    const run = await codex('Say hello');

    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.finalMessage).toBe('Hello from the fake.');
    expect(run.failure).toBeUndefined();
    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('/v1/responses');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.json).toMatchObject({ model: 'harness-model', stream: true, store: false });
    expect(inputOf(sent).at(-1)).toMatchObject({ type: 'message', role: 'user', content: [{ type: 'input_text', text: 'Say hello' }] });
  });

  it('runs the shell command the model calls for and sends its output back under the call’s id', async () => {
    server.reply((request) =>
      inputOf(request).some((item) => item.type === 'function_call_output')
        ? responsesStream([{ type: 'message', id: 'msg_2', text: 'The command printed it.' }])
        : responsesStream([{ type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'exec_command', arguments: JSON.stringify({ cmd: 'echo harness-42' }) }]),
    );
    const run = await codex('Run echo');

    expect(run.code, run.stderr + run.stdout).toBe(0);
    expect(run.finalMessage).toBe('The command printed it.');
    expect(server.requests).toHaveLength(2);
    const output = inputOf(server.requests[1]!).find((item) => item.type === 'function_call_output');
    expect(output).toMatchObject({ call_id: 'call_1', output: expect.stringContaining('harness-42') });
  });

  it('fails the turn at once on a server error: no retry', async () => {
    server.reply(() => ({ status: 400, json: { error: { message: 'no such model', type: 'invalid_request_error', param: 'model', code: null } } }));
    const run = await codex('Say hello');

    expect(run.code).toBe(1);
    expect(run.failure).toContain('no such model');
    expect(server.requests).toHaveLength(1);
  });
});

type OutputItem = { type: 'message'; id: string; text: string } | { type: 'function_call'; id: string; call_id: string; name: string; arguments: string };

/**
 * A Responses API stream of these output items, with the events OpenAI documents for each: the
 * response created and in progress, each item added, its content streamed and done, and the
 * response completed with its output and usage.
 */
function responsesStream(items: readonly OutputItem[]): FakeReply {
  const response = (status: string, output: unknown[], usage: unknown = null) => ({ id: 'resp_harness', object: 'response', created_at: 1770000000, status, model: 'harness-model', output, usage });
  const done = items.map((item) =>
    item.type === 'message'
      ? { id: item.id, type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: item.text, annotations: [] }] }
      : { ...item, status: 'completed' },
  );
  const events: Array<Record<string, unknown>> = [
    { type: 'response.created', response: response('in_progress', []) },
    { type: 'response.in_progress', response: response('in_progress', []) },
  ];
  items.forEach((item, output_index) => {
    if (item.type === 'message') {
      const at = { item_id: item.id, output_index, content_index: 0 };
      events.push(
        { type: 'response.output_item.added', output_index, item: { id: item.id, type: 'message', status: 'in_progress', role: 'assistant', content: [] } },
        { type: 'response.content_part.added', ...at, part: { type: 'output_text', text: '', annotations: [] } },
        { type: 'response.output_text.delta', ...at, delta: item.text },
        { type: 'response.output_text.done', ...at, text: item.text },
        { type: 'response.content_part.done', ...at, part: { type: 'output_text', text: item.text, annotations: [] } },
      );
    } else {
      events.push(
        { type: 'response.output_item.added', output_index, item: { ...item, arguments: '', status: 'in_progress' } },
        { type: 'response.function_call_arguments.delta', item_id: item.id, output_index, delta: item.arguments },
        { type: 'response.function_call_arguments.done', item_id: item.id, output_index, arguments: item.arguments },
      );
    }
    events.push({ type: 'response.output_item.done', output_index, item: done[output_index] });
  });
  events.push({ type: 'response.completed', response: response('completed', done, { input_tokens: 120, output_tokens: 9, total_tokens: 129 }) });
  return { chunks: events.map((event, sequence_number) => `event: ${String(event['type'])}\ndata: ${JSON.stringify({ ...event, sequence_number })}\n\n`) };
}
