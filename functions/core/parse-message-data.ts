/**
 * A stream message's data as JSON, parsed once however many read it. A Responses stream passed on
 * as sent is read twice at its end: by the provider's translator, for the usage and the finish,
 * and by the door, which stores the finished response. That event carries the whole response,
 * the instructions and tools a coding agent sends included (tens of kilobytes), so it is parsed
 * once and shared. What it gives is read, never changed.
 */
import type { EventSourceMessage } from 'eventsource-parser';

const parsed = new WeakMap<EventSourceMessage, unknown>();

/** `JSON.parse(message.data)`, remembered for as long as the message lives; throws as JSON.parse does. */
export function parseMessageData(message: EventSourceMessage): unknown {
  // JSON.parse never gives undefined: one lookup tells a parsed message from a new one.
  const known = parsed.get(message);
  if (known !== undefined) return known;
  const value: unknown = JSON.parse(message.data);
  parsed.set(message, value);
  return value;
}
