import { describe, expect, it } from 'vitest';
import type { StreamEvent } from '../../../functions/core/stream-event.ts';
import type { EventSourceMessage } from 'eventsource-parser';
import { createOpenAISseEncoder } from '../../../functions/ingress/openai-chat/encode-stream.ts';
import { encodeBatches } from '../../../functions/ingress/encode-batches.ts';
import { openEventStream, type StreamSummary } from '../../../functions/serve/open-event-stream.ts';
import type { StreamTranslator } from '../../../functions/providers/provider-adapter.ts';
import { CallError } from '../../../functions/core/call-error.ts';
import { upstreamStreamCut } from '../../../functions/providers/upstream/upstream-errors.ts';
import { collect, toAsync } from '../../support/recorded.ts';

/** What the chat door sends for a served stream: serve's event stream, encoded as OpenAI's. */
const openOpenAISse = async (
  batches: AsyncGenerator<EventSourceMessage[]>,
  translator: StreamTranslator,
  options: { provider: string; includeUsage: boolean; modelName: (model: string) => string; onEnd?: (summary: StreamSummary) => void; onUnexpected?: (error: unknown) => void },
) => {
  const { provider, onEnd, onUnexpected, ...encoding } = options;
  const events = await openEventStream(batches, translator, { provider, redact: (text) => text, ...(onEnd && { onEnd }), ...(onUnexpected && { onUnexpected }) });
  return encodeBatches(events, createOpenAISseEncoder(encoding));
};

const start: StreamEvent = { type: 'start', id: 'msg_1', model: 'claude-x', created: 1700000000 };
/** A translator that yields the given events, one upstream message each. */
const scripted = (events: StreamEvent[]): StreamTranslator => ({ push: (message) => [events[Number(message.data)]!], end: () => [] });
const oneMessagePerRead = (count: number) => Array.from({ length: count }, (_, index) => [{ data: String(index) }]);
const frames = (written: string[]) => written.join('').split(/(?<=\n\n)/);

const encode = async (events: StreamEvent[], includeUsage = false) => {
  let summary: StreamSummary | undefined;
  const written = await collect(
    await openOpenAISse(toAsync(oneMessagePerRead(events.length)), scripted(events), {
      provider: 'anthropic',
      includeUsage,
      modelName: (model) => `anthropic/${model}`,
      onEnd: (s) => (summary = s),
    }),
  );
  return { frames: frames(written), summary: summary! };
};
const payloads = (frames: string[]) => frames.filter((frame) => frame !== 'data: [DONE]\n\n').map((frame) => JSON.parse(frame.slice(6)) as Record<string, unknown>);

describe('encodeOpenAISse', () => {
  it('writes OpenAI chunks: role first, tool-call fragments, finish, usage, [DONE]', async () => {
    const { frames, summary } = await encode(
      [
        start,
        { type: 'text', choice: 0, delta: 'Hi' },
        { type: 'tool-call-start', choice: 0, index: 0, id: 'call_1', name: 'weather' },
        { type: 'tool-call-args', choice: 0, index: 0, delta: '{"city":' },
        { type: 'tool-call-args', choice: 0, index: 0, delta: '"Paris"}' },
        { type: 'finish', choice: 0, reason: { unified: 'tool_calls', raw: 'tool_use' } },
        { type: 'usage', usage: { inputTokens: 10, cachedInputTokens: 4, outputTokens: 5, reasoningTokens: 2 } },
      ],
      true,
    );
    expect(frames.every((frame) => frame.startsWith('data: ') && frame.endsWith('\n\n'))).toBe(true);
    expect(frames.at(-1)).toBe('data: [DONE]\n\n');
    const chunks = payloads(frames);
    const head = { id: 'msg_1', object: 'chat.completion.chunk', created: 1700000000, model: 'anthropic/claude-x', usage: null };
    expect(chunks).toEqual([
      { ...head, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: { content: 'Hi' }, logprobs: null, finish_reason: null }] },
      {
        ...head,
        choices: [
          {
            index: 0,
            delta: { tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'weather', arguments: '' } }] },
            logprobs: null,
            finish_reason: null,
          },
        ],
      },
      { ...head, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '{"city":' } }] }, logprobs: null, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: '"Paris"}' } }] }, logprobs: null, finish_reason: null }] },
      { ...head, choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' }] },
      {
        ...head,
        choices: [],
        usage: {
          prompt_tokens: 10,
          completion_tokens: 5,
          total_tokens: 15,
          prompt_tokens_details: { cached_tokens: 4 },
          completion_tokens_details: { reasoning_tokens: 2 },
        },
      },
    ]);
    expect(summary.usage?.inputTokens).toBe(10);
    expect(summary.error).toBeUndefined();
  });

  it('sends no usage chunk and no usage field unless asked', async () => {
    const { frames } = await encode([start, { type: 'usage', usage: { inputTokens: 1, outputTokens: 1 } }, { type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'end_turn' } }]);
    const chunks = payloads(frames);
    expect(chunks.some((chunk) => 'usage' in chunk)).toBe(false);
    expect(chunks.at(-1)).toMatchObject({ choices: [{ finish_reason: 'stop' }] });
  });

  it('gives a tool call that got no arguments {} before the finish', async () => {
    const { frames } = await encode([
      start,
      { type: 'tool-call-start', choice: 0, index: 0, id: 'toolu_1', name: 'refresh' },
      { type: 'finish', choice: 0, reason: { unified: 'tool_calls', raw: 'tool_use' } },
    ]);
    const chunks = payloads(frames);
    expect(chunks.at(-2)).toMatchObject({ choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: '{}' } }] } }] });
    expect(chunks.at(-1)).toMatchObject({ choices: [{ finish_reason: 'tool_calls' }] });
  });

  it('holds the finish back, so a stream cut after it ends in an error and nothing that looks complete', async () => {
    const { frames, summary } = await encode([
      start,
      { type: 'text', choice: 0, delta: 'Hel' },
      { type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'end_turn' } },
      { type: 'error', error: upstreamStreamCut('anthropic') },
    ]);
    expect(frames.join('')).not.toContain('[DONE]');
    expect(frames.join('')).not.toContain('"finish_reason":"stop"');
    expect(payloads(frames).at(-1)).toMatchObject({ error: { code: 'upstream_stream_incomplete', type: 'upstream_error' } });
    expect(summary.error?.code).toBe('upstream_stream_incomplete');
  });

  it('reports a failure of the upstream read itself as an error event', async () => {
    async function* failing() {
      yield [{ data: '0' }, { data: '1' }];
      throw upstreamStreamCut('gemini', 'the connection failed (terminated)');
    }
    const written = frames(await collect(await openOpenAISse(failing(), scripted([start, { type: 'text', choice: 0, delta: 'Hi' }]), { provider: 'gemini', includeUsage: false, modelName: (model) => model })));
    expect(payloads(written).at(-1)).toMatchObject({ error: { type: 'upstream_error', message: expect.stringContaining('terminated') } });
    expect(written.join('')).not.toContain('[DONE]');
  });

  it('writes everything one upstream read produced at once', async () => {
    const events: StreamEvent[] = [start, { type: 'text', choice: 0, delta: 'a' }, { type: 'text', choice: 0, delta: 'b' }];
    const written = await collect(
      await openOpenAISse(toAsync([[{ data: '0' }, { data: '1' }, { data: '2' }]]), scripted(events), {
        provider: 'openai',
        includeUsage: false,
        modelName: (model) => model,
      }),
    );
    expect(written).toHaveLength(2);
    expect(frames(written.slice(0, 1))).toHaveLength(3);
    expect(written[1]).toBe('data: [DONE]\n\n');
  });

  it('opens each choice with the assistant role', async () => {
    const { frames } = await encode([
      start,
      { type: 'text', choice: 1, delta: 'B' },
      { type: 'reasoning', choice: 0, delta: 'thinking' },
      { type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'STOP' } },
      { type: 'finish', choice: 1, reason: { unified: 'length', raw: 'MAX_TOKENS' } },
    ]);
    const chunks = payloads(frames) as Array<{ choices: Array<{ index: number; delta: Record<string, unknown>; finish_reason: string | null }> }>;
    expect(chunks[1]!.choices[0]).toMatchObject({ index: 1, delta: { role: 'assistant', content: 'B' } });
    expect(chunks[2]!.choices[0]).toMatchObject({ index: 0, delta: { reasoning_content: 'thinking' } });
    expect(chunks.slice(-2).map((chunk) => [chunk.choices[0]!.index, chunk.choices[0]!.finish_reason])).toEqual([
      [0, 'stop'],
      [1, 'length'],
    ]);
  });

  it('throws an error that comes before any content, even a read later, so it can be a plain HTTP error', async () => {
    const overloaded = new CallError({ status: 503, kind: 'overloaded', fault: 'provider', provider: 'anthropic', message: 'anthropic reported an error mid-stream: Overloaded' });
    await expect(
      openOpenAISse(toAsync(oneMessagePerRead(2)), scripted([start, { type: 'error', error: overloaded }]), {
        provider: 'anthropic',
        includeUsage: false,
        modelName: (model) => model,
      }),
    ).rejects.toBe(overloaded);
  });

  it('turns a translator that trips over an unexpected shape into upstream_bad_response, and reports it', async () => {
    const unexpected: unknown[] = [];
    const tripping: StreamTranslator = {
      push: (message) => {
        if (message.data === '1') throw new TypeError("Cannot read properties of null (reading 'choices')");
        return [start, { type: 'text', choice: 0, delta: 'Hi' }];
      },
      end: () => [],
    };
    const written = frames(
      await collect(
        await openOpenAISse(toAsync(oneMessagePerRead(2)), tripping, {
          provider: 'groq',
          includeUsage: false,
          modelName: (model) => model,
          onUnexpected: (error) => unexpected.push(error),
        }),
      ),
    );
    expect(payloads(written).at(-1)).toMatchObject({ error: { code: 'upstream_bad_response', message: expect.stringContaining('groq') } });
    expect(unexpected).toHaveLength(1);
  });
});
