/**
 * A translated answer's output items, as the Responses API writes them, for the final and the
 * stream encoders alike: `reasoning` (its text as summary parts, and with the gateway's envelope
 * as `encrypted_content` when the client keeps reasoning), `message` (output_text and refusal
 * parts), and `function_call` or `custom_tool_call` under the names the client gave its tools.
 */
import type { ReasoningPart, RedactedReasoningPart, Signature } from '../../core/parts.ts';
import { customInput, type ToolOrigins } from './flatten-tools.ts';
import { encodeEnvelope } from './reasoning-envelope.ts';

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete';

export interface SummaryText {
  type: 'summary_text';
  text: string;
}
export interface ReasoningOutputItem {
  id: string;
  type: 'reasoning';
  summary: SummaryText[];
  encrypted_content?: string;
}
export interface OutputText {
  type: 'output_text';
  text: string;
  annotations: [];
  logprobs?: unknown[];
}
export interface OutputRefusal {
  type: 'refusal';
  refusal: string;
}
export interface MessageOutputItem {
  id: string;
  type: 'message';
  status: ItemStatus;
  role: 'assistant';
  content: Array<OutputText | OutputRefusal>;
}
export interface FunctionCallOutputItem {
  id: string;
  type: 'function_call';
  status: ItemStatus;
  call_id: string;
  name: string;
  namespace?: string;
  arguments: string;
}
export interface CustomToolCallOutputItem {
  id: string;
  type: 'custom_tool_call';
  status: ItemStatus;
  call_id: string;
  name: string;
  namespace?: string;
  input: string;
}
export type ToolCallOutputItem = FunctionCallOutputItem | CustomToolCallOutputItem;
export type OutputItem = ReasoningOutputItem | MessageOutputItem | ToolCallOutputItem;

export type ReasoningBlock = ReasoningPart | RedactedReasoningPart;

/** The summary parts of reasoning blocks: one per block of text. */
const summaryOf = (blocks: readonly ReasoningBlock[]): SummaryText[] =>
  blocks.flatMap((block) => (block.type === 'reasoning' && block.text !== '' ? [{ type: 'summary_text' as const, text: block.text }] : []));

/**
 * `envelope` when the client keeps reasoning (include `reasoning.encrypted_content`, or a stored
 * response): the blocks with their signatures, and the tool calls' signatures by call id.
 */
export function reasoningItem(id: string, blocks: readonly ReasoningBlock[], envelope?: { toolCalls: Record<string, Signature> }): ReasoningOutputItem {
  return { id, type: 'reasoning', summary: summaryOf(blocks), ...(envelope && { encrypted_content: encodeEnvelope({ blocks: [...blocks], toolCalls: envelope.toolCalls }) }) };
}

/** A tool call the model made, under the name and namespace the client gave the tool (flatten-tools.ts). */
export function toolCallItem(id: string, call: { callId: string; name: string; arguments: string }, origins: ToolOrigins, status: ItemStatus): ToolCallOutputItem {
  const origin = origins.get(call.name);
  const named = { call_id: call.callId, name: origin?.name ?? call.name, ...(origin?.namespace !== undefined && { namespace: origin.namespace }) };
  if (origin?.custom) return { id, type: 'custom_tool_call', status, ...named, input: customInput(call.arguments) };
  return { id, type: 'function_call', status, ...named, arguments: call.arguments };
}
