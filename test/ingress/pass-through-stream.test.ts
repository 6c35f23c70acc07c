import { describe, expect, it } from 'vitest';
import type { EventSourceMessage } from 'eventsource-parser';
import { CallError } from '../../functions/core/call-error.ts';
import { passThroughStream } from '../../functions/ingress/pass-through-stream.ts';
import { anthropicAdapter } from '../../functions/providers/anthropic/anthropic-adapter.ts';
import { openEventStream, type EventBatch, type StreamSummary } from '../../functions/serve/open-event-stream.ts';
import { collect, recordedMessages, recordedSseBody, toAsync } from '../support/recorded.ts';

const RECORDINGS = ['anthropic-text', 'anthropic-tool-no-args', 'anthropic-json-tool.1', 'anthropic-refusal', 'anthropic-compaction.1'];
const errorFrame = (error: CallError) => `event: error\ndata: {"gateway":${JSON.stringify(error.code)}}\n\n`;

/** Reads of three messages each, as a socket might deliver them. */
const reads = (messages: EventSourceMessage[]) => Array.from({ length: Math.ceil(messages.length / 3) }, (_, index) => messages.slice(index * 3, index * 3 + 3));

async function passThrough(messages: EventSourceMessage[], redact = (text: string) => text) {
  let summary: StreamSummary | undefined;
  const events = await openEventStream(toAsync(reads(messages)), anthropicAdapter.createStreamTranslator({ model: 'claude-x', now: 1 }), {
    provider: 'anthropic',
    redact,
    keepMessages: true,
    onEnd: (ended) => (summary = ended),
  });
  const text = (await collect(passThroughStream(events, errorFrame))).join('');
  return { text, summary: summary! };
}

describe('passThroughStream', () => {
  it.each(RECORDINGS)('replays the recorded %s stream byte for byte, pings included, and keeps its usage', async (name) => {
    const { text, summary } = await passThrough(recordedMessages('anthropic', name));
    expect(text).toBe(recordedSseBody('anthropic', name));
    expect(summary.error).toBeUndefined();
    expect(summary.usage?.outputTokens).toBeGreaterThan(0);
  });

  it('ends a stream the provider cut with an error event of its own, never a clean end', async () => {
    const messages = recordedMessages('anthropic', 'anthropic-text');
    expect(messages.at(-1)?.event).toBe('message_stop');
    const { text, summary } = await passThrough(messages.slice(0, -1));
    expect(text.startsWith(recordedSseBody('anthropic', 'anthropic-text').split('event: message_stop')[0]!)).toBe(true);
    expect(text).not.toContain('message_stop');
    expect(text.endsWith(`event: error\ndata: {"gateway":"${summary.error?.code}"}\n\n`)).toBe(true);
    expect(summary.error?.code).toBe('upstream_stream_incomplete');
  });

  it("adds no frame of its own after a failure the provider reported in its own words (the Responses API's response.failed)", async () => {
    const failed = { event: 'response.failed', data: '{"type":"response.failed","sequence_number":3}', id: undefined };
    const error = new CallError({ status: 502, kind: 'upstream', fault: 'provider', message: 'openai: the response failed' });
    async function* reported(): AsyncGenerator<EventBatch> {
      yield { events: [{ type: 'error', error }], messages: [failed], reportedByProvider: true };
    }
    expect((await collect(passThroughStream(reported(), errorFrame))).join('')).toBe('event: response.failed\ndata: {"type":"response.failed","sequence_number":3}\n\n');
  });

  it('ends with an error frame when serving throws (a bug), never a clean end', async () => {
    const recorded = recordedMessages('anthropic', 'anthropic-text');
    async function* throwing(): AsyncGenerator<EventBatch> {
      yield { events: [], messages: recorded.slice(0, 2) };
      throw new TypeError('a bug');
    }
    const kindFrame = (error: CallError) => `event: error\ndata: {"kind":"${error.kind}","message":"${error.message}"}\n\n`;
    const text = (await collect(passThroughStream(throwing(), kindFrame))).join('');
    expect(text.endsWith('event: error\ndata: {"kind":"internal","message":"The gateway failed while streaming."}\n\n')).toBe(true);
    expect(text).not.toContain('message_stop');
  });

  it("passes the provider's own error event on once, its text scrubbed, and nothing after it", async () => {
    const recorded = recordedMessages('anthropic', 'anthropic-text');
    const [start, blockStart, delta] = ['message_start', 'content_block_start', 'content_block_delta'].map((type) => recorded.find((message) => message.event === type));
    const error = { event: 'error', data: '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded for key sk-ant-secret"}}', id: undefined };
    const after = { event: 'content_block_delta', data: delta!.data, id: undefined };
    const { text, summary } = await passThrough([start!, blockStart!, delta!, error, after], (value) => value.replaceAll('sk-ant-secret', '[redacted]'));
    expect(text.split('event: ').filter(Boolean).map((frame) => frame.slice(0, frame.indexOf('\n')))).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'error']);
    expect(text).toContain('Overloaded for key [redacted]');
    expect(text).not.toContain('sk-ant-secret');
    expect(summary.error?.message).not.toContain('sk-ant-secret');
  });
});
