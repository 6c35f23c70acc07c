/**
 * A tool result as a Gemini `functionResponse` part, named after the call it answers (Gemini
 * matches responses by function name, the call by call id).
 */
import { isJsonObject } from '../../chat/is-json-object.ts';
import { messageText } from '../../chat/message-text.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { ToolResultPart } from '../../core/parts.ts';
import type { GeminiPart } from './gemini-api-types.ts';

/** `toolNames` maps the earlier tool calls' ids to their function names; `param` names the message. */
export function convertToolResult(result: ToolResultPart, toolNames: ReadonlyMap<string, string>, param: string): GeminiPart[] {
  const name = toolNames.get(result.toolCallId);
  if (name === undefined) {
    throw invalidRequest(
      `No earlier assistant message has a tool call with id '${result.toolCallId}'; Gemini needs it to name the function this result belongs to.`,
      `${param}.tool_call_id`,
    );
  }
  return [{ functionResponse: { name, response: functionResponse(messageText(result.content)) } }];
}

/** Gemini wants an object: a JSON object result as is, anything else wrapped as `{result}`. */
function functionResponse(text: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(text);
    if (isJsonObject(parsed)) return parsed;
  } catch {
    // Plain text: wrapped below.
  }
  return { result: text };
}
