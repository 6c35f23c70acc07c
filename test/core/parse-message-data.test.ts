import type { EventSourceMessage } from 'eventsource-parser';
import { describe, expect, it } from 'vitest';
import { parseMessageData } from '../../functions/core/parse-message-data.ts';

const message = (data: string): EventSourceMessage => ({ event: 'response.completed', data, id: undefined });

describe('parseMessageData', () => {
  it('parses a message once: every reader of the same message gets the same value', () => {
    const completed = message('{"type":"response.completed","response":{"id":"resp_1"}}');
    const first = parseMessageData(completed);
    expect(first).toEqual({ type: 'response.completed', response: { id: 'resp_1' } });
    expect(parseMessageData(completed)).toBe(first);
  });

  it('parses each message of its own, even with the same text', () => {
    const text = '{"type":"response.completed"}';
    expect(parseMessageData(message(text))).not.toBe(parseMessageData(message(text)));
  });

  it('throws for data that is not JSON, as JSON.parse does, every time it is asked', () => {
    const broken = message('{"type":');
    expect(() => parseMessageData(broken)).toThrow(SyntaxError);
    expect(() => parseMessageData(broken)).toThrow(SyntaxError);
  });
});
