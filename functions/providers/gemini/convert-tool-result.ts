/**
 * A tool result as a Gemini `functionResponse` part, named after the call it answers (Gemini
 * matches responses by function name, the call by call id). A failed tool's text goes under
 * `error`, the key Gemini reads as error details. Images and documents in the result follow it as
 * parts of the same user content, which every Gemini model reads (the response's own `parts` is
 * Gemini 3's only).
 */
import { isJsonObject } from '../../core/is-json-object.ts';
import { messageText } from './message-text.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { ToolResultPart } from '../../core/parts.ts';
import type { GeminiPart } from './gemini-api-types.ts';
import { convertUserContentPart } from './convert-user-content-part.ts';

/** `toolNames` maps the earlier tool calls' ids to their function names; `param` names the message. */
export function convertToolResult(result: ToolResultPart, toolNames: ReadonlyMap<string, string>, param: string): GeminiPart[] {
  const name = toolNames.get(result.toolCallId);
  if (name === undefined) {
    throw invalidRequest(
      `No earlier assistant message has a tool call with id '${result.toolCallId}'; Gemini needs it to name the function this result belongs to.`,
      `${param}.tool_call_id`,
    );
  }
  const text = messageText(result.content);
  const media = result.content.flatMap((part, m) => (part.type === 'text' ? [] : [convertUserContentPart(part, `${param}.content[${m}]`)]));
  return [{ functionResponse: { name, response: result.isError ? { error: text } : functionResponse(text) } }, ...media];
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
