/**
 * An assistant turn as the parts of a Gemini `model` content: its text, and its tool calls as
 * `functionCall` parts carrying the thought signature Gemini issued for them. Reasoning is left out
 * on purpose: Gemini's own comes back only as those signatures, and another model's (Claude's
 * thinking, signed or redacted) Gemini cannot verify. A block only another API can express (a
 * server tool's call or result) is left out with a note, as the history's loss of a detail, not of
 * the caller's question.
 */
import { isJsonObject } from '../../core/is-json-object.ts';
import { invalidRequest } from '../../core/call-error.ts';
import { leftOutNote } from '../../core/left-out-note.ts';
import type { AssistantPart, ToolCallPart } from '../../core/parts.ts';
import type { GeminiPart } from './gemini-api-types.ts';
import { GEMINI_PROVIDER } from './gemini-provider-name.ts';
import { nativeBlockName } from './native-block-name.ts';

/**
 * Google's documented stand-in for a missing thought signature (history written by hand or by
 * another model): Gemini 3 rejects a turn whose first function call has no signature at all.
 */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

/**
 * Records each tool call's function name in `toolNames`, for the results that answer it, and what
 * was left out in `notes`. `param` names the message.
 */
export function convertAssistantParts(parts: readonly AssistantPart[], toolNames: Map<string, string>, notes: Set<string>, param: string): GeminiPart[] {
  const converted: GeminiPart[] = [];
  // Adjacent text parts are one text part, as the message's text.
  let text = '';
  const flushText = () => {
    if (text !== '') converted.push({ text });
    text = '';
  };
  let calls = 0;
  for (const part of parts) {
    switch (part.type) {
      case 'text':
        text += part.text;
        break;
      case 'tool-call':
        flushText();
        toolNames.set(part.id, part.name);
        converted.push(functionCallPart(part, calls === 0, `${param}.tool_calls[${calls}].function.arguments`));
        calls++;
        break;
      case 'native':
        notes.add(leftOutNote({ kind: 'block', name: nativeBlockName(part), target: GEMINI_PROVIDER }));
        break;
      case 'reasoning':
      case 'redacted-reasoning':
        break;
      case 'refusal':
        // Left out, as when this read OpenAI's message text, which never includes the refusal.
        break;
    }
  }
  flushText();
  return converted;
}

function functionCallPart(call: ToolCallPart, first: boolean, param: string): GeminiPart {
  const part: GeminiPart = { functionCall: { name: call.name, args: parseArguments(call.arguments, param) } };
  // In parallel calls only the first carries a signature; the others legitimately have none.
  if (call.signature?.issuer === 'gemini') part.thoughtSignature = call.signature.value;
  else if (first) part.thoughtSignature = SKIP_THOUGHT_SIGNATURE;
  return part;
}

function parseArguments(text: string, param: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidRequest('Tool call arguments must be valid JSON.', param);
  }
  if (!isJsonObject(parsed)) throw invalidRequest('Tool call arguments must be a JSON object.', param);
  return parsed;
}
