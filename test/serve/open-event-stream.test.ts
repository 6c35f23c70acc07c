/**
 * openEventStream keeping a provider's own messages for a door that passes them through: the one
 * that ended the stream with an error goes on scrubbed, whatever the provider calls it (Anthropic's
 * `error`, the Responses API's `response.failed`), and nothing after it.
 */
import type { EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it, vi } from 'vitest';
import { adapterFor } from '../../functions/providers/adapter-for.ts';
import { findProvider } from '../../functions/providers/provider-registry.ts';
import { openEventStream, type StreamSummary } from '../../functions/serve/open-event-stream.ts';
import { translateForRecords } from '../../functions/serve/translate-for-records.ts';
import { collect, toAsync } from '../support/recorded.ts';

const SECRET = 'sk-openai-secret-key-1234';
const message = (event: Record<string, unknown>): EventSourceMessage => ({ event: String(event.type), data: JSON.stringify(event), id: undefined });

const running = { id: 'resp_1', object: 'response', created_at: 1, status: 'in_progress', model: 'gpt-5-mini', output: [] };
const created = message({ type: 'response.created', sequence_number: 0, response: running });
const added = message({ type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: { id: 'msg_1', type: 'message', status: 'in_progress', role: 'assistant', content: [] } });
const delta = message({ type: 'response.output_text.delta', sequence_number: 2, item_id: 'msg_1', output_index: 0, content_index: 0, delta: 'Hel', logprobs: [] });
const failed = message({
  type: 'response.failed',
  sequence_number: 3,
  response: { ...running, status: 'failed', error: { code: 'server_error', message: `Upstream auth failed for ${SECRET}` } },
});

/** Batches that count how many were taken. */
function counted(batches: EventSourceMessage[][]) {
  const taken = { count: 0 };
  async function* read(): AsyncGenerator<EventSourceMessage[]> {
    for (const batch of batches) {
      taken.count++;
      yield batch;
    }
  }
  return { batches: read(), taken };
}

describe('openEventStream, handing a native stream on', () => {
  const openai = adapterFor(findProvider('openai')!);
  const context = { model: 'gpt-5.5', now: 1, native: 'openai-responses' } as const;
  /** A Codex turn whose whole answer is one call of its apply_patch tool, a custom tool: no item the core models. */
  const patchCall = { id: 'ctc_1', type: 'custom_tool_call', status: 'in_progress', call_id: 'call_1', name: 'apply_patch', input: '' };
  const patch = [
    [created, message({ type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: patchCall })],
    [message({ type: 'response.custom_tool_call_input.delta', sequence_number: 2, item_id: 'ctc_1', output_index: 0, delta: '*** Begin Patch' })],
    [
      message({ type: 'response.output_item.done', sequence_number: 3, output_index: 0, item: { ...patchCall, status: 'completed', input: '*** Begin Patch' } }),
      message({ type: 'response.completed', sequence_number: 4, response: { ...running, status: 'completed', output: [{ ...patchCall, status: 'completed' }] } }),
    ],
  ];

  it('hands it on from the first output item the adapter says begins the answer, though no content came', async () => {
    const { batches, taken } = counted(patch);
    const events = await openEventStream(batches, translateForRecords(openai, context), {
      provider: 'openai',
      redact: (text) => text,
      keepMessages: true,
      beginsAnswer: (message) => openai.beginsAnswer!(message, context),
    });
    expect(taken.count).toBe(1);
    const read = await collect(events);
    expect(read.flatMap((batch) => batch.messages ?? []).map((kept) => kept.event)).toEqual(patch.flat().map((kept) => kept.event));
  });

  it('reads no more of it for the records once that item began it: not the tool input that follows', () => {
    // Fresh messages: a message's parse is remembered (parse-message-data.ts).
    const messages = patch.flat().map((kept) => ({ ...kept }));
    const parse = vi.spyOn(JSON, 'parse');
    const translator = translateForRecords(openai, context);
    for (const kept of messages) translator.push(kept);
    const parsed = parse.mock.calls.map(([text]) => String(text));
    parse.mockRestore();
    // The item itself and the response's end: no input delta.
    expect(parsed.map((text) => (JSON.parse(text) as { type: string }).type)).toEqual(['response.output_item.added', 'response.completed']);
  });

  it('holds it until content without that word: the whole answer, here', async () => {
    const { batches, taken } = counted(patch);
    await openEventStream(batches, translateForRecords(openai, context), { provider: 'openai', redact: (text) => text, keepMessages: true });
    expect(taken.count).toBe(3);
  });

  it('begins the answer at no item the core models, nor at any other event', () => {
    expect(patch.flat().filter((message) => openai.beginsAnswer!(message, context)).map((message) => message.event)).toEqual(['response.output_item.added']);
    expect([created, added, delta, failed].some((message) => openai.beginsAnswer!(message, context))).toBe(false);
    // Those the core models (their retry kept until their content) and those it does not, with the `event:` line or without (xAI).
    const itemAdded = (type: string) => message({ type: 'response.output_item.added', sequence_number: 1, output_index: 0, item: { id: 'item_1', type, status: 'in_progress' } });
    const begins = (type: string) => [itemAdded(type), { ...itemAdded(type), event: undefined }].map((named) => openai.beginsAnswer!(named, context));
    for (const modeled of ['message', 'reasoning', 'function_call']) expect(begins(modeled)).toEqual([false, false]);
    for (const other of ['custom_tool_call', 'web_search_call', 'mcp_call']) expect(begins(other)).toEqual([true, true]);
    expect(openai.beginsAnswer!({ event: 'response.output_item.added', data: '{"type":"response.output_item.added",', id: undefined }, context)).toBe(false);
    // Only a Responses stream: a chat chunk is never read so.
    expect(openai.beginsAnswer!(patch[0]![1]!, { model: 'gpt-5.5', now: 1, native: 'openai-chat' })).toBe(false);
  });
});

describe('openEventStream, keeping the provider messages', () => {
  it("passes the Responses API's response.failed on scrubbed, as the stream's last message, and nothing after it", async () => {
    let summary: StreamSummary | undefined;
    const translator = adapterFor(findProvider('openai')!).createStreamTranslator({ model: 'gpt-5-mini', now: 1, native: 'openai-responses' });
    const batches = await openEventStream(toAsync([[created, added, delta], [failed, delta]]), translator, {
      provider: 'openai',
      redact: (text) => text.replaceAll(SECRET, '[redacted]'),
      keepMessages: true,
      onEnd: (ended) => (summary = ended),
    });
    const read = await collect(batches);
    const messages = read.flatMap((batch) => batch.messages ?? []);
    expect(messages.map((kept) => kept.event)).toEqual(['response.created', 'response.output_item.added', 'response.output_text.delta', 'response.failed']);
    expect(messages.at(-1)!.data).toBe(failed.data.replace(SECRET, '[redacted]'));
    expect(read.at(-1)!.events.at(-1)).toMatchObject({ type: 'error', error: { status: 502, code: 'server_error' } });
    expect(summary!.error?.message).toContain('[redacted]');
    expect(summary!.error?.message).not.toContain(SECRET);
    expect(read.at(-1)!.reportedByProvider).toBe(true);
  });

  it('says the provider did not report a failure the gateway found (a stream cut short)', async () => {
    const translator = adapterFor(findProvider('openai')!).createStreamTranslator({ model: 'gpt-5-mini', now: 1, native: 'openai-responses' });
    const batches = await openEventStream(toAsync([[created, added, delta]]), translator, { provider: 'openai', redact: (text) => text, keepMessages: true });
    const read = await collect(batches);
    expect(read.at(-1)!.events.at(-1)).toMatchObject({ type: 'error', error: { code: 'upstream_stream_incomplete' } });
    expect(read.some((batch) => batch.reportedByProvider)).toBe(false);
  });
});
