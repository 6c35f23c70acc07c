/**
 * The real provider responses recorded in test/fixtures/recorded (see its README for their source
 * and licence), and their stream lines as the event-source messages a provider's SSE framing yields.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EventSourceMessage } from 'eventsource-parser';
import type { StreamEvent } from '../../functions/core/stream-event.ts';
import type { StreamTranslator } from '../../functions/providers/provider-adapter.ts';

export const RECORDED_DIR = fileURLToPath(new URL('../fixtures/recorded/', import.meta.url));

export type RecordedProvider = 'anthropic' | 'deepseek' | 'gemini' | 'groq' | 'mistral' | 'openai' | 'xai';

/** The recorded streams of the OpenAI-compatible providers (chat completions), by provider and name. */
export const OPENAI_COMPATIBLE_STREAMS: ReadonlyArray<[RecordedProvider, string]> = [
  ['openai', 'openai-text'],
  ['deepseek', 'deepseek-text'],
  ['deepseek', 'deepseek-reasoning'],
  ['groq', 'groq-text'],
  ['groq', 'groq-tool-call'],
  ['mistral', 'mistral-text'],
  ['mistral', 'mistral-tool-call'],
  ['xai', 'xai-text'],
];

export const readRecordedJson = (provider: RecordedProvider, name: string): unknown =>
  JSON.parse(readFileSync(`${RECORDED_DIR}${provider}/${name}.json`, 'utf8'));

/** The stream's events, one JSON `data` payload a line, as recorded. */
export const readRecordedLines = (provider: RecordedProvider, name: string): string[] =>
  readFileSync(`${RECORDED_DIR}${provider}/${name}.chunks.txt`, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');

/** Anthropic's Messages API and OpenAI's Responses API name each event after its `type`, and end without `[DONE]`. */
const namesEvents = (provider: RecordedProvider, name: string) => provider === 'anthropic' || (provider === 'openai' && name.startsWith('responses-'));

/**
 * The messages an SSE parser yields for a recorded stream: Anthropic and OpenAI's Responses API
 * name each event after its `type`; Chat Completions streams end with `[DONE]`; Gemini sends bare
 * `data:` lines.
 */
export function recordedMessages(provider: RecordedProvider, name: string): EventSourceMessage[] {
  const lines = readRecordedLines(provider, name);
  if (namesEvents(provider, name)) {
    return lines.map((data) => ({ event: (JSON.parse(data) as { type: string }).type, data, id: undefined }));
  }
  const messages: EventSourceMessage[] = lines.map((data) => ({ event: undefined, data, id: undefined }));
  if (provider !== 'gemini') messages.push({ event: undefined, data: '[DONE]', id: undefined });
  return messages;
}

/** The raw bytes a provider would send for a recorded stream, framed as that provider frames it. */
export function recordedSseBody(provider: RecordedProvider, name: string): string {
  const lines = readRecordedLines(provider, name);
  if (namesEvents(provider, name)) {
    return lines.map((data) => `event: ${(JSON.parse(data) as { type: string }).type}\ndata: ${data}\n\n`).join('');
  }
  if (provider === 'gemini') return lines.map((data) => `data: ${data}\r\n\r\n`).join('');
  return lines.map((data) => `data: ${data}\n\n`).join('') + 'data: [DONE]\n\n';
}

export async function* toAsync<T>(items: Iterable<T>): AsyncGenerator<T> {
  yield* items;
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Runs a stream translator over messages as the gateway does: each message, then the end. */
export function translateStream(translator: StreamTranslator, messages: Iterable<EventSourceMessage>): StreamEvent[] {
  const events: StreamEvent[] = [];
  for (const message of messages) events.push(...translator.push(message));
  events.push(...translator.end());
  return events;
}
