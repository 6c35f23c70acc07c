/**
 * Anthropic's JSON, checked into the typed wire shapes. The body comes from the network, so each
 * field is read for what it is rather than cast; unknown block, delta and event types come back as
 * undefined so the translators can skip them (Anthropic adds new ones without a version bump).
 */
import { isJsonObject } from '../../core/is-json-object.ts';
import type {
  AnthropicContentBlock,
  AnthropicDelta,
  AnthropicErrorDetail,
  AnthropicMessage,
  AnthropicStreamEvent,
  AnthropicUsage,
} from './anthropic-api-types.ts';

type JsonObject = Record<string, unknown>;



const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const count = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const record = (value: unknown): JsonObject => (isJsonObject(value) ? value : {});

export function readUsage(value: unknown): AnthropicUsage {
  const raw = record(value);
  const usage: AnthropicUsage = {};
  const input = count(raw.input_tokens);
  const output = count(raw.output_tokens);
  const cacheWrite = count(raw.cache_creation_input_tokens);
  const cacheRead = count(raw.cache_read_input_tokens);
  if (input !== undefined) usage.input_tokens = input;
  if (output !== undefined) usage.output_tokens = output;
  if (cacheWrite !== undefined) usage.cache_creation_input_tokens = cacheWrite;
  if (cacheRead !== undefined) usage.cache_read_input_tokens = cacheRead;
  return usage;
}

export function readContentBlock(value: unknown): AnthropicContentBlock | undefined {
  const raw = record(value);
  switch (raw.type) {
    case 'text':
      return { type: 'text', text: str(raw.text) ?? '' };
    case 'thinking':
      return { type: 'thinking', thinking: str(raw.thinking) ?? '', signature: str(raw.signature) ?? '' };
    case 'redacted_thinking':
      return { type: 'redacted_thinking', data: str(raw.data) ?? '' };
    case 'tool_use':
      return { type: 'tool_use', id: str(raw.id) ?? '', name: str(raw.name) ?? '', input: raw.input ?? {} };
    default:
      return undefined;
  }
}

function readDelta(value: unknown): AnthropicDelta | undefined {
  const raw = record(value);
  switch (raw.type) {
    case 'text_delta':
      return { type: 'text_delta', text: str(raw.text) ?? '' };
    case 'thinking_delta':
      return { type: 'thinking_delta', thinking: str(raw.thinking) ?? '' };
    case 'input_json_delta':
      return { type: 'input_json_delta', partial_json: str(raw.partial_json) ?? '' };
    case 'signature_delta':
      return { type: 'signature_delta', signature: str(raw.signature) ?? '' };
    default:
      return undefined;
  }
}

export function readErrorDetail(value: unknown): AnthropicErrorDetail {
  const raw = record(value);
  const detail: AnthropicErrorDetail = {};
  const type = str(raw.type);
  const message = str(raw.message);
  if (type !== undefined) detail.type = type;
  if (message !== undefined) detail.message = message;
  return detail;
}

/** A Message object; undefined when the value is not one (no `content` array). */
export function readMessage(value: unknown): AnthropicMessage | undefined {
  if (!isJsonObject(value) || !Array.isArray(value.content)) return undefined;
  const content: AnthropicContentBlock[] = [];
  for (const block of value.content) {
    const known = readContentBlock(block);
    if (known) content.push(known);
  }
  const message: AnthropicMessage = {
    id: str(value.id) ?? '',
    content,
    stop_reason: str(value.stop_reason) ?? null,
    usage: readUsage(value.usage),
  };
  const model = str(value.model);
  if (model !== undefined) message.model = model;
  const stopSequence = str(value.stop_sequence);
  if (stopSequence !== undefined) message.stop_sequence = stopSequence;
  return message;
}

const index = (raw: JsonObject): number => count(raw.index) ?? 0;

/** One stream event's `data`, already JSON-parsed; undefined for an event type the gateway ignores. */
export function readStreamEvent(value: unknown, eventName: string | undefined): AnthropicStreamEvent | undefined {
  const raw = record(value);
  // The data's `type` names the event; the SSE `event:` line says the same and is the fallback.
  switch (str(raw.type) ?? eventName) {
    case 'message_start':
      return {
        type: 'message_start',
        message: readMessage(raw.message) ?? { id: '', content: [], stop_reason: null, usage: {} },
      };
    case 'content_block_start':
      return { type: 'content_block_start', index: index(raw), content_block: readContentBlock(raw.content_block) };
    case 'content_block_delta':
      return { type: 'content_block_delta', index: index(raw), delta: readDelta(raw.delta) };
    case 'content_block_stop':
      return { type: 'content_block_stop', index: index(raw) };
    case 'message_delta': {
      const delta = record(raw.delta);
      const stopSequence = str(delta.stop_sequence);
      return {
        type: 'message_delta',
        delta: { stop_reason: str(delta.stop_reason) ?? null, ...(stopSequence !== undefined && { stop_sequence: stopSequence }) },
        usage: readUsage(raw.usage),
      };
    }
    case 'message_stop':
      return { type: 'message_stop' };
    case 'ping':
      return { type: 'ping' };
    case 'error':
      return { type: 'error', error: readErrorDetail(raw.error) };
    default:
      return undefined;
  }
}
