/**
 * warm-up/rehearsal-answer.ts: the rehearsal's in-memory provider answers as OpenAI does, so that
 * the first real answer is read by code that has already read objects of its shapes: its chunks
 * have the members of a recorded OpenAI stream's, in their order, and it comes as a chunked HTTP
 * response, an event a chunk.
 */
import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { beforeAll, describe, expect, it } from 'vitest';
import { rehearsalAnswer } from '../../functions/warm-up/rehearsal-answer.ts';
import { readRecordedLines } from '../support/recorded.ts';

/** The members of a JSON value, in order, all the way down; leaves become their type. */
type Shape = string | Shape[] | { [key: string]: Shape };
function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, member]) => [key, shapeOf(member)]));
  return value === null ? 'null' : typeof value;
}
const keysInOrder = (value: unknown): string[] => (value !== null && typeof value === 'object' ? Object.keys(value) : []);

/** A chunked body's chunks, as text. */
function dechunk(body: Buffer): string[] {
  const found: string[] = [];
  for (let at = 0; ; ) {
    const lineEnd = body.indexOf('\r\n', at);
    const size = Number.parseInt(body.subarray(at, lineEnd).toString('latin1'), 16);
    if (size === 0) return found;
    if (Number.isNaN(size)) throw new Error(`not a chunk size at byte ${at}`);
    const start = lineEnd + 2;
    found.push(body.subarray(start, start + size).toString('utf8'));
    expect(body.subarray(start + size, start + size + 2).toString('latin1')).toBe('\r\n');
    at = start + size + 2;
  }
}

let head: string;
let chunks: string[];
let messages: EventSourceMessage[];
let events: Array<Record<string, unknown> & { choices: Array<{ delta: object }>; usage: unknown }>;
const recorded = readRecordedLines('openai', 'openai-text').map((line) => JSON.parse(line) as (typeof events)[number]);

beforeAll(() => {
  const answer = rehearsalAnswer({ head: 'POST /v1/chat/completions HTTP/1.1\r\nhost: rehearsal.invalid', body: Buffer.from(JSON.stringify({ model: 'gpt-4.1-nano' })) });
  const headEnd = answer.indexOf('\r\n\r\n');
  head = answer.slice(0, headEnd);
  chunks = dechunk(Buffer.from(answer.slice(headEnd + 4), 'utf8'));
  messages = [];
  const parser = createParser({ onEvent: (message) => messages.push(message) });
  for (const chunk of chunks) parser.feed(chunk);
  events = messages.filter(({ data }) => data !== '[DONE]').map(({ data }) => JSON.parse(data) as (typeof events)[number]);
});

describe("the rehearsal's answer", () => {
  it('is a chunked event stream, an event a chunk, ending in [DONE]', () => {
    expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(head).toMatch(/^content-type: text\/event-stream; charset=utf-8$/m);
    expect(head).toMatch(/^transfer-encoding: chunked$/m);
    expect(head).not.toMatch(/^content-length:/m);
    expect(chunks).toHaveLength(messages.length);
    expect(messages.at(-1)!.data).toBe('[DONE]');
    // Enough text to run the per-chunk path as a short answer does.
    expect(events.filter((event) => { const delta = event.choices[0]?.delta; return delta !== undefined && 'content' in delta && delta.content !== ''; }).length).toBeGreaterThanOrEqual(10);
  });

  it("has the members of a recorded OpenAI stream's chunks, in their order", () => {
    const [first, ...rest] = events;
    const usage = events.at(-1)!;
    const finish = events.at(-2)!;
    const text = rest.slice(0, -2);
    expect(shapeOf(first)).toEqual(shapeOf(recorded[0]));
    for (const chunk of text) expect(shapeOf(chunk)).toEqual(shapeOf(recorded[1]));
    expect(shapeOf(finish)).toEqual(shapeOf(recorded.at(-2)));
    expect(shapeOf(usage)).toEqual(shapeOf(recorded.at(-1)));
    // Object.entries keeps the order: the shapes compare it only through their keys.
    for (const [ours, theirs] of [[first, recorded[0]], [usage, recorded.at(-1)]] as const) expect(keysInOrder(ours)).toEqual(keysInOrder(theirs));
    expect(keysInOrder(usage.usage)).toEqual(keysInOrder(recorded.at(-1)!.usage));
    expect(keysInOrder(first!.choices[0])).toEqual(keysInOrder(recorded[0]!.choices[0]));
  });

  it('names the model the request named', () => {
    expect(events.every((event) => event.model === 'gpt-4.1-nano')).toBe(true);
  });
});
