/**
 * Converse's JSON, checked into the typed wire shapes. The body comes from the network, so each
 * field is read for what it is rather than cast; block, delta and event kinds the gateway does
 * not translate come back as undefined so the translators can skip them.
 */
import { isJsonObject } from '../../core/is-json-object.ts';
import type { BedrockContentBlock, BedrockConverseResponse, BedrockDelta, BedrockStreamEvent, BedrockUsage } from './bedrock-api-types.ts';

type JsonObject = Record<string, unknown>;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);
const record = (value: unknown): JsonObject => (isJsonObject(value) ? value : {});

const USAGE_FIELDS = ['inputTokens', 'outputTokens', 'totalTokens', 'cacheReadInputTokens', 'cacheWriteInputTokens'] as const;

export function readUsage(value: unknown): BedrockUsage {
  const raw = record(value);
  const usage: BedrockUsage = {};
  for (const field of USAGE_FIELDS) {
    const n = count(raw[field]);
    if (n !== undefined) usage[field] = n;
  }
  return usage;
}

/** A `ContentBlock` union member: exactly one of its keys is set. */
function readContentBlock(value: unknown): BedrockContentBlock | undefined {
  const raw = record(value);
  if (typeof raw.text === 'string') return { kind: 'text', text: raw.text };
  if (isJsonObject(raw.toolUse)) {
    const use = raw.toolUse;
    return { kind: 'toolUse', toolUseId: str(use.toolUseId) ?? '', name: str(use.name) ?? '', input: use.input ?? {} };
  }
  const reasoning = record(raw.reasoningContent);
  const reasoningText = record(reasoning.reasoningText);
  const text = str(reasoningText.text);
  if (text !== undefined) {
    const signature = str(reasoningText.signature);
    return signature !== undefined ? { kind: 'reasoning', text, signature } : { kind: 'reasoning', text };
  }
  const redacted = str(reasoning.redactedContent);
  if (redacted !== undefined) return { kind: 'redacted-reasoning', data: redacted };
  return undefined;
}

/** A Converse response; undefined when the value is not one (no `output.message.content` list). */
export function readConverseResponse(value: unknown): BedrockConverseResponse | undefined {
  if (!isJsonObject(value)) return undefined;
  const content = record(record(value.output).message).content;
  if (!Array.isArray(content)) return undefined;
  const blocks: BedrockContentBlock[] = [];
  for (const block of content) {
    const known = readContentBlock(block);
    if (known) blocks.push(known);
  }
  return { content: blocks, stopReason: str(value.stopReason) ?? null, ...stopSequenceOf(value), usage: readUsage(value.usage) };
}

/** Claude's `stop_sequence`, which Converse returns among the model's own fields when asked (convert-to-bedrock-request.ts). */
function stopSequenceOf(value: JsonObject): { stopSequence?: string } {
  const stopSequence = str(record(value.additionalModelResponseFields).stop_sequence);
  return stopSequence === undefined ? {} : { stopSequence };
}

function readDelta(value: unknown): BedrockDelta | undefined {
  const raw = record(value);
  if (typeof raw.text === 'string') return { kind: 'text', text: raw.text };
  const input = str(record(raw.toolUse).input);
  if (input !== undefined) return { kind: 'toolUse', input };
  // A reasoning delta is one of `text`, `signature` (the block's last) and `redactedContent`.
  const reasoning = record(raw.reasoningContent);
  const text = str(reasoning.text);
  if (text !== undefined) return { kind: 'reasoning', text };
  const signature = str(reasoning.signature);
  if (signature !== undefined) return { kind: 'reasoning-signature', signature };
  const redacted = str(reasoning.redactedContent);
  if (redacted !== undefined) return { kind: 'redacted-reasoning', data: redacted };
  return undefined;
}

const index = (raw: JsonObject): number => count(raw.contentBlockIndex) ?? 0;

/** One ConverseStream event's payload, by its `:event-type`; undefined for an event the gateway ignores. */
export function readStreamEvent(eventType: string | undefined, value: unknown): BedrockStreamEvent | undefined {
  const raw = record(value);
  switch (eventType) {
    case 'messageStart':
      return { type: 'messageStart' };
    case 'contentBlockStart': {
      const use = record(record(raw.start).toolUse);
      const toolUseId = str(use.toolUseId);
      const name = str(use.name);
      return toolUseId !== undefined && name !== undefined
        ? { type: 'contentBlockStart', index: index(raw), toolUse: { toolUseId, name } }
        : { type: 'contentBlockStart', index: index(raw) };
    }
    case 'contentBlockDelta':
      return { type: 'contentBlockDelta', index: index(raw), delta: readDelta(raw.delta) };
    case 'contentBlockStop':
      return { type: 'contentBlockStop', index: index(raw) };
    case 'messageStop':
      return { type: 'messageStop', stopReason: str(raw.stopReason) ?? null, ...stopSequenceOf(raw) };
    case 'metadata':
      return { type: 'metadata', usage: isJsonObject(raw.usage) ? readUsage(raw.usage) : undefined };
    default:
      return undefined;
  }
}

/** An error payload's message: `{"message": ...}` (some AWS services spell it `Message`). */
export const readErrorMessage = (value: unknown): string | undefined => str(record(value).message) ?? str(record(value).Message);
