/** The check on an OpenAI chunk's text that spares a passed-on stream parsing it (serve/translate-for-records.ts). */
import { describe, expect, it } from 'vitest';
import { mayHoldUsageOrError } from '../../../functions/providers/openai-compatible/may-hold-usage-or-error.ts';
import { OPENAI_COMPATIBLE_STREAMS, readRecordedLines } from '../../support/recorded.ts';

describe('mayHoldUsageOrError', () => {
  it.each(OPENAI_COMPATIBLE_STREAMS)('%s %s: says "may" of every recorded chunk that holds usage or an error', (provider, name) => {
    for (const line of readRecordedLines(provider, name)) {
      const chunk = JSON.parse(line) as { usage?: unknown; error?: unknown };
      if (chunk.usage || chunk.error) expect(mayHoldUsageOrError(line)).toBe(true);
    }
  });

  it("says no to OpenAI's content chunks, which carry `\"usage\":null` when usage is asked for", () => {
    const lines = readRecordedLines('openai', 'openai-text');
    const plain = lines.filter((line) => !(JSON.parse(line) as { usage: unknown }).usage);
    expect(plain.length).toBeGreaterThan(100);
    expect(plain.filter(mayHoldUsageOrError)).toEqual([]);
  });

  it('says yes to usage however it is spaced, to an error, and to content that merely spells either', () => {
    expect(mayHoldUsageOrError('{"choices":[],"usage":{"prompt_tokens":1}}')).toBe(true);
    expect(mayHoldUsageOrError('{"choices":[], "usage" : {"prompt_tokens":1}}')).toBe(true);
    expect(mayHoldUsageOrError('{"choices":[],"usage": null}')).toBe(true);
    expect(mayHoldUsageOrError('{"error":{"message":"overloaded"}}')).toBe(true);
    expect(mayHoldUsageOrError('{"choices":[{"delta":{"content":"usage"}}],"usage":null}')).toBe(true);
    expect(mayHoldUsageOrError('{"choices":[{"delta":{"content":"error"}}],"usage":null}')).toBe(true);
    // Inside a string, the quotes are escaped: the text never spells the key.
    expect(mayHoldUsageOrError('{"choices":[{"delta":{"content":"the \\"usage\\" and \\"error\\" keys"}}],"usage":null}')).toBe(false);
    expect(mayHoldUsageOrError('{"choices":[{"delta":{"content":"no usage, no error"}}]}')).toBe(false);
  });
});
