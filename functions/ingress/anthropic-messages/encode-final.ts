/**
 * A finished answer rendered as Anthropic's Message, the non-streaming response body: the
 * reasoning blocks first (thinking with its Claude signature, redacted thinking), then the text,
 * then the tool calls, since a finished answer keeps each kind joined rather than the order the
 * blocks came in. Only the first answer exists in Messages.
 *
 * Reasoning from another model line keeps an empty signature, and signatures or redacted
 * reasoning of other issuers are left out, as the stream encoder does (encode-stream.ts).
 *
 * A tool call's `input` is an object in Messages. Arguments that are not a JSON object (a call cut
 * short by max_tokens, a provider's malformed JSON) are given as `{}`: a client runs a tool on
 * input it can parse, checks it against the tool's schema, and tells the model what is missing,
 * whereas text in `input` would break the client's own parsing of the answer.
 */
import { isJsonObject } from '../../core/is-json-object.ts';
import type { CallResult, ResultChoice } from '../../core/collect-result.ts';
import type { ReasoningPart, RedactedReasoningPart } from '../../core/parts.ts';
import { answerStopReason, type AnthropicStopReason } from './map-stop-reason.ts';
import { NO_USAGE, toAnthropicUsage, type AnthropicUsageObject } from './to-anthropic-usage.ts';

export type AnthropicResponseBlock =
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

/** In the order Anthropic writes its fields. */
export interface AnthropicMessage {
  model: string;
  id: string;
  type: 'message';
  role: 'assistant';
  content: AnthropicResponseBlock[];
  stop_reason: AnthropicStopReason;
  /** The stop sequence that matched, where the provider said which (Anthropic, Claude on Bedrock); else null. */
  stop_sequence: string | null;
  usage: AnthropicUsageObject;
}

/** `modelName` turns the provider's model name into the one the caller sees (`provider/<model>`). */
export function encodeFinal(result: CallResult, modelName: (upstreamModel: string) => string): AnthropicMessage {
  const choice = result.choices.find((candidate) => candidate.index === 0);
  return {
    model: modelName(result.model),
    id: result.id,
    type: 'message',
    role: 'assistant',
    content: choice ? contentOf(choice) : [],
    stop_reason: answerStopReason({ finish: choice?.finish ?? undefined, refused: !!choice?.refusal, calledTools: (choice?.toolCalls.length ?? 0) > 0 }),
    stop_sequence: choice?.finish?.stopSequence ?? null,
    usage: toAnthropicUsage(result.usage ?? NO_USAGE),
  };
}

function contentOf(choice: ResultChoice): AnthropicResponseBlock[] {
  const content = choice.reasoningBlocks.flatMap(reasoningBlock);
  if (choice.text) content.push({ type: 'text', text: choice.text });
  // Messages has no refusal block: the text says it, the stop reason marks it.
  if (choice.refusal) content.push({ type: 'text', text: choice.refusal });
  for (const call of choice.toolCalls) content.push({ type: 'tool_use', id: call.id, name: call.name, input: toolInput(call.arguments) });
  return content;
}

function reasoningBlock(block: ReasoningPart | RedactedReasoningPart): AnthropicResponseBlock[] {
  if (block.type === 'redacted-reasoning') return block.issuer === 'claude' ? [{ type: 'redacted_thinking', data: block.data }] : [];
  return [{ type: 'thinking', thinking: block.text, signature: block.signature?.issuer === 'claude' ? block.signature.value : '' }];
}

function toolInput(args: string): Record<string, unknown> {
  try {
    const input: unknown = JSON.parse(args);
    return isJsonObject(input) ? input : {};
  } catch {
    return {};
  }
}
