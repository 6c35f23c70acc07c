import { describe, it, expect } from 'vitest';
import type { StreamEvent } from '../../../functions/core/stream-event.ts';
import { geminiAdapter } from '../../../functions/providers/gemini/gemini-adapter.ts';
import { readRecordedJson, readRecordedLines, recordedMessages, translateStream } from '../../support/recorded.ts';

const context = { model: 'requested-model', now: 1_700_000_000 };

const replayStream = (name: string) => translateStream(geminiAdapter.createStreamTranslator(context), recordedMessages('gemini', name));
const replayJson = (name: string) => geminiAdapter.parseChatResponse(readRecordedJson('gemini', name), context);

const joined = (events: StreamEvent[], type: 'text' | 'reasoning') =>
  events.map((event) => (event.type === type ? event.delta : '')).join('');
const ofType = <T extends StreamEvent['type']>(events: StreamEvent[], type: T) =>
  events.filter((event): event is Extract<StreamEvent, { type: T }> => event.type === type);

/** The thought signature as recorded, read straight from the fixture rather than through the adapter. */
function recordedSignature(name: string, line: number): string {
  const chunk = JSON.parse(readRecordedLines('gemini', name)[line] ?? 'null') as {
    candidates: Array<{ content: { parts: Array<{ thoughtSignature: string }> } }>;
  };
  const signature = chunk.candidates[0]?.content.parts[0]?.thoughtSignature;
  if (!signature) throw new Error('fixture has no signature where expected');
  return signature;
}

describe('recorded Gemini streams', () => {
  it('google-text: start from the first chunk, text deltas, STOP, final usage with thoughts', async () => {
    const events = await replayStream('google-text');
    expect(events[0]).toEqual({ type: 'start', id: 'bH6LaZW8Fp_3nsEPqtaSwQ4', model: 'gemini-3-pro-preview', created: 1_700_000_000 });
    expect(ofType(events, 'start')).toHaveLength(1);
    expect(joined(events, 'text')).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
    // The last chunk's empty text part (it only carries a signature) yields no empty delta.
    expect(ofType(events, 'text').map((event) => event.delta)).toEqual(['There are **3**', ' "r"s in strawberry.\n\nst**r**awbe**rr**y']);
    expect(ofType(events, 'finish')).toEqual([{ type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'STOP' } }]);
    expect(ofType(events, 'usage')).toEqual([{ type: 'usage', usage: { inputTokens: 9, outputTokens: 23 + 185, reasoningTokens: 185 } }]);
    expect(events.at(-1)?.type).toBe('usage');
    expect(ofType(events, 'error')).toEqual([]);
  });

  it('google-reasoning: the answer text, no thought parts (none recorded), reasoning tokens counted', async () => {
    const events = await replayStream('google-reasoning');
    expect(events[0]).toMatchObject({ type: 'start', id: 'dX6LadKVC7SZ28oPr9yJoQs', model: 'gemini-3-pro-preview' });
    expect(joined(events, 'text')).toBe('There are **3** "r"s in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.');
    expect(joined(events, 'reasoning')).toBe('');
    expect(ofType(events, 'finish')).toEqual([{ type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'STOP' } }]);
    expect(ofType(events, 'usage')).toEqual([{ type: 'usage', usage: { inputTokens: 9, outputTokens: 29 + 256, reasoningTokens: 256 } }]);
    expect(ofType(events, 'error')).toEqual([]);
  });

  it('google-tool-call: the call with its signature, then tool_calls although STOP arrives a chunk later', async () => {
    const events = await replayStream('google-tool-call');
    const starts = ofType(events, 'tool-call-start');
    expect(starts).toHaveLength(1);
    expect(starts[0]).toMatchObject({ choice: 0, index: 0, name: 'weather' });
    expect(starts[0]?.id).toMatch(/^call_[0-9a-f]{32}$/);
    expect(starts[0]?.extra).toEqual({ google: { thought_signature: recordedSignature('google-tool-call', 0) } });
    expect(starts[0]?.extra?.google?.thought_signature.startsWith('EqUCCqICAb4+9vsh8Pd5')).toBe(true);
    expect(ofType(events, 'tool-call-args')).toEqual([{ type: 'tool-call-args', choice: 0, index: 0, delta: '{"location":"San Francisco"}' }]);
    expect(ofType(events, 'finish')).toEqual([{ type: 'finish', choice: 0, reason: { unified: 'tool_calls', raw: 'STOP' } }]);
    expect(ofType(events, 'usage')).toEqual([{ type: 'usage', usage: { inputTokens: 29, outputTokens: 15 + 45, reasoningTokens: 45 } }]);
    expect(events.map((event) => event.type)).toEqual(['start', 'tool-call-start', 'tool-call-args', 'finish', 'usage']);
  });

  it.each(['google-text', 'google-reasoning', 'google-tool-call'])('%s without its last chunk ends with a stream-cut error', async (name) => {
    const messages = recordedMessages('gemini', name).slice(0, -1);
    const events = translateStream(geminiAdapter.createStreamTranslator(context), messages);
    expect(ofType(events, 'finish')).toEqual([]);
    const last = events.at(-1);
    expect(last?.type).toBe('error');
    if (last?.type !== 'error') return;
    expect(last.error.status).toBe(502);
    expect(last.error.code).toBe('upstream_stream_incomplete');
    expect(last.error.message).toMatch(/^gemini stream ended early/);
    // What arrived is still delivered, and the usage so far comes before the error.
    expect(events.at(-2)?.type).toBe('usage');
  });
});

describe('recorded Gemini responses', () => {
  it('google-text.json', () => {
    expect(replayJson('google-text')).toEqual([
      { type: 'start', id: 'Un6LacrVMcjUxs0PmJfWoQc', model: 'gemini-3-pro-preview', created: 1_700_000_000 },
      { type: 'text', choice: 0, delta: "There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y." },
      { type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'STOP' } },
      { type: 'usage', usage: { inputTokens: 9, outputTokens: 28 + 244, reasoningTokens: 244 } },
    ]);
  });

  it('google-reasoning.json', () => {
    expect(replayJson('google-reasoning')).toEqual([
      { type: 'start', id: 'YH6LaZT7ENmPxN8P-r2J8Aw', model: 'gemini-3-pro-preview', created: 1_700_000_000 },
      { type: 'text', choice: 0, delta: 'There are **3** "r"s in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.' },
      { type: 'finish', choice: 0, reason: { unified: 'stop', raw: 'STOP' } },
      { type: 'usage', usage: { inputTokens: 9, outputTokens: 29 + 282, reasoningTokens: 282 } },
    ]);
  });

  it('google-tool-call.json', () => {
    const events = replayJson('google-tool-call');
    expect(events.map((event) => event.type)).toEqual(['start', 'tool-call-start', 'tool-call-args', 'finish', 'usage']);
    expect(events[1]).toMatchObject({
      type: 'tool-call-start',
      choice: 0,
      index: 0,
      name: 'weather',
      extra: {
        google: {
          thought_signature:
            'EskgCsYgAb4+9vtF7/499YQS2bjZs3xcQI+iAl+ILn29nK1j0Kg6su7QsUUUk3nrAAfnS2w5WiVvlcCqu9fAebJ2cvfaEyBahEt5',
        },
      },
    });
    expect(events[2]).toEqual({ type: 'tool-call-args', choice: 0, index: 0, delta: '{"location":"San Francisco"}' });
    expect(events[3]).toEqual({ type: 'finish', choice: 0, reason: { unified: 'tool_calls', raw: 'STOP' } });
    expect(events[4]).toEqual({ type: 'usage', usage: { inputTokens: 29, outputTokens: 15 + 893, reasoningTokens: 893 } });
  });
});
