import { describe, it, expect } from 'vitest';
import { geminiAdapter } from '../../../functions/providers/gemini/gemini-adapter.ts';
import { mapGeminiFinishReason } from '../../../functions/providers/gemini/map-gemini-finish-reason.ts';
import { mapGeminiUsage } from '../../../functions/providers/gemini/map-gemini-usage.ts';

const context = { model: 'gemini-2.5-pro', now: 1_800_000_000 };

describe('parseGeminiResponse', () => {
  it('a prompt blocked before generation is a content_filter finish for choice 0', () => {
    expect(
      geminiAdapter.parseChatResponse(
        { promptFeedback: { blockReason: 'SAFETY' }, usageMetadata: { promptTokenCount: 12 }, modelVersion: 'gemini-2.5-pro', responseId: 'blocked-1' },
        context,
      ),
    ).toEqual([
      { type: 'start', id: 'blocked-1', model: 'gemini-2.5-pro', created: 1_800_000_000 },
      { type: 'finish', choice: 0, reason: { unified: 'content_filter', raw: 'SAFETY' } },
      { type: 'usage', usage: { inputTokens: 12, outputTokens: 0 } },
    ]);
  });

  it('candidates are choices by their index, thoughts are reasoning', () => {
    const events = geminiAdapter.parseChatResponse(
      {
        candidates: [
          { index: 1, content: { parts: [{ text: 'B' }] }, finishReason: 'STOP' },
          { index: 0, content: { parts: [{ text: 'hmm', thought: true }, { text: 'A' }] }, finishReason: 'RECITATION' },
        ],
      },
      context,
    );
    expect(events.slice(1)).toEqual([
      { type: 'text', choice: 1, delta: 'B' },
      { type: 'finish', choice: 1, reason: { unified: 'stop', raw: 'STOP' } },
      { type: 'reasoning', choice: 0, delta: 'hmm' },
      { type: 'text', choice: 0, delta: 'A' },
      { type: 'finish', choice: 0, reason: { unified: 'content_filter', raw: 'RECITATION' } },
    ]);
    expect(events[0]).toMatchObject({ type: 'start', model: 'gemini-2.5-pro', created: 1_800_000_000 });
  });

  it('a candidate without a finish reason still finishes, as tool_calls when it called a function', () => {
    const events = geminiAdapter.parseChatResponse(
      { candidates: [{ content: { parts: [{ functionCall: { name: 'f', args: { a: 1 } } }] } }] },
      context,
    );
    expect(events.at(-1)).toEqual({ type: 'finish', choice: 0, reason: { unified: 'tool_calls', raw: 'FINISH_REASON_UNSPECIFIED' } });
  });

  it('an error object in the body is an error event with its status', () => {
    const events = geminiAdapter.parseChatResponse({ error: { code: 400, message: 'Bad schema', status: 'INVALID_ARGUMENT' } }, context);
    expect(events).toHaveLength(1);
    const only = events[0];
    if (only?.type !== 'error') throw new Error('expected an error event');
    expect(only.error.status).toBe(400);
    expect(only.error.code).toBe('INVALID_ARGUMENT');
    expect(only.error.message).toBe('gemini: Bad schema');
  });

  it('a body that is not an object is a bad-response error', () => {
    const events = geminiAdapter.parseChatResponse('oops', context);
    expect(events.map((event) => event.type)).toEqual(['error']);
    expect(events[0]?.type === 'error' && events[0].error.code).toBe('upstream_bad_response');
  });
});

describe('mapGeminiFinishReason', () => {
  it.each([
    ['STOP', false, 'stop'],
    ['STOP', true, 'tool_calls'],
    ['MAX_TOKENS', true, 'length'],
    ['SAFETY', false, 'content_filter'],
    ['RECITATION', false, 'content_filter'],
    ['BLOCKLIST', false, 'content_filter'],
    ['PROHIBITED_CONTENT', false, 'content_filter'],
    ['SPII', false, 'content_filter'],
    ['IMAGE_SAFETY', false, 'content_filter'],
    ['LANGUAGE', false, 'content_filter'],
    ['MALFORMED_FUNCTION_CALL', false, 'stop'],
    ['UNEXPECTED_TOOL_CALL', true, 'stop'],
    ['OTHER', false, 'stop'],
    ['SOMETHING_NEW', false, 'stop'],
  ] as const)('%s (called a function: %s) -> %s', (raw, calledFunction, unified) => {
    expect(mapGeminiFinishReason(raw, calledFunction)).toEqual({ unified, raw });
  });
});

describe('mapGeminiUsage', () => {
  it('output includes thoughts; prompt count already includes cached tokens; tool-use prompt tokens are input', () => {
    expect(
      mapGeminiUsage({
        promptTokenCount: 1000,
        cachedContentTokenCount: 800,
        candidatesTokenCount: 50,
        thoughtsTokenCount: 200,
        toolUsePromptTokenCount: 30,
        totalTokenCount: 1280,
      }),
    ).toEqual({ inputTokens: 1030, cachedInputTokens: 800, outputTokens: 250, reasoningTokens: 200 });
  });

  it('absent counts are zero and optional fields stay absent', () => {
    expect(mapGeminiUsage({ promptTokenCount: 3, candidatesTokenCount: 4 })).toEqual({ inputTokens: 3, outputTokens: 4 });
  });
});
