import { describe, it, expect } from 'vitest';
import type { EventSourceMessage } from 'eventsource-parser';
import type { StreamEvent } from '../../../functions/core/stream-event.ts';
import { geminiAdapter } from '../../../functions/providers/gemini/gemini-adapter.ts';
import { translateStream } from '../../support/recorded.ts';

const context = { model: 'gemini-2.5-flash', now: 1_700_000_000 };
const message = (data: unknown): EventSourceMessage => ({
  event: undefined,
  id: undefined,
  data: typeof data === 'string' ? data : JSON.stringify(data),
});
const parse = (chunks: unknown[]) => translateStream(geminiAdapter.createStreamTranslator(context), chunks.map(message));
const types = (events: StreamEvent[]) => events.map((event) => event.type);

const textChunk = (text: string, extra: Record<string, unknown> = {}) => ({
  candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0, ...extra }],
  responseId: 'resp-1',
  modelVersion: 'gemini-2.5-flash-001',
});

describe('parseGeminiStream', () => {
  it('an error object mid-stream becomes the last event, with Google status and HTTP code kept', async () => {
    const events = await parse([
      textChunk('Hello'),
      { error: { code: 503, message: 'The model is overloaded.', status: 'UNAVAILABLE' } },
      textChunk(' never read', { finishReason: 'STOP' }),
    ]);
    expect(types(events)).toEqual(['start', 'text', 'error']);
    const last = events.at(-1);
    if (last?.type !== 'error') throw new Error('expected an error event');
    expect(last.error.status).toBe(503);
    expect(last.error.code).toBe('UNAVAILABLE');
    expect(last.error.message).toBe('gemini reported an error mid-stream: The model is overloaded.');
  });

  it('a 429 error object mid-stream keeps its status', async () => {
    const events = await parse([{ error: { code: 429, message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' } }]);
    expect(types(events)).toEqual(['error']);
    const last = events[0];
    if (last?.type !== 'error') throw new Error('expected an error event');
    expect(last.error.status).toBe(429);
    expect(last.error).toMatchObject({ kind: 'rate_limit', fault: 'provider', provider: 'gemini', providerType: 'RESOURCE_EXHAUSTED' });
    expect(last.error.code).toBe('RESOURCE_EXHAUSTED');
  });

  it('unparseable JSON ends the stream with a bad-response error', async () => {
    const events = await parse([textChunk('Hi'), '{"candidates": [', textChunk('!', { finishReason: 'STOP' })]);
    expect(types(events)).toEqual(['start', 'text', 'error']);
    const last = events.at(-1);
    if (last?.type !== 'error') throw new Error('expected an error event');
    expect(last.error.code).toBe('upstream_bad_response');
    expect(last.error.status).toBe(502);
  });

  it('an empty stream is an error, not a silent empty answer', async () => {
    const events = await parse([]);
    expect(types(events)).toEqual(['error']);
  });

  it('thought parts are reasoning, other text is text, and a generated id stands in for a missing responseId', async () => {
    const events = await parse([
      { candidates: [{ content: { parts: [{ text: 'Let me count.', thought: true }] } }] },
      { candidates: [{ content: { parts: [{ text: 'Three.' }] }, finishReason: 'STOP' }] },
    ]);
    expect(events[0]).toMatchObject({ type: 'start', model: 'gemini-2.5-flash', created: 1_700_000_000 });
    expect(events[0]?.type === 'start' && events[0].id).toMatch(/^chatcmpl-[0-9a-f]{32}$/);
    expect(events.slice(1)).toEqual([
      { type: 'reasoning', choice: 0, delta: 'Let me count.' },
      { type: 'text', choice: 0, delta: 'Three.' },
      { type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'STOP' } },
    ]);
  });

  it('usage is emitted once, at the end, with the last cumulative totals', async () => {
    const events = await parse([
      { ...textChunk('a'), usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 1, thoughtsTokenCount: 5 } },
      { ...textChunk('b', { finishReason: 'MAX_TOKENS' }), usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 2, thoughtsTokenCount: 5, cachedContentTokenCount: 4 } },
    ]);
    expect(types(events)).toEqual(['start', 'text', 'text', 'finish', 'usage']);
    expect(events.at(-2)).toEqual({ type: 'finish', choice: 0, reason: { unified: 'length', raw: 'MAX_TOKENS' } });
    expect(events.at(-1)).toEqual({
      type: 'usage',
      usage: { inputTokens: 10, cachedInputTokens: 4, outputTokens: 7, reasoningTokens: 5 },
    });
  });

  it('with several candidates, the stream is complete only when each has finished', async () => {
    const two = (finish0?: string, finish1?: string) => ({
      candidates: [
        { content: { parts: [{ text: 'x' }] }, index: 0, ...(finish0 ? { finishReason: finish0 } : {}) },
        { content: { parts: [{ text: 'y' }] }, index: 1, ...(finish1 ? { finishReason: finish1 } : {}) },
      ],
    });
    const cut = await parse([two(), two('STOP')]);
    expect(types(cut)).toEqual(['start', 'text', 'text', 'text', 'finish', 'text', 'error']);
    const complete = await parse([two(), two('STOP', 'SAFETY')]);
    expect(complete.filter((event) => event.type === 'finish')).toEqual([
      { type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'STOP' } },
      { type: 'finish', choice: 1, reason: { unified: 'content_filter', raw: 'SAFETY' } },
    ]);
    expect(types(complete)).not.toContain('error');
  });

  it('parallel function calls get positions 0, 1 and keep the first call\'s signature only where sent', async () => {
    const events = await parse([
      {
        candidates: [
          {
            content: {
              parts: [
                { functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'c2ln' },
                { functionCall: { id: 'fc-2', name: 'time' } },
              ],
            },
          },
        ],
      },
      { candidates: [{ content: { parts: [{ text: '' }] }, finishReason: 'STOP' }] },
    ]);
    expect(events.slice(1)).toEqual([
      { type: 'tool-call-start', choice: 0, index: 0, id: expect.stringMatching(/^call_/), name: 'weather', extra: { google: { thought_signature: 'c2ln' } } },
      { type: 'tool-call-args', choice: 0, index: 0, delta: '{"city":"Paris"}' },
      { type: 'tool-call-start', choice: 0, index: 1, id: 'fc-2', name: 'time' },
      { type: 'tool-call-args', choice: 0, index: 1, delta: '{}' },
      { type: 'finish', choice: 0, reason: { unified: 'tool_calls', raw: 'STOP' } },
    ]);
  });

  it('a prompt blocked before generation is a content_filter finish, and a complete stream', async () => {
    const events = await parse([
      { promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: 7, totalTokenCount: 7 }, responseId: 'r' },
    ]);
    expect(events).toEqual([
      { type: 'start', id: 'r', model: 'gemini-2.5-flash', created: 1_700_000_000 },
      { type: 'finish', choice: 0, reason: { unified: 'content_filter', raw: 'PROHIBITED_CONTENT' } },
      { type: 'usage', usage: { inputTokens: 7, outputTokens: 0 } },
    ]);
  });

  it('logprobs come through in OpenAI\'s shape', async () => {
    const events = await parse([
      {
        candidates: [
          {
            content: { parts: [{ text: 'Hi' }] },
            finishReason: 'STOP',
            logprobsResult: {
              chosenCandidates: [{ token: 'Hi', tokenId: 1, logProbability: -0.25 }],
              topCandidates: [{ candidates: [{ token: 'Hi', logProbability: -0.25 }, { token: 'Hey', logProbability: -1.5 }] }],
            },
          },
        ],
      },
    ]);
    expect(events.find((event) => event.type === 'logprobs')).toEqual({
      type: 'logprobs',
      choice: 0,
      content: [
        {
          token: 'Hi',
          logprob: -0.25,
          bytes: [72, 105],
          top_logprobs: [
            { token: 'Hi', logprob: -0.25, bytes: [72, 105] },
            { token: 'Hey', logprob: -1.5, bytes: [72, 101, 121] },
          ],
        },
      ],
    });
  });
});
