import { describe, expect, it } from 'vitest';
import { prefixChunkModel } from '../../../functions/ingress/openai-chat/prefix-chunk-model.ts';
import { readRecordedLines } from '../../support/recorded.ts';

describe('prefixChunkModel', () => {
  it("names every recorded OpenAI chunk's model provider/model, and changes nothing else", () => {
    for (const line of readRecordedLines('openai', 'openai-text')) {
      const chunk = JSON.parse(line) as { model: string };
      expect(JSON.parse(prefixChunkModel(line, 'openai/'))).toEqual({ ...chunk, model: `openai/${chunk.model}` });
    }
  });

  it('takes the chunk\'s own field, spaced or not, never content that spells one, and leaves a text without it as it is', () => {
    // Content before the field, to show it is never taken for it.
    const spelled = '{"choices":[{"delta":{"content":"say \\"model\\":\\"x\\""}}],"model":"gpt-4.1"}';
    expect(JSON.parse(prefixChunkModel(spelled, 'openai/'))).toEqual({ choices: [{ delta: { content: 'say "model":"x"' } }], model: 'openai/gpt-4.1' });
    expect(prefixChunkModel('{"id":"c", "model" : "gpt-4.1", "choices":[]}', 'openai/')).toBe('{"id":"c", "model" : "openai/gpt-4.1", "choices":[]}');
    expect(prefixChunkModel('[DONE]', 'openai/')).toBe('[DONE]');
    const error = '{"error":{"message":"The server had an error","type":"server_error"}}';
    expect(prefixChunkModel(error, 'openai/')).toBe(error);
  });
});
