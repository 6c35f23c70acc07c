/**
 * OpenAI's message list as Gemini's `systemInstruction` and `contents`:
 * - system and developer messages, wherever they are, become the system instruction, in order;
 * - assistant turns are `model` contents, their tool calls `functionCall` parts carrying the
 *   thought signature the client echoed back;
 * - tool results are `functionResponse` parts in a `user` content, named after the call they answer
 *   (Gemini matches responses by function name, OpenAI by call id);
 * - consecutive contents of one role are merged, as Gemini expects user and model to alternate.
 */
import type { ChatMessage, ChatToolCall } from '../../chat/chat-request-schema.ts';
import { messageText } from '../../chat/message-text.ts';
import { invalidRequest } from '../../core/call-error.ts';
import type { GeminiContent, GeminiGenerateContentRequest, GeminiPart, GeminiRole } from './gemini-api-types.ts';
import { convertUserContentPart } from './convert-user-content-part.ts';

/**
 * Google's documented stand-in for a missing thought signature (history written by hand or by
 * another model): Gemini 3 rejects a turn whose first function call has no signature at all.
 */
export const SKIP_THOUGHT_SIGNATURE = 'skip_thought_signature_validator';

export type GeminiConversation = Pick<GeminiGenerateContentRequest, 'contents' | 'systemInstruction'>;

export function convertToGeminiContents(messages: readonly ChatMessage[]): GeminiConversation {
  const system: Array<{ text: string }> = [];
  const contents: GeminiContent[] = [];
  const toolNames = new Map<string, string>();

  const append = (role: GeminiRole, parts: GeminiPart[]) => {
    if (parts.length === 0) return;
    const last = contents.at(-1);
    if (last?.role === role) last.parts.push(...parts);
    else contents.push({ role, parts });
  };

  messages.forEach((message, i) => {
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = messageText(message.content);
        if (text !== '') system.push({ text });
        break;
      }
      case 'user':
        append(
          'user',
          typeof message.content === 'string'
            ? [{ text: message.content }]
            : message.content.map((part, k) => convertUserContentPart(part, `messages[${i}].content[${k}]`)),
        );
        break;
      case 'assistant': {
        const parts: GeminiPart[] = [];
        const text = messageText(message.content);
        if (text !== '') parts.push({ text });
        message.tool_calls?.forEach((call, j) => {
          toolNames.set(call.id, call.function.name);
          parts.push(functionCallPart(call, j === 0, `messages[${i}].tool_calls[${j}].function.arguments`));
        });
        append('model', parts);
        break;
      }
      case 'tool': {
        const name = toolNames.get(message.tool_call_id);
        if (name === undefined) {
          throw invalidRequest(
            `No earlier assistant message has a tool call with id '${message.tool_call_id}'; Gemini needs it to name the function this result belongs to.`,
            `messages[${i}].tool_call_id`,
          );
        }
        append('user', [{ functionResponse: { name, response: functionResponse(messageText(message.content)) } }]);
        break;
      }
    }
  });

  const conversation: GeminiConversation = { contents };
  if (system.length > 0) conversation.systemInstruction = { parts: system };
  return conversation;
}

function functionCallPart(call: ChatToolCall, first: boolean, param: string): GeminiPart {
  const part: GeminiPart = { functionCall: { name: call.function.name, args: parseArguments(call.function.arguments, param) } };
  const signature = call.extra_content?.google?.thought_signature;
  // In parallel calls only the first carries a signature; the others legitimately have none.
  if (signature) part.thoughtSignature = signature;
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

const isJsonObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
